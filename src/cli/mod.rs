//! The command line: clap types and one `run_*` function per subcommand.
//!
//! Output goes to stdout and is either a readable table (default) or JSON (`--format json`)
//! for scripts; logs go to stderr. Exit codes: 0 success, 1 not found or invalid data (or any
//! other failure), 2 wrong usage (clap's own).

mod matrix;
mod output;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use crate::cache::DEFAULT_RESPONSE_CACHE_MB;
use crate::config::Settings;
use crate::index::SearchIndex;
use crate::model::Dataset;
use crate::ops::answer::AnswerParams;
use crate::ops::lookup::LookupParams;
use crate::ops::matrix::MatrixParams;
use crate::ops::search::SearchParams;
use crate::ops::{Param, ParamNames, RequestError, ServiceKeys, WholeNumber};
use crate::startup::Application;
use crate::state::{AppState, DataSource, LiveState};
use crate::telemetry::LogFormat;
use crate::{dataset, mcp, ops};

/// srmap: who secures what on AWS. Looks up the AWS Shared Responsibility Model per service.
#[derive(Debug, Parser)]
#[command(name = "srmap", version, about)]
pub struct Cli {
    /// Read the dataset from this folder instead of the copy built into the binary.
    #[arg(long, global = true, env = "SRMAP_DATA")]
    pub data: Option<PathBuf>,

    /// Merge this folder of the organisation's own files over the dataset (see README).
    #[arg(long, global = true, env = "SRMAP_OVERLAY")]
    pub overlay: Option<PathBuf>,

    /// How log lines on stderr are written.
    #[arg(
        long,
        global = true,
        env = "SRMAP_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// Output of the lookup commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// Output of `matrix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    Table,
    Json,
    Csv,
    Markdown,
    /// An Excel workbook: matrix, customer duties and resources sheets.
    Xlsx,
    /// An OSCAL 1.1.2 component definition (JSON).
    Oscal,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "SRMAP_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Keep the search index in this folder and reuse it while the dataset is unchanged.
        #[arg(long, env = "SRMAP_INDEX_DIR")]
        index_dir: Option<PathBuf>,
        /// HTTP worker threads (default: one per core).
        #[arg(long, env = "SRMAP_WORKERS")]
        workers: Option<usize>,
        /// Host names `/mcp` accepts besides localhost and the bind address, comma-separated
        /// (needed when binding 0.0.0.0 and reached by a DNS name).
        #[arg(long, env = "SRMAP_MCP_ALLOWED_HOSTS", value_delimiter = ',')]
        mcp_allowed_hosts: Vec<String>,
        /// Bearer token for `POST /admin/reload` (at least 16 characters); without it the
        /// route does not exist. Prefer the environment variable to keep it out of `ps`.
        #[arg(long, env = "SRMAP_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        /// Origins that browsers may call the API from, comma-separated, or `*` for any
        /// (default: none, CORS off).
        #[arg(
            long = "cors-origin",
            env = "SRMAP_CORS_ORIGINS",
            value_delimiter = ','
        )]
        cors_origins: Vec<String>,
        /// Seconds a client may take to send a request's headers.
        #[arg(long, env = "SRMAP_REQUEST_TIMEOUT", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=300))]
        request_timeout: u64,
        /// MiB of rendered search, answer and matrix responses to keep (0 turns the cache off).
        #[arg(long, env = "SRMAP_RESPONSE_CACHE_MB", default_value_t = crate::cache::DEFAULT_RESPONSE_CACHE_MB)]
        response_cache_mb: u64,
        /// Live MCP sessions `/mcp` keeps at most (protocol revisions with a handshake); an
        /// `initialize` beyond them gets 503.
        #[arg(long, env = "SRMAP_MCP_MAX_SESSIONS", default_value_t = crate::mcp::endpoint_defaults::MAX_SESSIONS, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        mcp_max_sessions: u64,
        /// Seconds after which an unused MCP session ends.
        #[arg(long, env = "SRMAP_MCP_SESSION_IDLE", default_value_t = crate::mcp::endpoint_defaults::SESSION_IDLE_SECONDS, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        mcp_session_idle: u64,
    },
    /// Show one service's duties, by id or any alias ("s3", "Amazon S3").
    Lookup {
        service: String,
        /// Only duties with this owner: aws, customer or shared.
        #[arg(long)]
        owner: Option<String>,
        /// Only duties of this security area (id or alias, e.g. "detective controls").
        #[arg(long)]
        area: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
    },
    /// Search services, duties and statements.
    Search {
        /// Words to look for.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only hits with this owner: aws, customer or shared.
        #[arg(long)]
        owner: Option<String>,
        /// Only hits of this security area (id or alias).
        #[arg(long)]
        area: Option<String>,
        /// Only hits of services of this model: infrastructure, container or abstracted.
        #[arg(long)]
        model: Option<String>,
        /// Only hits of services of this category.
        #[arg(long)]
        category: Option<String>,
        /// Only hits of this service (id or alias).
        #[arg(long)]
        service: Option<String>,
        /// Only hits of this kind: service, duty, entry or statement.
        #[arg(long)]
        kind: Option<String>,
        /// Hits per page, 1 to 500 (default 20).
        #[arg(long)]
        limit: Option<String>,
        /// Hits to skip (default 0).
        #[arg(long)]
        offset: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
    },
    /// Ask a question in plain language ("who patches the OS on RDS?").
    Ask {
        #[arg(required = true, num_args = 1..)]
        question: Vec<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Also print, on stderr, the best candidates the answer was chosen from.
        #[arg(long)]
        explain: bool,
    },
    /// Compare services duty by duty ("ec2 rds s3" or "ec2,rds,s3"), at most 100, or those
    /// of an architecture read from a template or plan (`--from`).
    Matrix {
        #[arg(required_unless_present = "from", conflicts_with = "from", num_args = 1..)]
        services: Vec<String>,
        /// A CloudFormation or SAM template (JSON or YAML) or a Terraform plan or state
        /// (`terraform show -json`); `-` reads it from stdin.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: MatrixFormat,
        /// Write to this file instead of stdout (an XLSX workbook is never written to a
        /// terminal).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Answer every question of labelled question files (JSON Lines) and report how many
    /// were right, confidently wrong, and how well confidence is calibrated.
    Eval {
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Rank by words alone, without the semantic ranking, to measure what it adds.
        #[arg(long)]
        lexical_only: bool,
    },
    /// Check the dataset and list every problem by file and field.
    Validate {
        /// Also print counts: statements, asks, documented and model-default duty cells
        /// (overall and for the most used services), services by availability.
        #[arg(long)]
        stats: bool,
    },
    /// Build the search index on disk for `serve --index-dir`.
    Index {
        #[arg(long, env = "SRMAP_INDEX_DIR", default_value = "index")]
        index_dir: PathBuf,
    },
    /// Serve MCP (Model Context Protocol) on stdin and stdout, for chat clients and agents.
    Mcp,
}

/// What a command's input was wrong with, in the CLI's words: `error[code]: message`, the
/// flag or argument named as `--help` names it.
#[derive(Debug, thiserror::Error)]
#[error("[{}] {}{}", .0.code(), .0.message(&CliNames), suggestions(.0))]
pub struct CliError(pub RequestError);

impl From<RequestError> for CliError {
    fn from(error: RequestError) -> Self {
        CliError(error)
    }
}

fn suggestions(error: &RequestError) -> String {
    match error.suggestions() {
        [] => String::new(),
        names => format!(" Did you mean: {}?", names.join(", ")),
    }
}

/// The CLI's names of each input.
struct CliNames;

impl ParamNames for CliNames {
    fn name(&self, param: Param) -> &'static str {
        match param {
            Param::Query => "QUERY",
            Param::Question => "QUESTION",
            Param::ServiceKey => "SERVICE",
            Param::ServiceFilter => "--service",
            Param::Services => "SERVICES",
            Param::Duty => "DUTY",
            Param::Owner => "--owner",
            Param::Area => "--area",
            Param::Model => "--model",
            Param::Category => "--category",
            Param::Kind => "--kind",
            Param::Availability => "--availability",
            Param::Limit => "--limit",
            Param::Offset | Param::Page => "--offset",
            Param::Format => "--format",
            Param::Template => "--from",
        }
    }
}

/// The exit code for a failed command: 1 when something named does not exist, the data is
/// invalid or anything else failed; 2 for input the command cannot take (as clap's usage
/// errors).
pub fn exit_code(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<CliError>() {
        Some(CliError(
            RequestError::ServiceNotFound { .. } | RequestError::DutyNotFound { .. },
        )) => 1,
        Some(_) => 2,
        None => 1,
    }
}

/// Runs the parsed command. `Err` means exit code 1; the message says why.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let source = DataSource {
        data_dir: cli.data.clone(),
        overlay_dir: cli.overlay.clone(),
        index_dir: None,
    };
    match cli.command {
        Command::Serve {
            bind,
            index_dir,
            workers,
            mcp_allowed_hosts,
            admin_token,
            cors_origins,
            request_timeout,
            response_cache_mb,
            mcp_max_sessions,
            mcp_session_idle,
        } => run_serve(Settings {
            bind,
            data_dir: cli.data,
            overlay_dir: cli.overlay,
            index_dir,
            workers,
            mcp_allowed_hosts,
            admin_token,
            cors_origins,
            request_timeout: std::time::Duration::from_secs(request_timeout),
            response_cache_mb,
            mcp_limits: mcp::McpLimits {
                max_sessions: usize::try_from(mcp_max_sessions).unwrap_or(usize::MAX),
                session_idle: std::time::Duration::from_secs(mcp_session_idle),
            },
        }),
        Command::Validate { stats } => run_validate(&source, stats),
        Command::Index { index_dir } => run_index(&source, index_dir),
        Command::Lookup {
            service,
            owner,
            area,
            format,
        } => run_lookup(
            &load(&source)?,
            LookupParams {
                service,
                owner,
                area,
            },
            format,
        ),
        Command::Search {
            query,
            owner,
            area,
            model,
            category,
            service,
            kind,
            limit,
            offset,
            format,
        } => {
            let params = SearchParams {
                query: Some(query.join(" ")),
                owner,
                area,
                model,
                category,
                service,
                kind,
                limit: limit.map(WholeNumber::new),
                offset: offset.map(WholeNumber::new),
            };
            run_search(load_indexed(&source)?, &params, format)
        }
        Command::Ask {
            question,
            format,
            explain,
        } => run_ask(
            load_indexed_for_answers(&source)?,
            &AnswerParams {
                question: Some(question.join(" ")),
            },
            format,
            explain,
        ),
        Command::Matrix {
            services,
            from,
            format,
            output,
        } => {
            let dataset = load(&source)?;
            let subject = match from {
                Some(path) => matrix::Subject::Template(path),
                None => matrix::Subject::Services(MatrixParams {
                    services: ServiceKeys(services),
                }),
            };
            matrix::run(&dataset, subject, format, output.as_deref())
        }
        Command::Mcp => run_mcp(load_indexed(&source)?, source),
        Command::Eval {
            files,
            format,
            lexical_only,
        } => run_eval(
            load_indexed_for_answers(&source)?,
            &files,
            format,
            if lexical_only {
                crate::answer::Ranking::LexicalOnly
            } else {
                crate::answer::Ranking::Fused
            },
        ),
    }
}

/// As [`load_indexed`], with the embedding model read on a thread of its own meanwhile: the
/// commands that answer questions need both.
fn load_indexed_for_answers(source: &DataSource) -> anyhow::Result<(Dataset, SearchIndex)> {
    crate::index::load_model_in_background();
    load_indexed(source)
}

/// Reads and checks the dataset of `source`; the inner error is an invalid dataset.
fn read(source: &DataSource) -> anyhow::Result<Result<Dataset, crate::model::ValidationError>> {
    dataset::load(source.data_dir.as_deref(), source.overlay_dir.as_deref())
}

/// The dataset of `source`; the embedded one as the build checked it.
fn load(source: &DataSource) -> anyhow::Result<Dataset> {
    if source.data_dir.is_none()
        && source.overlay_dir.is_none()
        && let Some(dataset) = dataset::prebuilt_dataset()
    {
        return Ok(dataset);
    }
    read(source)?.context("the dataset is invalid")
}

/// The dataset of `source` with its index (the build's own for the embedded dataset).
fn load_indexed(source: &DataSource) -> anyhow::Result<(Dataset, SearchIndex)> {
    crate::state::load_indexed(source)?.context("the dataset is invalid")
}

/// Writes `text` to stdout. A closed pipe (`srmap ... | head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(error).context("writing to stdout")
        }
        _ => Ok(()),
    }
}

fn emit_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value).context("writing JSON")?;
    text.push('\n');
    emit(&text)
}

fn run_serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let application = Application::build(&settings)?;
        tracing::info!(bind = %settings.bind, port = application.port(), "serving");
        application
            .run_until_stopped()
            .await
            .context("serving HTTP")
    })
}

fn run_validate(source: &DataSource, stats: bool) -> anyhow::Result<()> {
    match read(source)? {
        Ok(dataset) => {
            let mut text = format!(
                "ok: dataset {} ({}) with {} services, {} duties\n",
                dataset.version,
                dataset.date,
                dataset.services.len(),
                dataset.duties.len()
            );
            if stats {
                text.push_str(&crate::model::DatasetStats::of(&dataset).to_text());
            }
            emit(&text)
        }
        Err(error) => Err(error.into()),
    }
}

fn run_index(source: &DataSource, index_dir: PathBuf) -> anyhow::Result<()> {
    let dataset = load(source)?;
    let (index, rebuilt) = SearchIndex::open_or_build(&dataset, &index_dir)
        .with_context(|| format!("writing the index to {}", index_dir.display()))?;
    let what = if rebuilt { "built" } else { "up to date" };
    emit(&format!(
        "{what}: {} documents in {}\n",
        index.num_docs(),
        index_dir.display()
    ))
}

fn run_lookup(dataset: &Dataset, params: LookupParams, format: OutputFormat) -> anyhow::Result<()> {
    let request = params.parse(dataset).map_err(CliError)?;
    let view = ops::lookup::run(dataset, &request);
    match format {
        OutputFormat::Json => emit_json(&view.record()),
        OutputFormat::Table => emit(&output::service_table(view.service, &view.duties)),
    }
}

fn run_search(
    (dataset, index): (Dataset, SearchIndex),
    params: &SearchParams,
    format: OutputFormat,
) -> anyhow::Result<()> {
    let request = params.parse(&dataset).map_err(CliError)?;
    let state = AppState::new(dataset, index, 0.0, DEFAULT_RESPONSE_CACHE_MB);
    let results = ops::search::run(&state, &request).context("searching")?;
    let printed = match format {
        OutputFormat::Json => emit_json(&results),
        OutputFormat::Table => emit(&output::search_table(&results)),
    };
    exit_without_freeing(state);
    printed
}

fn run_ask(
    (dataset, index): (Dataset, SearchIndex),
    params: &AnswerParams,
    format: OutputFormat,
    explain: bool,
) -> anyhow::Result<()> {
    let question = params.parse().map_err(CliError)?;
    let (reply, explanation) =
        crate::answer::answer_explained(&dataset, &index, &question).context("answering")?;
    if explain {
        eprintln!("   fused  lexical  meaning  kind       duty                          owner");
        for candidate in &explanation.candidates {
            eprintln!(
                "{:>8.4}  {:>7.2}  {:>7.3}  {:<9}  {:<28}  {:<8}  {}",
                candidate.fused,
                candidate.lexical,
                candidate.semantic,
                candidate.kind.as_str(),
                candidate.duty_id.as_deref().unwrap_or("-"),
                candidate.owner.map(|o| o.as_str()).unwrap_or("-"),
                candidate.text.chars().take(80).collect::<String>()
            );
        }
        eprintln!("matched words: {}", explanation.matched_words.join(" "));
        eprintln!("features: {:?}", explanation.features);
    }
    let printed = match format {
        OutputFormat::Json => emit_json(&reply),
        OutputFormat::Table => emit(&output::answer_text(&reply)),
    };
    exit_without_freeing((dataset, index));
    printed
}

/// Leaves what a one-shot command loaded for the process's end to reclaim: freeing the
/// index's many small allocations one by one took about a tenth of an `srmap ask`.
fn exit_without_freeing<T>(loaded: T) {
    std::mem::forget(loaded);
}

fn run_eval(
    (dataset, index): (Dataset, SearchIndex),
    files: &[PathBuf],
    format: OutputFormat,
    ranking: crate::answer::Ranking,
) -> anyhow::Result<()> {
    let mut reports = std::collections::BTreeMap::new();
    for file in files {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let questions = crate::eval::parse_questions(&text)
            .with_context(|| format!("reading {}", file.display()))?;
        let mut outcomes = Vec::new();
        for question in &questions {
            let (reply, explanation) =
                crate::answer::answer_ranked(&dataset, &index, &question.q, ranking)
                    .context("answering")?;
            outcomes.push(crate::eval::Outcome::score(
                question,
                &reply,
                explanation.features,
            ));
        }
        reports.insert(
            file.display().to_string(),
            crate::eval::Report::new(outcomes),
        );
    }
    match format {
        OutputFormat::Json => emit_json(&reports),
        OutputFormat::Table => {
            let mut text = String::new();
            for (file, report) in &reports {
                text.push_str(&format!("== {file}\n{}\n", report.to_table()));
            }
            emit(&text)
        }
    }
}

/// Serves MCP on stdio until the client closes stdin. stdout carries only protocol messages;
/// logs go to stderr like every command's.
fn run_mcp((dataset, index): (Dataset, SearchIndex), source: DataSource) -> anyhow::Result<()> {
    let state = AppState::new(dataset, index, 0.0, DEFAULT_RESPONSE_CACHE_MB);
    let state = Arc::new(LiveState::with_state(state, source));
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(mcp::serve_stdio(state))
}
