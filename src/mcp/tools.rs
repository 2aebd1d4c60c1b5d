//! The MCP tools: each takes JSON arguments described by a schema, checks them as the HTTP API
//! checks its parameters (the same [`ApiError`] codes), calls the same code as the matching
//! route, and answers with Markdown text for a model to read plus the route's JSON as
//! structured content.
//!
//! | tool | HTTP route it matches |
//! |---|---|
//! | `answer_question` | `GET /v1/answer` |
//! | `lookup_service` | `GET /v1/services/{key}` (duties filtered as `/duties` filters them) |
//! | `search_duties` | `GET /v1/search` |
//! | `responsibility_matrix` | `GET /v1/matrix` |
//! | `list_services` | `GET /v1/services` (every match, no paging) |

use std::fmt::Write;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::{IntoCallToolResult, schema_for_output};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResponse, CallToolResult, ContentBlock};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::McpServer;
use crate::answer::Answer;
use crate::api::params::{self, Format};
use crate::api::{ApiError, SearchResponse};
use crate::index::{DEFAULT_LIMIT, MAX_LIMIT, SearchRequest};
use crate::model::{DutyEntry, Matrix, Owner, Service, ServiceModel};

/// How rmcp begins the tool error it returns for arguments that do not fit the input schema.
const ARGUMENT_ERROR_PREFIX: &str = "failed to deserialize parameters:";

/// Text formats of `responsibility_matrix`.
const MATRIX_FORMATS: [Format; 2] = [Format::Json, Format::Markdown];

/// Arguments of `answer_question`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerQuestionArgs {
    /// The question in plain language, naming the AWS service and the security task, e.g.
    /// "who patches the OS on RDS?" or "who encrypts data at rest in S3?". At most 1000
    /// characters.
    question: String,
}

/// Arguments of `lookup_service`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LookupServiceArgs {
    /// The service's id (its AWS SDK client name: "s3", "ec2", "cognito-idp") or any alias
    /// ("Amazon S3", "Simple Storage Service", "s3api"); case and spacing do not matter.
    service: String,
    /// Only duties with this owner: "aws", "customer" or "shared".
    #[schemars(extend("enum" = ["aws", "customer", "shared", null]))]
    owner: Option<String>,
    /// Only duties of this Well-Architected security area: "security-foundations",
    /// "identity-and-access-management", "detection", "infrastructure-protection",
    /// "data-protection", "incident-response" or "application-security" (aliases such as
    /// "detective controls" work too).
    area: Option<String>,
}

/// Arguments of `search_duties`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchDutiesArgs {
    /// Words to look for, e.g. "rds encryption" or "maintenance window". At most 1000
    /// characters; query syntax characters are ignored.
    query: String,
    /// Only hits with this owner: "aws", "customer" or "shared".
    #[schemars(extend("enum" = ["aws", "customer", "shared", null]))]
    owner: Option<String>,
    /// Only hits of this security area (id or alias, e.g. "data-protection").
    area: Option<String>,
    /// Only hits of services of this model: "infrastructure", "container" or "abstracted".
    #[schemars(extend("enum" = ["infrastructure", "container", "abstracted", null]))]
    model: Option<String>,
    /// Only hits of services of this category id (see `list_services`), e.g. "database".
    category: Option<String>,
    /// Only hits of this service (id or alias).
    service: Option<String>,
    /// Only hits of this kind: "service", "duty" (catalogue entry), "entry" (a duty on one
    /// service) or "statement" (a service-specific fact).
    #[schemars(extend("enum" = ["service", "duty", "entry", "statement", null]))]
    kind: Option<String>,
    /// Hits per page, from 1 to 500; 20 when absent.
    #[schemars(range(min = 1, max = 500))]
    limit: Option<i64>,
    /// Hits to skip before the page starts; 0 when absent.
    #[schemars(range(min = 0))]
    offset: Option<i64>,
}

/// Arguments of `responsibility_matrix`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResponsibilityMatrixArgs {
    /// The services of the architecture, by id or alias, 1 to 100 of them, e.g.
    /// ["ec2", "rds", "s3"]. Repeats are dropped.
    services: Vec<String>,
    /// How the text of the result is written: "markdown" (a table, the default) or "json".
    /// The structured content is the JSON matrix either way.
    #[schemars(extend("enum" = ["json", "markdown", null]))]
    format: Option<String>,
}

/// Arguments of `list_services`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListServicesArgs {
    /// Only services of this category id, e.g. "database", "storage", "compute".
    category: Option<String>,
    /// Only services of this model: "infrastructure" (the customer runs the guest OS),
    /// "container" (AWS runs OS and platform) or "abstracted" (AWS runs everything below the
    /// API).
    #[schemars(extend("enum" = ["infrastructure", "container", "abstracted", null]))]
    model: Option<String>,
}

/// One service of `list_services`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ServiceSummary {
    id: String,
    name: String,
    short_name: String,
    category: String,
    model: ServiceModel,
}

/// Result of `list_services`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ServiceList {
    total: usize,
    items: Vec<ServiceSummary>,
}

/// A tool that ran and failed: the result has `isError: true` and text that starts with the
/// error's code, as the HTTP API names it.
pub(crate) struct ToolError(ApiError);

impl From<ApiError> for ToolError {
    fn from(error: ApiError) -> Self {
        ToolError(error)
    }
}

impl IntoCallToolResult for ToolError {
    fn into_call_tool_result(self) -> Result<CallToolResponse, rmcp::ErrorData> {
        let error = self.0;
        if let ApiError::Internal(cause) = &error {
            tracing::error!(error = ?cause, "an MCP tool failed");
        }
        Ok(CallToolResult::error(vec![ContentBlock::text(error_text(&error))]).into())
    }
}

/// `code: message`, then the suggestions, as one line a model can act on.
fn error_text(error: &ApiError) -> String {
    let mut text = format!("{}: {error}", error.code());
    let suggestions = error.suggestions();
    if !suggestions.is_empty() {
        let _ = write!(text, " Did you mean: {}?", suggestions.join(", "));
    }
    text
}

/// A successful result: `text` for the model, `value` as structured content.
fn reply<T: Serialize>(value: &T, text: String) -> Result<CallToolResult, ToolError> {
    // Through text rather than `to_value`: `to_value` widens an `f32` (a confidence or a score)
    // to the nearest `f64` (0.9700000286102295), where the HTTP API writes the shortest form
    // (0.97), and the two must say the same.
    let structured = serde_json::to_string(value)
        .and_then(|text| serde_json::from_str(&text))
        .map_err(|error| ApiError::Internal(anyhow::Error::new(error)))?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    Ok(result)
}

/// Gives rmcp's tool error for arguments that do not fit the input schema the code the HTTP
/// API uses for a bad parameter, so that every tool error starts with one of our codes.
pub(super) fn with_error_code(response: CallToolResponse) -> CallToolResponse {
    let CallToolResponse::Complete(mut result) = response else {
        return response;
    };
    if result.is_error == Some(true)
        && let Some(ContentBlock::Text(content)) = result.content.first_mut()
        && let Some(detail) = content.text.strip_prefix(ARGUMENT_ERROR_PREFIX)
    {
        content.text =
            format!("invalid_parameter: The arguments do not fit the tool's input schema:{detail}");
    }
    CallToolResponse::Complete(result)
}

/// The JSON-RPC error for a call to a tool that does not exist: "invalid params", as the
/// protocol says, with our `not_found` code first and the tools that do exist.
pub(super) fn unknown_tool(name: &str, router: &ToolRouter<McpServer>) -> rmcp::ErrorData {
    let tools: Vec<String> = router
        .list_all()
        .into_iter()
        .map(|tool| tool.name.into_owned())
        .collect();
    rmcp::ErrorData::invalid_params(
        format!(
            "not_found: No tool is called `{name}`; use one of {}.",
            tools.join(", ")
        ),
        Some(serde_json::json!({"code": "not_found", "tools": tools})),
    )
}

/// A page size or offset given as a JSON number.
fn whole_number(value: Option<i64>, default: usize, range: (usize, usize)) -> Option<usize> {
    match value {
        None => Some(default),
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|&n| (range.0..=range.1).contains(&n)),
    }
}

#[tool_router(vis = "pub(crate)")]
impl McpServer {
    #[tool(
        name = "answer_question",
        title = "Answer a shared-responsibility question",
        description = "Answer a question about the AWS Shared Responsibility Model in plain \
language, such as \"who patches the OS on RDS?\" or \"is encrypting S3 data at rest my job?\". \
Returns the owner (aws, customer or shared; null when srmap is not sure), one or two sentences \
saying why, the service and duty the question is about, a confidence from 0 to 1, and the AWS \
documentation to cite. Name the AWS service and the security task in the question; a question \
that names no service gets the general rule. Prefer this tool for who-does-what questions.",
        output_schema = schema_for_output::<Answer>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn answer_question(
        &self,
        Parameters(args): Parameters<AnswerQuestionArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let question = params::query(Some(&args.question))?;
        let state = self.live.current();
        let answer = crate::answer::answer(&state.dataset, &state.index, &question)
            .map_err(ApiError::from)?;
        reply(&answer, answer.to_markdown())
    }

    #[tool(
        name = "lookup_service",
        title = "Look up one service's duties",
        description = "Get one AWS service's security duties under the Shared Responsibility \
Model: its model (infrastructure, container or abstracted), a summary, the link to its security \
chapter, and every duty with its owner (aws, customer or shared), why, and the service-specific \
statements (each with its own owner and the AWS Security Hub controls that check it). Find the \
service by id or any alias (\"s3\", \"Amazon S3\", \"Simple Storage Service\"). Filter by owner \
(\"customer\" lists what the customer must do) or by security area.",
        output_schema = schema_for_output::<Service>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn lookup_service(
        &self,
        Parameters(args): Parameters<LookupServiceArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let state = self.live.current();
        let dataset = &state.dataset;
        let owner = params::owner(args.owner.as_deref())?;
        let area = params::area(dataset, args.area.as_deref())?;
        let service = dataset
            .service(&args.service)
            .ok_or_else(|| params::service_not_found(dataset, &args.service))?;
        let mut record = service.clone();
        record
            .duties
            .retain(|entry| owner.is_none_or(|o| entry.owner == o));
        record
            .duties
            .retain(|entry| area.as_deref().is_none_or(|a| entry.area == a));
        let text = service_markdown(&record);
        reply(&record, text)
    }

    #[tool(
        name = "search_duties",
        title = "Search duties and facts",
        description = "Full-text search over AWS services, the duty catalogue, duties as they \
apply to each service, and service-specific statements. Use it to find which services or facts \
mention something (\"maintenance window\", \"customer managed keys\", \"MFA\"), optionally only \
those with a given owner, security area, service model, category, service or kind. Returns \
ranked hits with their owner, service and duty ids, and a snippet, plus counts per owner and \
area. For a who-does-what question prefer answer_question.",
        output_schema = schema_for_output::<SearchResponse>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn search_duties(
        &self,
        Parameters(args): Parameters<SearchDutiesArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let request = self.search_request(&args)?;
        let output = SearchResponse::run(&self.live.current(), request).map_err(ApiError::from)?;
        let text = search_markdown(&output);
        reply(&output, text)
    }

    #[tool(
        name = "responsibility_matrix",
        title = "Compare services duty by duty",
        description = "Build the responsibility matrix of an architecture: every security duty \
of the catalogue as a row, the given AWS services as columns, and in each cell who owns that \
duty on that service (aws, customer or shared). Use it to review a whole architecture or to see \
where the line moves between services (for example OS patching is the customer's on EC2 but \
AWS's on RDS). The text is a Markdown table unless format is \"json\".",
        output_schema = schema_for_output::<Matrix>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn responsibility_matrix(
        &self,
        Parameters(args): Parameters<ResponsibilityMatrixArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let format = match args.format.as_deref() {
            None => Format::Markdown,
            value => params::format(value, &MATRIX_FORMATS)?,
        };
        let state = self.live.current();
        let dataset = &state.dataset;
        let services = params::services(dataset, &args.services)?;
        let matrix = Matrix::for_services(dataset, &services);
        let text = match format {
            Format::Json => serde_json::to_string_pretty(&matrix)
                .map_err(|error| ApiError::Internal(anyhow::Error::new(error)))?,
            _ => matrix.to_markdown(),
        };
        reply(&matrix, text)
    }

    #[tool(
        name = "list_services",
        title = "List the services srmap knows",
        description = "List the AWS services srmap covers, with their ids (to use in the other \
tools), names, categories and models, optionally only one category or one model \
(infrastructure: the customer runs the guest OS; container: AWS runs OS and platform; \
abstracted: AWS runs everything below the API).",
        output_schema = schema_for_output::<ServiceList>(),
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    fn list_services(
        &self,
        Parameters(args): Parameters<ListServicesArgs>,
    ) -> Result<CallToolResult, ToolError> {
        let state = self.live.current();
        let dataset = &state.dataset;
        let category = params::category(dataset, args.category.as_deref())?;
        let model = params::model(args.model.as_deref())?;
        let items: Vec<ServiceSummary> = dataset
            .services
            .iter()
            .filter(|service| category.as_deref().is_none_or(|c| service.category == c))
            .filter(|service| model.is_none_or(|m| service.model == m))
            .map(|service| ServiceSummary {
                id: service.id.clone(),
                name: service.name.clone(),
                short_name: service.short_name.clone(),
                category: service.category.clone(),
                model: service.model,
            })
            .collect();
        let list = ServiceList {
            total: items.len(),
            items,
        };
        let text = services_markdown(&list);
        reply(&list, text)
    }
}

impl McpServer {
    /// The `SearchRequest` of `search_duties`, checked as `GET /v1/search` checks its query.
    fn search_request(&self, args: &SearchDutiesArgs) -> Result<SearchRequest, ApiError> {
        let state = self.live.current();
        let dataset = &state.dataset;
        let limit = whole_number(args.limit, DEFAULT_LIMIT, (1, MAX_LIMIT))
            .ok_or_else(|| ApiError::InvalidLimit(args.limit.unwrap_or_default().to_string()))?;
        let offset = whole_number(args.offset, 0, (0, 1_000_000))
            .ok_or_else(|| ApiError::InvalidOffset(args.offset.unwrap_or_default().to_string()))?;
        Ok(SearchRequest {
            query: params::query(Some(&args.query))?,
            owner: params::owner(args.owner.as_deref())?,
            area: params::area(dataset, args.area.as_deref())?,
            model: params::model(args.model.as_deref())?,
            category: params::category(dataset, args.category.as_deref())?,
            service: params::service(dataset, args.service.as_deref())?,
            kind: params::kind(args.kind.as_deref())?,
            limit,
            offset,
        })
    }
}

/// The owner as a word in bold.
fn bold_owner(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "**AWS**",
        Owner::Customer => "**Customer**",
        Owner::Shared => "**Shared**",
    }
}

/// A service record as Markdown: what it is, then each duty with its owner, reason and facts.
fn service_markdown(service: &Service) -> String {
    let mut out = format!(
        "## {} (`{}`)\n\n{}\n\nModel: {} · category: {} · facts checked {} · [security chapter]({})\n",
        service.name,
        service.id,
        service.summary,
        service.model,
        service.category,
        service.reviewed,
        service.docs_url
    );
    if service.duties.is_empty() {
        out.push_str("\nNo duty matches the filters.\n");
        return out;
    }
    out.push('\n');
    for entry in &service.duties {
        duty_markdown(&mut out, entry);
    }
    out
}

fn duty_markdown(out: &mut String, entry: &DutyEntry) {
    let _ = writeln!(
        out,
        "- {} {} (`{}`, {}): {}",
        bold_owner(entry.owner),
        entry.title,
        entry.id,
        entry.area,
        entry.summary
    );
    for statement in &entry.statements {
        let controls = if statement.controls.is_empty() {
            String::new()
        } else {
            format!(" [{}]", statement.controls.join(", "))
        };
        let _ = writeln!(
            out,
            "  - {}: {}{controls}",
            statement.owner.phrase(),
            statement.text
        );
    }
}

/// Search hits as a numbered list with their owner, ids and fragment.
fn search_markdown(output: &SearchResponse) -> String {
    if output.total == 0 {
        let mut out = format!("No hit for \"{}\".", output.query);
        if !output.suggestions.is_empty() {
            let _ = write!(
                out,
                " Services with a close name: {}.",
                output.suggestions.join(", ")
            );
        }
        out.push('\n');
        return out;
    }
    let shown_to = output.offset + output.hits.len();
    let mut out = format!(
        "{} hits for \"{}\" (showing {} to {}):\n\n",
        output.total,
        output.query,
        (output.offset + 1).min(shown_to),
        shown_to
    );
    for (position, hit) in output.hits.iter().enumerate() {
        let owner = hit.owner.map(bold_owner).unwrap_or("—");
        let place: Vec<String> = [&hit.service_id, &hit.duty_id]
            .into_iter()
            .flatten()
            .map(|id| format!("`{id}`"))
            .collect();
        let _ = writeln!(
            out,
            "{}. {owner} {} ({}{}): {}",
            output.offset + position + 1,
            hit.title,
            hit.kind.as_str(),
            if place.is_empty() {
                String::new()
            } else {
                format!(", {}", place.join(" "))
            },
            hit.fragment.replace('\n', " ")
        );
    }
    out
}

/// Services as a Markdown table.
fn services_markdown(list: &ServiceList) -> String {
    let mut out = format!(
        "{} services.\n\n| id | name | category | model |\n|---|---|---|---|\n",
        list.total
    );
    for item in &list.items {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            item.id,
            item.name.replace('|', "\\|"),
            item.category.replace('|', "\\|"),
            item.model
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_errors_get_the_invalid_parameter_code() {
        let rmcp_error = CallToolResult::error(vec![ContentBlock::text(format!(
            "{ARGUMENT_ERROR_PREFIX} missing field `question`"
        ))]);

        let CallToolResponse::Complete(result) = with_error_code(rmcp_error.into()) else {
            panic!("a complete result");
        };

        let Some(ContentBlock::Text(content)) = result.content.first() else {
            panic!("a text block");
        };
        assert_eq!(
            content.text,
            "invalid_parameter: The arguments do not fit the tool's input schema: missing field `question`"
        );
        assert_eq!(result.is_error, Some(true));
    }

    #[test]
    fn error_text_starts_with_the_code_and_ends_with_suggestions() {
        let error = ApiError::ServiceNotFound {
            key: "lamda".into(),
            suggestions: vec!["lambda".into()],
        };

        assert_eq!(
            error_text(&error),
            "service_not_found: No service is called `lamda`. Did you mean: lambda?"
        );
    }

    #[test]
    fn whole_number_accepts_the_range_and_the_default_only() {
        assert_eq!(whole_number(None, 20, (1, 500)), Some(20));
        assert_eq!(whole_number(Some(500), 20, (1, 500)), Some(500));
        assert_eq!(whole_number(Some(0), 20, (1, 500)), None);
        assert_eq!(whole_number(Some(-3), 20, (1, 500)), None);
    }
}
