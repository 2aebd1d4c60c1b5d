//! `GET /v1/answer`: one question in plain language, one owner with its reason and sources,
//! as JSON or, for chat platforms that paste text, as Markdown.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ApiError, negotiate};
use crate::cache::Rendered;
use crate::extract::SharedState;
use crate::ops::Format;
use crate::ops::answer::{self, AnswerParams};
use crate::render;

const MARKDOWN: &str = "text/markdown; charset=utf-8";

/// What an answer can be written as; `format=` or the `Accept` header picks one.
const ANSWER_FORMATS: [Format; 2] = [Format::Json, Format::Markdown];

/// Query of `GET /v1/answer`.
#[derive(Debug, Deserialize)]
pub struct AnswerQuery {
    #[serde(flatten)]
    params: AnswerParams,
    /// json (default) or markdown; wins over the `Accept` header.
    format: Option<String>,
}

#[tracing::instrument(skip_all, fields(q = ?query.params.question))]
pub async fn answer_question(
    state: SharedState,
    request: HttpRequest,
    query: web::Query<AnswerQuery>,
) -> Result<HttpResponse, ApiError> {
    let question = query.params.parse()?;
    let format = negotiate::response_format(query.format.as_deref(), &request, &ANSWER_FORMATS)?;
    let rendered = state.responses.get_or_render(
        || format!("answer {format:?} {question}"),
        || -> Result<Rendered, ApiError> {
            let reply = answer::run(&state, &question)?;
            Ok(match format {
                Format::Markdown => Rendered::text(MARKDOWN, render::markdown::answer(&reply)),
                _ => Rendered::json(&reply)?,
            })
        },
    )?;
    let mut response = HttpResponse::Ok();
    // The same URL answers in two formats, so caches must key on `Accept` too.
    response.insert_header((header::VARY, "Accept"));
    Ok(super::send(response, rendered))
}
