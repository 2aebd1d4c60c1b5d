"""Flags dataset texts that follow the wording of the AWS page they cite.

    python3 tests/audit/own_words.py --docs DIR > flagged.jsonl
    python3 tests/audit/own_words.py --docs DIR --unmatched > no-page.jsonl

Reads every statement `text`, duty `summary` and service `summary` in data/services/*.toml.
A statement is compared with the page its `source` cites (a URL, or an index into the file's
`[[sources]]`); a duty summary with the duty's `source` and its statements' pages; a service
summary with its `docs_url` and every page in `[[sources]]`.

`--docs DIR` is a folder of AWS documentation sources exported from the `awsdocs/<guide>`
repositories, one folder per repository: DIR/<repository>/.../<page>.md (or .adoc), as the
guides keep them under doc_source/. The URL-to-file rule is in `GUIDES` and `page_files`: the
URL's guide prefix names the repositories to look in, and the last part of its path, without
`.html`, names the file. No AWS text is kept in this repository; export it somewhere else.
Most of these repositories deleted their content when AWS archived them in 2023, so take the
newest commit that still has it, for example:

    git --git-dir=MIRROR archive COMMIT doc_source | tar -x -C DIR/amazon-rds-user-guide

Both sides are lowercased and cut into words (markdown links, anchors, escapes and tags are
dropped). A text is flagged when it shares a run of at least `MIN_RUN` consecutive words with a
page it is compared with. Each flagged text is one JSON line on stdout: service, duty, field,
index, text, source, run (the shared words) and run_length. The last line is a count:
{"counts": {"texts", "compared", "not_compared", "flagged"}}. With `--unmatched`, stdout
instead lists the texts that had no page to compare with, one JSON line each, and the count.
"""

import argparse
import json
import re
import sys
import tomllib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

DATA = Path(__file__).resolve().parents[2] / "data" / "services"

# Eight words in the same order rarely recur by chance; shorter runs are mostly product names
# and fixed phrases such as "AWS Key Management Service (AWS KMS) key".
MIN_RUN = 8

# URL prefix (host and path up to the page) -> awsdocs repositories that hold that guide.
GUIDES = {
    "docs.aws.amazon.com/securityhub/latest/userguide": ["aws-security-hub-user-guide"],
    "docs.aws.amazon.com/waf/latest/developerguide": ["aws-waf-and-shield-advanced-developer-guide"],
    "docs.aws.amazon.com/IAM/latest/UserGuide": ["iam-user-guide"],
    "docs.aws.amazon.com/opensearch-service/latest/developerguide": ["amazon-opensearch-service-developer-guide"],
    "docs.aws.amazon.com/AmazonRDS/latest/UserGuide": ["amazon-rds-user-guide"],
    "docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide": ["amazon-aurora-user-guide"],
    "docs.aws.amazon.com/AmazonS3/latest/userguide": ["amazon-s3-userguide"],
    "docs.aws.amazon.com/AWSEC2/latest/UserGuide": ["amazon-ec2-user-guide"],
    "docs.aws.amazon.com/ebs/latest/userguide": ["amazon-ec2-user-guide"],
    "docs.aws.amazon.com/lambda/latest/dg": ["aws-lambda-developer-guide"],
    "docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring": ["amazon-cloudwatch-user-guide"],
    "docs.aws.amazon.com/AmazonCloudWatch/latest/logs": ["amazon-cloudwatch-logs-user-guide"],
    "docs.aws.amazon.com/AmazonECS/latest/developerguide": ["amazon-ecs-developer-guide"],
    "docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide": ["amazon-ecs-bestpractices-guide"],
    "docs.aws.amazon.com/cognito/latest/developerguide": ["amazon-cognito-developer-guide"],
    "docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide": ["aws-cloudformation-user-guide"],
    "docs.aws.amazon.com/eks/latest/userguide": ["amazon-eks-user-guide"],
    "docs.aws.amazon.com/vpc/latest/userguide": ["amazon-vpc-user-guide"],
    "docs.aws.amazon.com/vpc/latest/peering": ["amazon-vpc-peering-guide"],
    "docs.aws.amazon.com/vpc/latest/tgw": ["aws-transit-gateway-guide"],
    "docs.aws.amazon.com/msk/latest/developerguide": ["amazon-msk-developer-guide"],
    "docs.aws.amazon.com/amazondynamodb/latest/developerguide": ["amazon-dynamodb-developer-guide"],
    "docs.aws.amazon.com/Route53/latest/DeveloperGuide": ["amazon-route53-docs"],
    "docs.aws.amazon.com/guardduty/latest/ug": ["amazon-guardduty-user-guide"],
    "docs.aws.amazon.com/elasticbeanstalk/latest/dg": ["aws-elastic-beanstalk-developer-guide"],
    "docs.aws.amazon.com/redshift/latest/mgmt": ["amazon-redshift-management-guide"],
    "docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide": ["amazon-cloudfront-developer-guide"],
    "docs.aws.amazon.com/awscloudtrail/latest/userguide": ["aws-cloudtrail-user-guide"],
    "docs.aws.amazon.com/systems-manager/latest/userguide": ["aws-systems-manager-user-guide"],
    "docs.aws.amazon.com/workspaces/latest/adminguide": ["amazon-workspaces-administration-guide"],
    "docs.aws.amazon.com/kms/latest/developerguide": ["aws-kms-developer-guide"],
    "docs.aws.amazon.com/appstream2/latest/developerguide": ["amazon-appstream2-developer-guide"],
    "docs.aws.amazon.com/apigateway/latest/developerguide": ["amazon-api-gateway-developer-guide"],
    "docs.aws.amazon.com/organizations/latest/userguide": ["aws-organizations-docs"],
    "docs.aws.amazon.com/secretsmanager/latest/userguide": ["aws-secrets-manager-docs"],
    "docs.aws.amazon.com/singlesignon/latest/userguide": ["aws-single-sign-on-user-guide"],
    "docs.aws.amazon.com/efs/latest/ug": ["amazon-efs-user-guide"],
    "docs.aws.amazon.com/fsx/latest/WindowsGuide": ["amazon-fsx-windows-user-guide"],
    "docs.aws.amazon.com/fsx/latest/ONTAPGuide": ["amazon-fsx-ontap-user-guide"],
    "docs.aws.amazon.com/fsx/latest/LustreGuide": ["amazon-fsx-lustre-user-guide"],
    "docs.aws.amazon.com/fsx/latest/OpenZFSGuide": ["amazon-fsx-openzfs-user-guide"],
    "docs.aws.amazon.com/elasticloadbalancing/latest/application": ["elb-application-load-balancers-user-guide"],
    "docs.aws.amazon.com/elasticloadbalancing/latest/network": ["elb-network-load-balancers-user-guide"],
    "docs.aws.amazon.com/elasticloadbalancing/latest/gateway": ["elb-gateway-load-balancers-user-guide"],
    "docs.aws.amazon.com/elasticloadbalancing/latest/classic": ["elb-classic-load-balancers-user-guide"],
    "docs.aws.amazon.com/elasticloadbalancing/latest/userguide": ["elb-user-guide"],
    "docs.aws.amazon.com/glue/latest/dg": ["aws-glue-developer-guide"],
    "docs.aws.amazon.com/awssupport/latest/user": ["aws-support-user-guide"],
    "docs.aws.amazon.com/firehose/latest/dev": ["amazon-kinesis-data-firehose-developer-guide"],
    "docs.aws.amazon.com/acm/latest/userguide": ["aws-certificate-user-guide"],
    "docs.aws.amazon.com/athena/latest/ug": ["amazon-athena-user-guide"],
    "docs.aws.amazon.com/config/latest/developerguide": ["aws-config-developer-guide"],
    "docs.aws.amazon.com/cloudhsm/latest/userguide": ["aws-cloudhsm-user-guide"],
    "docs.aws.amazon.com/sagemaker/latest/dg": ["amazon-sagemaker-developer-guide"],
    "docs.aws.amazon.com/ses/latest/dg": ["amazon-ses-developer-guide"],
    "docs.aws.amazon.com/sns/latest/dg": ["amazon-sns-developer-guide"],
    "docs.aws.amazon.com/cost-management/latest/userguide": ["aws-cost-management-user-guide"],
    "docs.aws.amazon.com/connect/latest/adminguide": ["amazon-connect-admin-guide"],
    "docs.aws.amazon.com/lightsail/latest/userguide": ["amazon-lightsail-developer-guide"],
    "docs.aws.amazon.com/greengrass/v2/developerguide": ["aws-iot-greengrass-v2-developer-guide"],
    "docs.aws.amazon.com/inspector/latest/user": ["amazon-inspector-user-guide"],
    "docs.aws.amazon.com/step-functions/latest/dg": ["aws-step-functions-developer-guide"],
    "docs.aws.amazon.com/privateca/latest/userguide": ["aws-private-ca-user-guide"],
    "docs.aws.amazon.com/managed-flink/latest/java": ["amazon-kinesis-data-analytics-developer-guide"],
    "docs.aws.amazon.com/macie/latest/user": ["macie-user-guide"],
    "docs.aws.amazon.com/snowball/latest/developer-guide": ["aws-snowball-developer-guide"],
    "docs.aws.amazon.com/dms/latest/userguide": ["aws-dms-user-guide"],
    "docs.aws.amazon.com/amazon-mq/latest/developer-guide": ["amazon-mq-developer-guide"],
    "docs.aws.amazon.com/datasync/latest/userguide": ["aws-datasync-user-guide"],
    "docs.aws.amazon.com/directoryservice/latest/admin-guide": ["aws-directory-service-admin-guide"],
    "docs.aws.amazon.com/AmazonECR/latest/userguide": ["amazon-ecr-user-guide"],
    "docs.aws.amazon.com/emr/latest/ManagementGuide": ["amazon-emr-management-guide"],
    "docs.aws.amazon.com/streams/latest/dev": ["amazon-kinesis-data-streams-developer-guide"],
    "docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide": ["amazon-sqs-developer-guide"],
    "docs.aws.amazon.com/cloud9/latest/user-guide": ["aws-cloud9-user-guide"],
    "docs.aws.amazon.com/codeartifact/latest/ug": ["aws-codeartifact-user-guide"],
    "docs.aws.amazon.com/gameliftservers/latest/developerguide": ["amazon-gamelift-developer-guide"],
    "docs.aws.amazon.com/launchwizard/latest/userguide": ["aws-launch-wizard-user-guide"],
    "docs.aws.amazon.com/servicecatalog/latest/adminguide": ["aws-service-catalog-admin-guide"],
    "docs.aws.amazon.com/amplify/latest/userguide": ["aws-amplify-console-user-guide"],
    "docs.aws.amazon.com/AmazonElastiCache/latest/red-ug": ["amazon-elasticache-docs"],
    "docs.aws.amazon.com/AmazonElastiCache/latest/dg": ["amazon-elasticache-docs"],
    "docs.aws.amazon.com/eventbridge/latest/userguide": ["amazon-eventbridge-user-guide"],
    "docs.aws.amazon.com/apprunner/latest/dg": ["aws-app-runner-developer-guide"],
    "docs.aws.amazon.com/vpn/latest/clientvpn-admin": ["aws-client-vpn-administrator-guide"],
    "docs.aws.amazon.com/vpn/latest/s2svpn": ["aws-site-to-site-vpn-user-guide"],
    "docs.aws.amazon.com/codebuild/latest/userguide": ["aws-codebuild-user-guide"],
    "docs.aws.amazon.com/managed-blockchain/latest/hyperledger-fabric-dev": ["amazon-managed-blockchain-hyperledger-fabric-developer-guide"],
    "docs.aws.amazon.com/mwaa/latest/userguide": ["amazon-mwaa-user-guide"],
    "docs.aws.amazon.com/personalize/latest/dg": ["amazon-personalize-developer-guide"],
    "docs.aws.amazon.com/codedeploy/latest/userguide": ["aws-codedeploy-user-guide"],
    "docs.aws.amazon.com/codepipeline/latest/userguide": ["aws-codepipeline-user-guide"],
    "docs.aws.amazon.com/amazonglacier/latest/dev": ["amazon-glacier-developer-guide"],
    "docs.aws.amazon.com/iot/latest/developerguide": ["aws-iot-docs"],
    "docs.aws.amazon.com/kendra/latest/dg": ["amazon-kendra-developer-guide"],
    "docs.aws.amazon.com/license-manager/latest/userguide": ["aws-license-manager-user-guide"],
    "docs.aws.amazon.com/medialive/latest/ug": ["aws-elemental-medialive-user-guide"],
    "docs.aws.amazon.com/transfer/latest/userguide": ["aws-transfer-user-guide"],
    "docs.aws.amazon.com/autoscaling/ec2/userguide": ["amazon-ec2-auto-scaling-user-guide"],
    "docs.aws.amazon.com/autoscaling/application/userguide": ["application-auto-scaling-user-guide"],
    "docs.aws.amazon.com/autoscaling/plans/userguide": ["aws-auto-scaling-user-guide"],
    "docs.aws.amazon.com/batch/latest/userguide": ["aws-batch-user-guide"],
    "docs.aws.amazon.com/codecommit/latest/userguide": ["aws-codecommit-user-guide"],
    "docs.aws.amazon.com/comprehend/latest/dg": ["amazon-comprehend-developer-guide"],
    "docs.aws.amazon.com/comprehend-medical/latest/dev": ["amazon-comprehend-medical-developer-guide"],
    "docs.aws.amazon.com/detective/latest/adminguide": ["amazon-detective-admin-guide"],
    "docs.aws.amazon.com/detective/latest/userguide": ["amazon-detective-user-guide"],
    "docs.aws.amazon.com/codeguru/latest/reviewer-ug": ["amazon-codeguru-reviewer-user-guide"],
    "docs.aws.amazon.com/codeguru/latest/profiler-ug": ["amazon-codeguru-profiler-user-guide"],
    "docs.aws.amazon.com/controltower/latest/userguide": ["aws-control-tower-guide"],
    "docs.aws.amazon.com/data-exchange/latest/userguide": ["aws-data-exchange-user-guide"],
    "docs.aws.amazon.com/devops-guru/latest/userguide": ["amazon-devops-guru-user-guide"],
    "docs.aws.amazon.com/mediaconnect/latest/ug": ["aws-elemental-mediaconnect-user-guide"],
    "docs.aws.amazon.com/mediaconvert/latest/ug": ["aws-elemental-mediaconvert-user-guide"],
    "docs.aws.amazon.com/mediapackage/latest/ug": ["aws-elemental-mediapackage-user-guide"],
    "docs.aws.amazon.com/mediapackage/latest/userguide": ["aws-elemental-mediapackage-user-guide"],
    "docs.aws.amazon.com/mediastore/latest/ug": ["aws-elemental-mediastore-user-guide"],
    "docs.aws.amazon.com/mediatailor/latest/ug": ["aws-elemental-mediatailor-user-guide"],
    "docs.aws.amazon.com/storagegateway/latest/tgw": ["amazon-tape-gateway-user-guide"],
    "docs.aws.amazon.com/storagegateway/latest/userguide": ["amazon-s3-file-gateway-user-guide", "aws-storagegateway-user-guide"],
    "docs.aws.amazon.com/xray/latest/devguide": ["aws-xray-developer-guide"],
    "docs.aws.amazon.com/app-mesh/latest/userguide": ["aws-app-mesh-user-guide"],
    "docs.aws.amazon.com/cur/latest/userguide": ["aws-cur-user-guide"],
    "docs.aws.amazon.com/cloudsearch/latest/developerguide": ["amazon-cloudsearch-developer-guide"],
    "docs.aws.amazon.com/datapipeline/latest/DeveloperGuide": ["aws-data-pipeline-developer-guide"],
    "docs.aws.amazon.com/polly/latest/dg": ["amazon-polly-developer-guide"],
    "docs.aws.amazon.com/ram/latest/userguide": ["aws-resource-access-manager-user-guide"],
    "docs.aws.amazon.com/rekognition/latest/dg": ["amazon-rekognition-developer-guide"],
    "docs.aws.amazon.com/workmail/latest/adminguide": ["amazon-workmail-administration-guide"],
    "docs.aws.amazon.com/lexv2/latest/dg": ["amazon-lexv2-developer-guide"],
    "docs.aws.amazon.com/lex/latest/dg": ["amazon-lex-developer-guide"],
    "docs.aws.amazon.com/m2/latest/userguide": ["aws-m2-user-guide"],
    "docs.aws.amazon.com/directconnect/latest/UserGuide": ["aws-direct-connect-user-guide"],
    "docs.aws.amazon.com/forecast/latest/dg": ["amazon-forecast-developer-guide"],
    "docs.aws.amazon.com/serverlessrepo/latest/devguide": ["aws-serverlessrepo-developer-guide"],
    "docs.aws.amazon.com/cloud-map/latest/dg": ["aws-cloud-map-developer-guide"],
    "docs.aws.amazon.com/transcribe/latest/dg": ["amazon-transcribe-developer-guide"],
    "docs.aws.amazon.com/appconfig/latest/userguide": ["aws-appconfig-user-guide"],
    "docs.aws.amazon.com/kinesisvideostreams/latest/dg": ["AWS-Kinesis-Video-Documentation"],
    "docs.aws.amazon.com/pinpoint/latest/developerguide": ["amazon-pinpoint-developer-guide"],
    "docs.aws.amazon.com/chime-sdk/latest/dg": ["amazon-chime-sdk-developer-guide"],
    "docs.aws.amazon.com/omics/latest/dev": ["amazon-omics-developer-guide"],
    "docs.aws.amazon.com/artifact/latest/ug": ["aws-artifact-user-guide"],
    "docs.aws.amazon.com/chatbot/latest/adminguide": ["aws-chatbot-admin-guide"],
    "docs.aws.amazon.com/codestar/latest/userguide": ["aws-codestar-user-guide"],
    "docs.aws.amazon.com/textract/latest/dg": ["amazon-textract-developer-guide"],
    "docs.aws.amazon.com/translate/latest/dg": ["amazon-translate-developer-guide"],
    "docs.aws.amazon.com/application-discovery/latest/userguide": ["amazon-application-discovery-user-guide"],
    "docs.aws.amazon.com/global-accelerator/latest/dg": ["aws-global-accelerator-dev-guide"],
    "docs.aws.amazon.com/iotanalytics/latest/userguide": ["aws-iotanalytics-developer-guide"],
    "docs.aws.amazon.com/iotevents/latest/developerguide": ["aws-iot-events-developer-guide"],
    "docs.aws.amazon.com/iot-twinmaker/latest/guide": ["aws-iot-twinmaker-docs"],
    "docs.aws.amazon.com/iot-sitewise/latest/userguide": ["aws-iot-sitewise-user-guide"],
    "docs.aws.amazon.com/opsworks/latest/userguide": ["aws-opsworks-user-guide"],
    "docs.aws.amazon.com/proton/latest/userguide": ["aws-proton-user-guide"],
    "docs.aws.amazon.com/migrationhub/latest/ug": ["amazon-migrationhub-user-guide"],
    "docs.aws.amazon.com/workdocs/latest/developerguide": ["amazon-workdocs-dev-guide"],
    "docs.aws.amazon.com/cli/latest/userguide": ["aws-cli-user-guide"],
    "docs.aws.amazon.com/elastictranscoder/latest/developerguide": ["amazon-transcoder-developer-guide"],
    "docs.aws.amazon.com/health/latest/ug": ["aws-personal-health-dashboard"],
    "docs.aws.amazon.com/marketplace/latest/userguide": ["aws-marketplace-user-guide-for-sellers"],
    "docs.aws.amazon.com/marketplace/latest/buyerguide": ["aws-marketplace-user-guide-for-buyers"],
    "docs.aws.amazon.com/healthlake/latest/devguide": ["amazon-healthlake-dev-guide"],
    "docs.aws.amazon.com/clouddirectory/latest/developerguide": ["amazon-cloud-directory-developer-guide"],
    "docs.aws.amazon.com/quicksight/latest/user": ["amazon-quicksight-user-guide"],
    "docs.aws.amazon.com/servicequotas/latest/userguide": ["service-quotas-user-guide"],
    "docs.aws.amazon.com/powershell/latest/userguide": ["aws-powershell-user-guide"],
    "docs.aws.amazon.com/cdk/v2/guide": ["aws-cdk-guide"],
}

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")


def words(text):
    """Lowercase words of a plain text; hyphens, slashes and punctuation split words."""
    return WORD.findall(text.lower().replace("’", "'"))


def strip_markup(source):
    """Markdown or AsciiDoc source to plain prose."""
    text = re.sub(r"<a name=\"[^\"]*\"></a>", " ", source)
    text = re.sub(r"\[\[[^\]]*\]\]|\[#[^\]]*\]", " ", text)  # AsciiDoc anchors
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](link)
    text = re.sub(r"(?:xref|link|https?):[^\[\s]*\[([^\]]*)\]", r"\1", text)  # AsciiDoc links
    text = re.sub(r"<<[^,>]*,([^>]*)>>", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = text.replace("\\", "")  # markdown escapes: \. \( \-
    return text


@lru_cache(maxsize=None)
def repo_index(docs, repo):
    """Page stem -> files, for one exported repository."""
    index = {}
    root = Path(docs) / repo
    if root.is_dir():
        for path in root.rglob("*"):
            if path.suffix in (".md", ".adoc") and path.is_file():
                # Each file once per key: a stem already in lowercase is one key, not two.
                for key in dict.fromkeys((path.stem, path.stem.lower())):
                    index.setdefault(key, []).append(path)
    return index


def page_files(docs, url):
    """Local files holding the page a URL names, or [] when none is exported."""
    parsed = urlparse(url)
    path = parsed.path.rstrip("/")
    prefix, _, page = path.rpartition("/")
    guide = parsed.netloc + prefix
    page = re.sub(r"\.html?$", "", page)
    repos = GUIDES.get(guide)
    if not repos or not page:
        return []
    for repo in repos:
        index = repo_index(docs, repo)
        found = index.get(page) or index.get(page.lower())
        if found:
            return found
    return []


@lru_cache(maxsize=None)
def page_words(files):
    out = []
    for path in files:
        out.extend(words(strip_markup(path.read_text(encoding="utf-8", errors="replace"))))
        out.append("\0")  # no run across two files
    return out


@lru_cache(maxsize=None)
def page_grams(files, n):
    seq = page_words(files)
    grams = {}
    for i in range(len(seq) - n + 1):
        grams.setdefault(tuple(seq[i : i + n]), []).append(i)
    return grams


def longest_run(text, files, n):
    """The longest run of >= n consecutive words the text shares with the page files."""
    ours = words(text)
    seq = page_words(files)
    grams = page_grams(files, n)
    best = []
    for i in range(len(ours) - n + 1):
        for p in grams.get(tuple(ours[i : i + n]), ()):
            k = n
            while i + k < len(ours) and p + k < len(seq) and ours[i + k] == seq[p + k]:
                k += 1
            if k > len(best):
                best = ours[i : i + k]
    return best


def resolve(source, sources):
    if isinstance(source, int):
        return sources[source]["url"] if 0 <= source < len(sources) else None
    return source


def texts():
    """(service, duty, field, index, text, [cited urls]) for every text in the dataset."""
    for path in sorted(DATA.glob("*.toml")):
        record = tomllib.loads(path.read_text(encoding="utf-8"))
        sources = record.get("sources", [])
        if record.get("summary"):
            urls = [record.get("docs_url")] + [s.get("url") for s in sources]
            yield record["id"], None, "service.summary", None, record["summary"], [u for u in urls if u]
        for entry in record.get("duties", []):
            statements = entry.get("statements", [])
            cited = [resolve(s.get("source"), sources) for s in statements]
            if entry.get("summary"):
                urls = [resolve(entry.get("source"), sources)] + cited
                yield record["id"], entry["id"], "duty.summary", None, entry["summary"], [u for u in urls if u]
            for index, statement in enumerate(statements):
                url = cited[index]
                yield record["id"], entry["id"], "statement.text", index, statement["text"], [url] if url else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", required=True, help="folder of exported awsdocs repositories")
    parser.add_argument("--unmatched", action="store_true", help="list the texts with no page instead")
    args = parser.parse_args()
    docs = str(Path(args.docs).resolve())
    counts = {"texts": 0, "compared": 0, "not_compared": 0, "flagged": 0}
    for service, duty, field, index, text, urls in texts():
        counts["texts"] += 1
        pages = [(u, tuple(page_files(docs, u))) for u in dict.fromkeys(urls)]
        pages = [(u, f) for u, f in pages if f]
        if not pages:
            counts["not_compared"] += 1
            if args.unmatched:
                line = {"service": service, "duty": duty, "field": field, "index": index, "text": text, "source": urls[:1]}
                print(json.dumps(line, ensure_ascii=False))
            continue
        counts["compared"] += 1
        best, best_url = [], None
        for url, files in pages:
            run = longest_run(text, files, MIN_RUN)
            if len(run) > len(best):
                best, best_url = run, url
        if best:
            counts["flagged"] += 1
            if not args.unmatched:
                line = {
                    "service": service, "duty": duty, "field": field, "index": index, "text": text,
                    "source": best_url, "run": " ".join(best), "run_length": len(best),
                }
                print(json.dumps(line, ensure_ascii=False))
    print(json.dumps({"counts": counts}))
    print(f"{counts['compared']} of {counts['texts']} texts compared with their page, "
          f"{counts['flagged']} flagged, {counts['not_compared']} had no page", file=sys.stderr)


if __name__ == "__main__":
    main()
