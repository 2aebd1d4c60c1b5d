//! The MCP tools: each deserializes its arguments into an operation's `*Params`
//! (`crate::ops`), runs it, and answers with short Markdown for a model to read plus a
//! structured copy for programs.
//!
//! | tool | operation | HTTP route |
//! |---|---|---|
//! | `answer_question` | `ops::answer` | `GET /v1/answer` |
//! | `lookup_service` | `ops::lookup` | `GET /v1/services/{key}` |
//! | `search_duties` | `ops::search` | `GET /v1/search` |
//! | `responsibility_matrix` | `ops::matrix` | `GET /v1/matrix` |
//! | `list_services` | `ops::list` | `GET /v1/services` |
//! | `architecture_matrix` | `ops::architecture` | `POST /v1/architecture` |
//!
//! Results are concise by default, because they land in a model's context: an answer is a few
//! lines; `lookup_service` lists the duties by owner and gives the statements only with
//! `detail: true`; `list_services` pages like the API.

use rmcp::handler::server::tool::{IntoCallToolResult, schema_for_output};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResponse, CallToolResult, ContentBlock};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::McpServer;
use super::error::error_text;
use crate::answer::Answer;
use crate::model::{Availability, Basis, Matrix, Owner, Service, ServiceModel};
use crate::ops::answer::{self, AnswerParams};
use crate::ops::architecture::{self, Architecture, ArchitectureParams};
use crate::ops::list::{self, ListParams, ServicePage};
use crate::ops::lookup::{self, LookupParams, ServiceDuties};
use crate::ops::matrix::{self, MatrixParams};
use crate::ops::search::{self, SearchParams, SearchResponse};
use crate::ops::{Format, RequestError, ServiceKeys};
use crate::render;

/// Text formats of `responsibility_matrix`.
const MATRIX_FORMATS: [Format; 2] = [Format::Json, Format::Markdown];

/// Arguments of `lookup_service`.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct LookupServiceArgs {
    #[serde(flatten)]
    params: LookupParams,
    /// true to include every duty's reason and the service-specific statements (each with
    /// its owner and Security Hub controls); false (the default) for the duties by owner.
    detail: Option<bool>,
}

/// Arguments of `responsibility_matrix`.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct ResponsibilityMatrixArgs {
    /// The services of the architecture, by id or alias, 1 to 100 of them, e.g.
    /// ["ec2", "rds", "s3"]. Repeats are dropped.
    services: ServiceKeys,
    /// How the text of the result is written: "markdown" (a table, the default) or "json".
    /// The structured content is the JSON matrix either way.
    #[schemars(extend("enum" = ["json", "markdown"]))]
    format: Option<String>,
}

/// One duty of `lookup_service`'s structured result.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct DutyBrief {
    id: String,
    title: String,
    area: String,
    owner: Owner,
    basis: Basis,
    /// With `detail`: why the owner is who it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    /// With `detail`: the service-specific facts, each with its own owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    statements: Option<Vec<StatementBrief>>,
}

/// One statement of a duty, with `detail`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct StatementBrief {
    owner: Owner,
    text: String,
    controls: Vec<String>,
    source: Option<String>,
}

/// The structured result of `lookup_service`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ServiceBrief {
    id: String,
    name: String,
    model: ServiceModel,
    category: String,
    summary: String,
    docs_url: String,
    reviewed: String,
    availability: Availability,
    duties: Vec<DutyBrief>,
}

impl ServiceBrief {
    fn of(view: &ServiceDuties<'_>, detail: bool) -> ServiceBrief {
        let service: &Service = view.service;
        ServiceBrief {
            id: service.id.clone(),
            name: service.name.clone(),
            model: service.model,
            category: service.category.clone(),
            summary: service.summary.clone(),
            docs_url: service.docs_url.clone(),
            reviewed: service.reviewed.clone(),
            availability: service.availability.clone(),
            duties: view
                .duties
                .iter()
                .map(|entry| DutyBrief {
                    id: entry.id.clone(),
                    title: entry.title.clone(),
                    area: entry.area.clone(),
                    owner: entry.owner,
                    basis: entry.basis,
                    summary: detail.then(|| entry.summary.clone()),
                    statements: detail.then(|| {
                        entry
                            .statements
                            .iter()
                            .map(|statement| StatementBrief {
                                owner: statement.owner,
                                text: statement.text.clone(),
                                controls: statement.controls.clone(),
                                source: statement.source.clone(),
                            })
                            .collect()
                    }),
                })
                .collect(),
        }
    }
}

/// A tool that ran and failed: the result has `isError: true` and text that starts with the
/// error's code, as every face names it.
pub(crate) enum ToolError {
    Request(RequestError),
    Internal(anyhow::Error),
}

impl From<RequestError> for ToolError {
    fn from(error: RequestError) -> Self {
        ToolError::Request(error)
    }
}

impl From<anyhow::Error> for ToolError {
    fn from(error: anyhow::Error) -> Self {
        ToolError::Internal(error)
    }
}

impl IntoCallToolResult for ToolError {
    fn into_call_tool_result(self) -> Result<CallToolResponse, rmcp::ErrorData> {
        let text = match self {
            ToolError::Request(error) => error_text(&error),
            ToolError::Internal(cause) => {
                tracing::error!(error = ?cause, "an MCP tool failed");
                "internal: Something went wrong on our side.".to_string()
            }
        };
        Ok(CallToolResult::error(vec![ContentBlock::text(text)]).into())
    }
}

/// A successful result: `text` for the model, `value` as structured content.
fn reply<T: Serialize>(value: &T, text: String) -> Result<CallToolResult, ToolError> {
    // Through text rather than `to_value`: `to_value` widens an `f32` (a confidence or a score)
    // to the nearest `f64` (0.9700000286102295), where the HTTP API writes the shortest form
    // (0.97), and the two must say the same.
    let structured = serde_json::to_string(value)
        .and_then(|text| serde_json::from_str(&text))
        .map_err(|error| ToolError::Internal(anyhow::Error::new(error)))?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    Ok(result)
}

#[tool_router(vis = "pub(crate)")]
impl McpServer {
    #[tool(
        name = "answer_question",
        title = "Answer a shared-responsibility question",
        description = "Answer a question about the AWS Shared Responsibility Model in plain \
language, such as \"who patches the OS on RDS?\" or \"is encrypting S3 data at rest my job?\". \
Returns the owner (aws, customer or shared; null when srmap is not sure or the question is not \
about AWS security), one or two sentences saying why, the service and duty the question is \
about, a confidence (the estimated probability that the owner is right), and the AWS \
documentation the answer rests on. Name the AWS service and the security task in the question; \
a question that names no service gets the general rule. Prefer this tool for who-does-what \
questions.",
        output_schema = schema_for_output::<Answer>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn answer_question(
        &self,
        Parameters(params): Parameters<AnswerParams>,
    ) -> Result<CallToolResult, ToolError> {
        let question = params.parse()?;
        let state = self.live.current();
        let answer = answer::run(&state, &question)?;
        reply(&answer, render::markdown::answer(&answer))
    }

    #[tool(
        name = "lookup_service",
        title = "Look up one service's duties",
        description = "Get one AWS service's security duties under the Shared Responsibility \
Model: its model (infrastructure, container or abstracted), a summary, the link to its security \
chapter, and every duty with its owner (aws, customer or shared), grouped by owner. With \
detail true, also each duty's reason and the service-specific statements (each with its own \
owner and the AWS Security Hub controls that check it). Find the service by id or any alias \
(\"s3\", \"Amazon S3\", \"Simple Storage Service\"). Filter by owner (\"customer\" lists what \
the customer must do) or by security area.",
        output_schema = schema_for_output::<ServiceBrief>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn lookup_service(
        &self,
        Parameters(args): Parameters<LookupServiceArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let state = self.live.current();
        let request = args.params.parse(&state.dataset)?;
        let view = lookup::run(&state.dataset, &request);
        let detail = args.detail.unwrap_or(false);
        reply(
            &ServiceBrief::of(&view, detail),
            render::markdown::service(&view, detail),
        )
    }

    #[tool(
        name = "search_duties",
        title = "Search duties and facts",
        description = "Full-text search over AWS services, the duty catalogue, duties as they \
apply to each service, and service-specific statements. Use it to find which services or facts \
mention something (\"maintenance window\", \"customer managed keys\", \"MFA\"), optionally only \
those with a given owner, security area, service model, category, service or kind. Returns \
ranked hits with their owner, service and duty ids, and a fragment, plus counts per owner and \
area. For a who-does-what question prefer answer_question.",
        output_schema = schema_for_output::<SearchResponse>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn search_duties(
        &self,
        Parameters(params): Parameters<SearchParams>,
    ) -> Result<CallToolResult, ToolError> {
        let state = self.live.current();
        let request = params.parse(&state.dataset)?;
        let output = search::run(&state, &request)?;
        reply(&output, render::markdown::search(&output))
    }

    #[tool(
        name = "responsibility_matrix",
        title = "Compare services duty by duty",
        description = "Build the responsibility matrix of an architecture: every security duty \
of the catalogue as a row, the given AWS services as columns, and in each cell who owns that \
duty on that service (aws, customer or shared; a * marks an owner that is the service model's \
default, not checked for that service). Use it to review a whole architecture or to see where \
the line moves between services (for example OS patching is the customer's on EC2 but AWS's on \
RDS). The text is a Markdown table unless format is \"json\".",
        output_schema = schema_for_output::<Matrix>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn responsibility_matrix(
        &self,
        Parameters(args): Parameters<ResponsibilityMatrixArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let format = crate::ops::format(args.format.as_deref(), &MATRIX_FORMATS, Format::Markdown)?;
        let state = self.live.current();
        let positions = MatrixParams {
            services: args.services,
        }
        .parse(&state.dataset)?;
        let matrix = matrix::run(&state.dataset, &positions);
        let text = match format {
            Format::Json => serde_json::to_string_pretty(&matrix)
                .map_err(|error| ToolError::Internal(anyhow::Error::new(error)))?,
            _ => render::markdown::matrix(&matrix),
        };
        reply(&matrix, text)
    }

    #[tool(
        name = "list_services",
        title = "List the services srmap knows",
        description = "List the AWS services srmap covers, a page at a time (50 by default), \
with their ids (to use in the other tools), short names, categories, models and availability, \
optionally only one category, one model (infrastructure: the customer runs the guest OS; \
container: AWS runs OS and platform; abstracted: AWS runs everything below the API) or one \
availability.",
        output_schema = schema_for_output::<ServicePage>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn list_services(
        &self,
        Parameters(params): Parameters<ListParams>,
    ) -> Result<CallToolResult, ToolError> {
        let state = self.live.current();
        let request = params.parse(&state.dataset)?;
        let page = list::run(&state.dataset, &request);
        reply(&page, render::markdown::services(&page))
    }

    #[tool(
        name = "architecture_matrix",
        title = "Duties of an architecture from its template",
        description = "Read an AWS architecture from its infrastructure code and say who owns \
each security duty on it. Give the text of a CloudFormation or SAM template (JSON or YAML, CDK \
output included) or of a Terraform plan or state (`terraform show -json`), at most 2 MiB. \
Returns the AWS services its resources use (each with the resources that bring it), resource \
types that name no service, and what the customer must do on each service (its customer and \
shared duties); the structured content also has the full responsibility matrix and the review \
of the seven questions a secure design answers, with the Security Hub controls that check the \
customer's duties. Use it when the user has a template rather than a list of services.",
        output_schema = schema_for_output::<Architecture>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn architecture_matrix(
        &self,
        Parameters(params): Parameters<ArchitectureParams>,
    ) -> Result<CallToolResult, ToolError> {
        let request = params.parse(None)?;
        let state = self.live.current();
        let architecture = architecture::run(&state.dataset, &request)?;
        reply(
            &architecture,
            render::markdown::architecture(&architecture, false),
        )
    }
}
