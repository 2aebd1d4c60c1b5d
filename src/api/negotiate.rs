//! Which format a response is written in: the `format` parameter when given, otherwise the
//! `Accept` header (actix's typed header, with q-values).

use actix_web::HttpRequest;
use actix_web::http::header::{Accept, Header, Quality};

use crate::ops::{self, Format, RequestError};

/// The format of a response: the `format` parameter when the request has one, otherwise the
/// first of `offered` that the `Accept` header ranks highest. Only an exact media type selects
/// a format other than JSON, so `*/*` and headers naming none of `offered` get JSON rather
/// than a 406: chat platforms that paste text send `Accept: text/markdown`, browsers send
/// `text/html,...,*/*`.
pub(crate) fn response_format(
    value: Option<&str>,
    request: &HttpRequest,
    offered: &[Format],
) -> Result<Format, RequestError> {
    if value.is_some_and(|text| !text.trim().is_empty()) {
        return ops::format(value, offered, Format::Json);
    }
    let Ok(accept) = Accept::parse(request) else {
        return Ok(Format::Json);
    };
    let mut best = (Format::Json, Quality::ZERO);
    for &format in offered {
        let quality = accept
            .iter()
            .filter(|item| {
                let essence = item.item.essence_str();
                essence.eq_ignore_ascii_case(format.media_type())
                    || (format == Format::Json && (essence == "*/*" || essence == "application/*"))
            })
            .map(|item| item.quality)
            .max();
        if let Some(quality) = quality
            && quality > best.1
        {
            best = (format, quality);
        }
    }
    Ok(best.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn response_format_prefers_the_parameter_then_an_exact_accept_then_json() {
        let offered = [Format::Json, Format::Csv, Format::Markdown];
        for (value, accept, expected) in [
            (None, None, Format::Json),
            (None, Some("text/markdown"), Format::Markdown),
            (None, Some("Text/Markdown; charset=utf-8"), Format::Markdown),
            (None, Some("text/markdown, */*;q=0.1"), Format::Markdown),
            (None, Some("application/json, text/markdown"), Format::Json),
            (
                None,
                Some("application/json;q=0.5, text/markdown"),
                Format::Markdown,
            ),
            (None, Some("text/markdown;q=0, text/csv"), Format::Csv),
            (None, Some("*/*"), Format::Json),
            (None, Some("text/*"), Format::Json),
            (
                None,
                Some("text/html,application/xhtml+xml,*/*;q=0.8"),
                Format::Json,
            ),
            (Some("json"), Some("text/markdown"), Format::Json),
            (Some("md"), None, Format::Markdown),
        ] {
            let mut request = TestRequest::default();
            if let Some(accept) = accept {
                request = request.insert_header(("Accept", accept));
            }
            assert_eq!(
                response_format(value, &request.to_http_request(), &offered).ok(),
                Some(expected),
                "format={value:?} accept={accept:?}"
            );
        }
    }
}
