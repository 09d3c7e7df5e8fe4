//! The SPARQL 1.1 Protocol as this server reads and answers it: request parameters from the URL
//! and the body, the query text of a request, content negotiation, and failures as a status and
//! one plain-text sentence (the status chosen from the library error's variant, the sentence
//! its message).

use super::limits::read_only;
use super::App;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use depeche_store::export;
use depeche_store::store::{AnswerError, AnswerFormat, QueryAnswer, StoreError};
use oxigraph::model::NamedNode;

/// A failed request: a status and one sentence, sent as plain text.
#[derive(Debug)]
pub(super) struct Failure {
    pub(super) status: StatusCode,
    pub(super) message: String,
    /// The work was stopped through its cancellation token, or by the store's own time limit
    /// ([`StoreError::Cancelled`]): past the server's deadline, the deadline's sentence is the
    /// one to give, whichever noticed first (`limits::run_limited`).
    pub(super) stopped: bool,
}

impl Failure {
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            stopped: false,
        }
    }

    pub(super) fn bad(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message),
        )
            .into_response()
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        let status = match error {
            StoreError::Syntax(_)
            | StoreError::UpdateSyntax(_)
            | StoreError::Answer(AnswerError::Mismatch { .. }) => StatusCode::BAD_REQUEST,
            StoreError::Evaluation(_) | StoreError::UpdateFailed(_) => StatusCode::BAD_REQUEST,
            StoreError::Cancelled | StoreError::OverMemory { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            StoreError::TooDeep { .. } | StoreError::TooLong { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure {
            stopped: matches!(error, StoreError::Cancelled | StoreError::TimedOut { .. }),
            ..Failure::new(status, error.to_string())
        }
    }
}

impl From<export::ExportError> for Failure {
    fn from(error: export::ExportError) -> Failure {
        match error {
            export::ExportError::Store(e) => e.into(),
            export::ExportError::NotAGraphQuery(_) => Failure::bad(error.to_string()),
            export::ExportError::Graphviz(export::GraphvizError::Missing) => {
                Failure::new(StatusCode::NOT_IMPLEMENTED, error.to_string())
            }
            other => Failure::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

/// The request's parameters: the URL's query string, then a form body's fields; and a body of
/// another type with its media type.
pub(super) struct Params {
    pub(super) pairs: Vec<(String, String)>,
    pub(super) body: Option<(String, Bytes)>,
}

impl Params {
    pub(super) fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let name = name.to_string();
        self.pairs
            .iter()
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// One value at most: the protocol forbids repeating `query` or `update`.
    pub(super) fn one(&self, name: &str) -> Result<Option<&str>, Failure> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(Failure::bad(format!(
                "the parameter {name} is given more than once"
            )));
        }
        Ok(first)
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }
}

pub(super) fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

pub(super) async fn read_params(
    app: &App,
    request: Request,
) -> Result<(Method, HeaderMap, Params), Failure> {
    let (parts, body) = request.into_parts();
    let mut pairs: Vec<(String, String)> = match parts.uri.query() {
        Some(q) => form_pairs(q.as_bytes(), "URL's query string")?,
        None => Vec::new(),
    };
    let limit = app.options.max_body;
    let too_large = || {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than this server's limit of {limit} bytes (depeche serve --max-body)"),
        )
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut found = None;
    if parts.method == Method::POST {
        // A client that stops sending its body would hold the connection and its memory.
        let seconds = app.options.timeout.as_secs_f64();
        let bytes = tokio::time::timeout(app.options.timeout, axum::body::to_bytes(body, limit))
            .await
            .map_err(|_| {
                Failure::new(
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "the request body did not arrive within this server's limit of {seconds} s"
                    ),
                )
            })?
            .map_err(|_| too_large())?;
        match media_type(&parts.headers).as_deref() {
            Some("application/x-www-form-urlencoded") => {
                pairs.extend(form_pairs(&bytes, "form body")?);
            }
            Some(other) => found = Some((other.to_string(), bytes)),
            None if bytes.is_empty() => {}
            None => found = Some((String::new(), bytes)),
        }
    }
    Ok((parts.method, parts.headers, Params { pairs, body: found }))
}

/// The `name=value` pairs of a query string or form body, refused with 400 when a percent-escape
/// decodes to invalid UTF-8: read leniently, the bytes would become U+FFFD and a query other
/// than the one sent would run.
pub(super) fn form_pairs(input: &[u8], what: &str) -> Result<Vec<(String, String)>, Failure> {
    let decode = |part: &[u8]| -> Result<String, Failure> {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|e| {
            Failure::bad(format!(
                "the {what} is not valid UTF-8 once decoded (invalid byte at offset {} of a parameter); percent-encode text as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        })
    };
    input
        .split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = match piece.iter().position(|&b| b == b'=') {
                Some(i) => (&piece[..i], &piece[i + 1..]),
                None => (piece, &[][..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

pub(super) fn utf8(bytes: &Bytes, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| Failure::bad(format!("the {what} is not valid UTF-8 text")))
}

pub(super) fn graph_iris(params: &Params, name: &str) -> Result<Vec<NamedNode>, Failure> {
    params
        .all(name)
        .map(|v| {
            NamedNode::new(v)
                .map_err(|e| Failure::bad(format!("{name} {v:?} is not an absolute IRI: {e}")))
        })
        .collect()
}

/// The query text of a protocol request, or a write refused on a read-only server.
pub(super) fn query_of(app: &App, params: &Params) -> Result<String, Failure> {
    if params.has("update")
        || params
            .body
            .as_ref()
            .is_some_and(|(t, _)| t == "application/sparql-update")
    {
        return Err(if app.options.allow_update {
            Failure::bad("send SPARQL Update with POST to /update")
        } else {
            read_only()
        });
    }
    if let Some((media, bytes)) = &params.body {
        if media == "application/sparql-query" {
            if params.has("query") {
                return Err(Failure::bad(
                    "the query is given twice, in the body and as a query parameter",
                ));
            }
            return utf8(bytes, "query");
        }
        return Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("a query body must be application/sparql-query or application/x-www-form-urlencoded, not {:?}", media),
        ));
    }
    params.one("query")?.map(str::to_string).ok_or_else(|| {
        Failure::bad("missing the query parameter: send ?query=SELECT... or POST the query")
    })
}

/// The format of the answer: `format=` (a name or a media type) wins, then the `Accept`
/// header by preference, then JSON results or Turtle.
pub(super) fn choose_format(
    params: &Params,
    headers: &HeaderMap,
    answer: &QueryAnswer,
) -> Result<AnswerFormat, Failure> {
    let graph = matches!(answer, QueryAnswer::Graph(_));
    // The media types that ask for each format, from the formats' own table.
    let table = AnswerFormat::media_types(graph);
    let (kind, names) = if graph {
        (
            "a CONSTRUCT or DESCRIBE answer",
            "turtle, ntriples, nquads, trig, jsonld, rdfxml, n3",
        )
    } else {
        ("a SELECT or ASK answer", "json, xml, csv, tsv, table")
    };
    if let Some(asked) = params.one("format")? {
        let asked = asked.trim();
        let found = if asked.contains('/') {
            table
                .iter()
                .find(|(m, _)| m.eq_ignore_ascii_case(asked))
                .map(|(_, f)| *f)
        } else {
            asked
                .parse::<AnswerFormat>()
                .ok()
                .filter(|f| f.holds(graph))
        };
        return found.ok_or_else(|| {
            Failure::bad(format!(
                "format={asked} cannot hold {kind}; use one of {names}"
            ))
        });
    }
    let default = if graph {
        AnswerFormat::Turtle
    } else {
        AnswerFormat::Json
    };
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(default);
    };
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut pieces = item.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty() && q > 0.0).then_some((q, i, media))
        })
        .collect();
    if ranges.is_empty() {
        return Ok(default);
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in &ranges {
        if media == "*/*" || media == "application/*" && !graph || media == "text/*" && graph {
            return Ok(default);
        }
        if let Some((_, f)) = table.iter().find(|(m, _)| m == media) {
            return Ok(*f);
        }
        if media == "text/*" {
            return Ok(AnswerFormat::Tsv);
        }
        if media == "application/*" {
            return Ok(AnswerFormat::NTriples);
        }
    }
    Err(Failure::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the accepted types ({accept}) can hold {kind}; accept one of {}, or give format=",
            table.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn formats_follow_the_parameter_then_accept() {
        let select = QueryAnswer::Boolean(true);
        let graph = QueryAnswer::Graph(Vec::new());
        let none = HeaderMap::new();
        assert_eq!(
            choose_format(&params(&[]), &none, &select).unwrap(),
            AnswerFormat::Json
        );
        assert_eq!(
            choose_format(&params(&[]), &none, &graph).unwrap(),
            AnswerFormat::Turtle
        );
        assert_eq!(
            choose_format(
                &params(&[("format", "csv")]),
                &accept("application/sparql-results+xml"),
                &select
            )
            .unwrap(),
            AnswerFormat::Csv
        );
        assert_eq!(
            choose_format(
                &params(&[]),
                &accept("text/csv;q=0.5, application/sparql-results+xml"),
                &select
            )
            .unwrap(),
            AnswerFormat::Xml
        );
        assert_eq!(
            choose_format(&params(&[]), &accept("application/ld+json"), &graph).unwrap(),
            AnswerFormat::JsonLd
        );
        assert_eq!(
            choose_format(&params(&[]), &accept("text/html, */*;q=0.8"), &select).unwrap(),
            AnswerFormat::Json
        );
        let refused = choose_format(&params(&[]), &accept("image/png"), &select).unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);
        let mismatch = choose_format(&params(&[("format", "turtle")]), &none, &select).unwrap_err();
        assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    }
}
