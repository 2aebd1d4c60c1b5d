//! [`RequestError`]: every way a request's input can be wrong, with a stable code and no
//! knowledge of HTTP. Each face names the input in its own words through [`ParamNames`]: the
//! HTTP API says `q`, MCP says `question`, the CLI says `--owner`.

use std::fmt;

/// An input of an operation, as every face has it under some name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// The words of a search.
    Query,
    /// A question in plain language.
    Question,
    /// The service a lookup is about.
    ServiceKey,
    /// A filter on one service.
    ServiceFilter,
    /// The services of a matrix.
    Services,
    Duty,
    Owner,
    Area,
    Model,
    Category,
    Kind,
    Availability,
    Limit,
    Offset,
    /// A page number of the search page.
    Page,
    Format,
    /// A template or plan of an architecture.
    Template,
}

/// How a face names each [`Param`].
pub trait ParamNames {
    fn name(&self, param: Param) -> &'static str;
}

/// The names the HTTP API and the pages use (query parameters and form fields).
pub struct HttpNames;

impl ParamNames for HttpNames {
    fn name(&self, param: Param) -> &'static str {
        match param {
            Param::Query | Param::Question => "q",
            Param::ServiceKey => "key",
            Param::ServiceFilter => "service",
            Param::Services => "services",
            Param::Duty => "id",
            Param::Owner => "owner",
            Param::Area => "area",
            Param::Model => "model",
            Param::Category => "category",
            Param::Kind => "kind",
            Param::Availability => "availability",
            Param::Limit => "limit",
            Param::Offset => "offset",
            Param::Page => "page",
            Param::Format => "format",
            Param::Template => "body",
        }
    }
}

/// Everything wrong that input can be. Codes are part of every face's contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// A value outside its domain; `expected` says what would be right.
    InvalidValue {
        param: Param,
        given: String,
        expected: String,
    },
    /// A page size that is not a whole number in range.
    InvalidLimit { given: String, max: usize },
    /// An offset that is not a whole number in range.
    InvalidOffset { given: String, max: usize },
    /// The query or question is missing or blank.
    MissingQuery { param: Param },
    /// The query or question is longer than accepted.
    QueryTooLong {
        param: Param,
        chars: usize,
        max: usize,
    },
    /// No service id or alias matches.
    ServiceNotFound {
        key: String,
        suggestions: Vec<String>,
    },
    /// No duty has this id.
    DutyNotFound {
        key: String,
        suggestions: Vec<String>,
    },
    /// A matrix named no service.
    MissingServices,
    /// A matrix named too many services.
    TooManyServices { count: usize, max: usize },
    /// A template or plan that could not be read, with where the problem is when known.
    InvalidTemplate { message: String },
    /// A document that reads but is neither a template nor a plan.
    NotATemplate { message: String },
    /// A template or plan larger than accepted.
    TemplateTooLarge { bytes: usize, max: usize },
    /// No template or plan was given.
    MissingTemplate,
}

impl RequestError {
    /// Stable, machine-readable code. Clients match on this; never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidValue { .. } => "invalid_parameter",
            Self::InvalidLimit { .. } => "invalid_limit",
            Self::InvalidOffset { .. } => "invalid_offset",
            Self::MissingQuery { .. } => "missing_query",
            Self::QueryTooLong { .. } => "query_too_long",
            Self::ServiceNotFound { .. } => "service_not_found",
            Self::DutyNotFound { .. } => "duty_not_found",
            Self::MissingServices => "missing_services",
            Self::TooManyServices { .. } => "too_many_services",
            Self::InvalidTemplate { .. } => "invalid_template",
            Self::NotATemplate { .. } => "not_a_template",
            Self::TemplateTooLarge { .. } => "payload_too_large",
            Self::MissingTemplate => "missing_template",
        }
    }

    /// Near matches ("did you mean") for an unknown service or duty; empty otherwise.
    pub fn suggestions(&self) -> &[String] {
        match self {
            Self::ServiceNotFound { suggestions, .. } | Self::DutyNotFound { suggestions, .. } => {
                suggestions
            }
            _ => &[],
        }
    }

    /// What was wrong and how to put it right, naming the input as `names` does.
    pub fn message(&self, names: &dyn ParamNames) -> String {
        match self {
            Self::InvalidValue {
                param,
                given,
                expected,
            } => format!("`{}`: `{given}` {expected}.", names.name(*param)),
            Self::InvalidLimit { given, max } => format!(
                "`{}` must be a whole number from 1 to {max}; got `{given}`.",
                names.name(Param::Limit)
            ),
            Self::InvalidOffset { given, max } => format!(
                "`{}` must be a whole number from 0 to {max}; got `{given}`.",
                names.name(Param::Offset)
            ),
            Self::MissingQuery { param } => {
                let what = match param {
                    Param::Question => "the question, for example \"who patches the OS on RDS?\"",
                    _ => "the words to look for, for example \"rds encryption\"",
                };
                format!(
                    "`{}` is required and must not be blank: give {what}.",
                    names.name(*param)
                )
            }
            Self::QueryTooLong { param, chars, max } => format!(
                "`{}` is {chars} characters long; the most accepted is {max}.",
                names.name(*param)
            ),
            Self::ServiceNotFound { key, .. } => format!("No service is called `{key}`."),
            Self::DutyNotFound { key, .. } => format!("No duty has the id `{key}`."),
            Self::MissingServices => format!(
                "Name at least one service in `{}`, for example ec2, rds and s3.",
                names.name(Param::Services)
            ),
            Self::TooManyServices { count, max } => format!(
                "`{}` names {count} services; a matrix takes at most {max}.",
                names.name(Param::Services)
            ),
            Self::InvalidTemplate { message } => {
                format!("The template or plan could not be read: {message}")
            }
            Self::NotATemplate { message } => format!(
                "The document is neither a CloudFormation or SAM template nor a Terraform plan or state: {message}."
            ),
            Self::TemplateTooLarge { bytes, max } => format!(
                "`{}` is {bytes} bytes; the most accepted is {max}.",
                names.name(Param::Template)
            ),
            Self::MissingTemplate => format!(
                "`{}` is required: give a CloudFormation or SAM template (JSON or YAML) or a Terraform plan or state (JSON).",
                names.name(Param::Template)
            ),
        }
    }
}

/// In the HTTP API's words; faces with their own names call [`RequestError::message`].
impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(&HttpNames))
    }
}

impl std::error::Error for RequestError {}
