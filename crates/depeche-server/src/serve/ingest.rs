//! `POST /ingest`: articles posted as plain text or JSON Lines, read, checked for repeated ids,
//! extracted and written by the store crate's ingest, answered with a JSON summary.

use super::limits::{read_only, run_in_slot, same_origin};
use super::protocol::{read_params, Failure};
use super::routes::json_response;
use super::{Answer, App};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use depeche_extract::article::{self, Article, ArticleError, Lang, Overrides};
use depeche_extract::duplicates::OnDuplicateId;
use depeche_store::ingest::ON_DUPLICATE_ID;
use std::sync::Arc;

/// A stable id for a posted article without one: the same text replaces itself on re-post.
pub(super) fn content_id(text: &str) -> String {
    // FNV-1a: stable across Rust versions, unlike the standard hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("posted-{hash:016x}")
}

pub(super) async fn ingest(State(app): State<Arc<App>>, request: Request) -> Answer {
    if !app.options.allow_update {
        return Err(read_only());
    }
    same_origin(request.headers())?;
    let (_, _, params) = read_params(&app, request).await?;
    let overrides =
        Overrides {
            date: match params.one("date")? {
                Some(d) => Some(article::parse_date(d).ok_or_else(|| {
                    Failure::bad(format!("date={d} is not a date like 2017-09-12"))
                })?),
                None => None,
            },
            lang: match params.one("lang")? {
                None | Some("auto") => None,
                Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                    Failure::bad(format!(
                        "lang={l} is not a language depeche reads (fr or en)"
                    ))
                })?),
            },
        };
    let id = params.one("id")?.map(str::to_string);
    let Some((media, bytes)) = &params.body else {
        return Err(Failure::bad(
            "POST the article as the body: text/plain (front matter allowed) or application/x-ndjson (JSON Lines)",
        ));
    };
    let origin = id.clone().unwrap_or_else(|| "posted".to_string());
    let limits = app.options.limits;
    let too_large = |origin: String, size: usize| {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ArticleError::TooLarge {
                origin,
                size: Some(size as u64),
                limit: limits.max_article_bytes,
            }
            .to_string()
                + "; if it is one article, raise the limit with depeche serve --max-article-size",
        )
    };
    let plain = matches!(media.as_str(), "text/plain" | "text/markdown" | "");
    if plain && bytes.len() as u64 > limits.max_article_bytes {
        return Err(too_large(
            format!("the posted article ({origin})"),
            bytes.len(),
        ));
    }
    let text = article::decode(&origin, bytes).map_err(|e| Failure::bad(e.to_string()))?;
    let mut articles: Vec<Article> = match media.as_str() {
        "text/plain" | "text/markdown" | "" => {
            let origin = id.clone().unwrap_or_else(|| content_id(&text));
            vec![Article::from_text(&origin, &text).map_err(|e| Failure::bad(e.to_string()))?]
        }
        "application/x-ndjson"
        | "application/jsonl"
        | "application/jsonlines"
        | "application/json-lines"
        | "application/json" => {
            if id.is_some() {
                return Err(Failure::bad(
                    "id= names one article; JSON Lines give each article its own \"id\"",
                ));
            }
            article::from_json_lines_with("posted", &text, &limits)
                .into_iter()
                .collect::<Result<Vec<_>, ArticleError>>()
                .map_err(|e| match e {
                    ArticleError::TooLarge { origin, size, .. } => {
                        too_large(origin, size.unwrap_or_default() as usize)
                    }
                    e => Failure::bad(e.to_string()),
                })?
        }
        other => {
            return Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("post articles as text/plain or application/x-ndjson, not {other:?}"),
            ))
        }
    };
    if articles.is_empty() {
        return Err(Failure::bad("the body holds no article"));
    }
    // Records of one body that repeat an id would name one graph, as on the command line.
    let keep_last = match params.one("on-duplicate-id")? {
        None => false,
        Some(name) => match ON_DUPLICATE_ID.iter().find(|(n, _)| *n == name) {
            Some((_, policy)) => *policy == OnDuplicateId::KeepLast,
            None => {
                let names: Vec<&str> = ON_DUPLICATE_ID.iter().map(|(n, _)| *n).collect();
                return Err(Failure::bad(format!(
                    "on-duplicate-id={name} is not a choice; use {}",
                    names.join(" or ")
                )));
            }
        },
    };
    let mut warnings = Vec::new();
    if articles.len() > 1 {
        let survey =
            depeche_extract::duplicates::survey(|| Ok(articles.iter().cloned().map(Ok)), false)
                .map_err(|e| Failure::bad(e.to_string()))?;
        if let Some(example) = survey.duplicates.first() {
            if !keep_last {
                let others = survey.repeated_ids - 1;
                let and = if others > 0 {
                    format!(", and {others} other ids repeat too")
                } else {
                    String::new()
                };
                return Err(Failure::bad(format!("{example}{and}; nothing was written: add on-duplicate-id=keep-last to keep the last record of each id")));
            }
            warnings = survey
                .duplicates
                .iter()
                .map(|d| format!("{d}; the last record is kept"))
                .collect();
            articles = survey
                .keep_last(articles.into_iter().map(Ok))
                .collect::<Result<_, _>>()
                .map_err(|e| Failure::bad(e.to_string()))?;
        }
    }
    for article in &mut articles {
        if let Some(id) = &id {
            article.id = id.clone();
        }
        article.apply(&overrides);
    }
    let store = app.store.clone();
    // Not stopped at the time limit: each article commits on its own, so an ingest stopped
    // half-way would have written part of the body while answering that it failed. The body
    // limit and the article size limit bound how long it runs instead.
    let summary = run_in_slot(&app, None, "ingest", move || {
        let ids: Vec<String> = articles
            .iter()
            .map(|a| {
                depeche_extract::rdf::article_iri(depeche_extract::vocab::DEFAULT_BASE, a)
                    .as_str()
                    .to_string()
            })
            .collect();
        let options = depeche_store::ingest::IngestOptions::default();
        let report = depeche_store::ingest::ingest(
            &store,
            articles.into_iter().map(Ok),
            &options,
            &mut |_| {},
        )
        .map_err(|e| match e {
            depeche_store::ingest::IngestError::Store(e) => Failure::from(e),
            e => Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        })?;
        Ok(serde_json::json!({
            "articles": report.articles,
            "new": report.new,
            "replaced": report.replaced,
            "unchanged": report.unchanged,
            "triples": report.quads,
            "entities": report.entities,
            "events": report.events,
            "meetings": report.meetings,
            "linked": report.linked,
            "graphs": ids,
            "warnings": warnings,
        }))
    })
    .await?;
    Ok(json_response(&summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_ids_are_stable() {
        assert_eq!(content_id("abc"), content_id("abc"));
        assert_ne!(content_id("abc"), content_id("abd"));
        assert!(content_id("").starts_with("posted-"));
    }
}
