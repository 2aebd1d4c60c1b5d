//! Criterion benchmarks of the engine without HTTP: building the index from the embedded
//! dataset, resolving service names, search, answers and matrices.
//!
//! Run with `cargo bench --bench engine`; figures are recorded in `benches/README.md`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use srmap::index::{SearchIndex, SearchRequest};
use srmap::model::{Dataset, Matrix, Service};
use srmap::ops::search::DEFAULT_LIMIT;

/// Ten searches of the kinds people type: service and duty words, a misspelling, a control id,
/// a phrase, and a query with filters.
const SEARCHES: [&str; 10] = [
    "dynamodb encryption",
    "who patches rds",
    "Amazon Simple Storage Service bucket policy",
    "dynamdb encrypshun",
    "security group inbound rules",
    "S3.1",
    "\"maintenance window\"",
    "key rotation kms",
    "lambda runtime update",
    "cloudtrail log file integrity validation",
];

/// Ten questions of the kinds people and chatbots ask.
const QUESTIONS: [&str; 10] = [
    "who patches the OS on RDS",
    "who is on the hook for encrypting my DynamoDB tables",
    "who sets the firewall rules for EC2 instances",
    "who rotates the keys for a customer managed KMS key",
    "who investigates a breach in my account",
    "lamba function in Manual runtime update mode - who moves it to a new runtime version?",
    "Who patches the worker nodes of an EKS managed node group?",
    "Power and cooling in AWS data centres: AWS or me?",
    "Overall, is security for Amazon Athena AWS's job, mine, or shared?",
    "S3 Block Public Access settings - who configures them?",
];

fn load_dataset() -> Dataset {
    srmap::dataset::load(None, None)
        .expect("the embedded files are readable")
        .expect("the embedded dataset is valid")
}

fn services(dataset: &Dataset, count: usize) -> Vec<&Service> {
    dataset.services.iter().take(count).collect()
}

fn benchmarks(c: &mut Criterion) {
    let dataset = load_dataset();
    let index = SearchIndex::build_in_ram(&dataset).expect("the index builds");

    c.bench_function("index/build_in_ram", |b| {
        b.iter(|| SearchIndex::build_in_ram(black_box(&dataset)).expect("the index builds"))
    });
    c.bench_function("dataset/load_and_validate", |b| b.iter(load_dataset));
    c.bench_function("alias/resolve_10_names", |b| {
        b.iter(|| {
            for name in [
                "s3",
                "Amazon S3",
                "Simple Storage Service",
                "s3api",
                "ec2",
                "aws lambda",
                "NAT gateway",
                "Amazon Elastic Kubernetes Service",
                "es",
                "cognito-idp",
            ] {
                black_box(dataset.service(black_box(name)));
            }
        })
    });
    c.bench_function("search/10_queries", |b| {
        b.iter(|| {
            for query in SEARCHES {
                let request = SearchRequest {
                    query: query.to_string(),
                    limit: DEFAULT_LIMIT,
                    ..SearchRequest::default()
                };
                black_box(index.search(&request).expect("search runs"));
            }
        })
    });
    c.bench_function("answer/10_questions", |b| {
        b.iter(|| {
            for question in QUESTIONS {
                black_box(srmap::answer::answer(&dataset, &index, question).expect("answer runs"));
            }
        })
    });
    let three = services(&dataset, 3);
    let thirty = services(&dataset, 30);
    c.bench_function("matrix/3_services", |b| {
        b.iter(|| black_box(Matrix::for_services(&dataset, black_box(&three))))
    });
    c.bench_function("matrix/30_services", |b| {
        b.iter(|| black_box(Matrix::for_services(&dataset, black_box(&thirty))))
    });
    for (name, query) in [
        ("search/one/dynamodb_encryption", SEARCHES[0]),
        ("search/one/typo", SEARCHES[3]),
    ] {
        c.bench_function(name, |b| {
            let request = SearchRequest {
                query: query.to_string(),
                limit: DEFAULT_LIMIT,
                ..SearchRequest::default()
            };
            b.iter(|| black_box(index.search(&request).expect("search runs")))
        });
    }
    c.bench_function("answer/one/rds_os", |b| {
        b.iter(|| {
            black_box(srmap::answer::answer(&dataset, &index, QUESTIONS[0]).expect("answer runs"))
        })
    });
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = benchmarks
}
criterion_main!(engine);
