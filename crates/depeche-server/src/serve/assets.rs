//! The browser page's files (`web/`) and the bundled `queries/`, compiled into the binary so
//! the server needs nothing beside it.

use super::routes::json_response;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The bundled queries of `queries/`, offered by the page.
pub const BUNDLED_QUERIES: &[(&str, &str)] = &[
    (
        "who-met-whom.rq",
        include_str!("../../../../queries/who-met-whom.rq"),
    ),
    (
        "meetings.rq",
        include_str!("../../../../queries/meetings.rq"),
    ),
    ("roles.rq", include_str!("../../../../queries/roles.rq")),
    (
        "entities-by-type.rq",
        include_str!("../../../../queries/entities-by-type.rq"),
    ),
    (
        "evidence.rq",
        include_str!("../../../../queries/evidence.rq"),
    ),
    (
        "meeting-graph.rq",
        include_str!("../../../../queries/meeting-graph.rq"),
    ),
    (
        "people-graph.rq",
        include_str!("../../../../queries/people-graph.rq"),
    ),
    (
        "timeline.rq",
        include_str!("../../../../queries/timeline.rq"),
    ),
];

pub(super) const INDEX_HTML: &str = include_str!("../../../../web/index.html");
pub(super) const APP_JS: &str = include_str!("../../../../web/app.js");
pub(super) const STYLE_CSS: &str = include_str!("../../../../web/style.css");
pub(super) const CYTOSCAPE_JS: &str = include_str!("../../../../web/vendor/cytoscape.min.js");

pub(super) fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

/// The first comment block of a query file: what it answers.
pub(super) fn query_title(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) async fn queries() -> Response {
    let list: Vec<serde_json::Value> = BUNDLED_QUERIES
        .iter()
        .map(|(name, text)| serde_json::json!({ "name": name, "title": query_title(text), "text": text }))
        .collect();
    json_response(&serde_json::json!(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_is_bundled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rq"))
            .collect();
        files.sort();
        let mut bundled: Vec<String> = BUNDLED_QUERIES.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(
            files, bundled,
            "add new queries/*.rq files to BUNDLED_QUERIES"
        );
    }
}
