//! The handlers of the endpoint and the page: SPARQL queries and updates, graph files, the
//! page's graph and node descriptions, and what the server holds.

use super::limits::{limited, query_options, read_only, run_in_slot, run_query, same_origin};
use super::protocol::{choose_format, graph_iris, query_of, read_params, utf8, Failure, Params};
use super::{Answer, App};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use depeche_store::export::{self, ExportFormat, Render, View};
use depeche_store::store::{
    serialize_quads, AnswerFormat, QueryAnswer, QueryOptions, Store, StoreError,
};
use oxigraph::model::{GraphName, NamedNode, Term, Triple};
use oxigraph::sparql::CancellationToken;
use std::sync::Arc;

/// Resources a SELECT answer may put in the page's graph.
const GRAPH_LIMIT: usize = 500;

pub(super) async fn sparql(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, headers, params) = read_params(&app, request).await?;
    let text = query_of(&app, &params)?;
    let options = QueryOptions {
        default_graphs: graph_iris(&params, "default-graph-uri")?,
        named_graphs: graph_iris(&params, "named-graph-uri")?,
        ..QueryOptions::default()
    };
    let answer = run_query(&app, text, options).await?;
    let format = choose_format(&params, &headers, &answer)?;
    let bytes = answer.render(format).map_err(StoreError::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type()),
            (header::VARY, "Accept"),
        ],
        bytes,
    )
        .into_response())
}

pub(super) async fn update(State(app): State<Arc<App>>, request: Request) -> Answer {
    if !app.options.allow_update {
        return Err(read_only());
    }
    same_origin(request.headers())?;
    let (_, _, params) = read_params(&app, request).await?;
    let text = match &params.body {
        Some((media, bytes)) if media == "application/sparql-update" => utf8(bytes, "update")?,
        Some((media, _)) => {
            return Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("an update body must be application/sparql-update or application/x-www-form-urlencoded, not {media:?}"),
            ))
        }
        None => params
            .one("update")?
            .map(str::to_string)
            .ok_or_else(|| Failure::bad("missing the update parameter: POST update=INSERT... or an application/sparql-update body"))?,
    };
    let store = app.store.clone();
    // Not stopped at the time limit: Oxigraph's updates do not heed a cancellation token, so a
    // 503 would say "stopped" of an update that goes on and is applied.
    run_in_slot(&app, None, "update", move || {
        store.update(&text).map_err(Failure::from)
    })
    .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "update applied\n",
    )
        .into_response())
}

pub(super) fn json_response(value: &serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(value).unwrap_or_default(),
    )
        .into_response()
}

pub(super) fn view_of(params: &Params) -> Result<View, Failure> {
    match params.one("view")? {
        None => Ok(View::Full),
        Some(v) => View::from_name(v).ok_or_else(|| {
            Failure::bad(format!(
                "view={v} is not a view; use full, people or timeline"
            ))
        }),
    }
}

/// The triples to draw for a query: a graph answer as is, the resources of a SELECT answer
/// with their neighbourhood.
pub(super) fn triples_of(store: &Store, answer: &QueryAnswer) -> Result<Vec<Triple>, Failure> {
    Ok(export::answer_graph(store, answer, GRAPH_LIMIT)?)
}

pub(super) async fn export_file(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, _, params) = read_params(&app, request).await?;
    let view = view_of(&params)?;
    let name = params
        .one("format")?
        .ok_or_else(|| Failure::bad("missing format=: dot, svg, png, graphml, json, mermaid, csv-nodes, csv-edges or an RDF format"))?
        .to_ascii_lowercase();
    let (format, picture) = match name.as_str() {
        "svg" => (ExportFormat::Dot, Some(Render::Svg)),
        "png" => (ExportFormat::Dot, Some(Render::Png)),
        other => (
            ExportFormat::from_name(other).ok_or_else(|| {
                Failure::bad(format!("format={other} is not an export format; use dot, svg, png, graphml, json, mermaid, csv-nodes, csv-edges, turtle, nquads, trig, ntriples, n3, jsonld or rdfxml"))
            })?,
            None,
        ),
    };
    let query = params.one("query")?.map(str::to_string);
    let store = app.store.clone();
    let token = CancellationToken::new();
    let options_for_export = query_options(&app, &token);
    let bytes = limited(&app, token, "export", move || {
        let bytes = match query {
            None => export::export(&store, format, view, None)?,
            Some(text) => {
                let options = options_for_export;
                let answer = store.query_with(&text, &options)?;
                let triples = triples_of(&store, &answer)?;
                match format.rdf_format() {
                    Some(rdf) => {
                        let quads: Vec<_> = triples
                            .into_iter()
                            .map(|t| t.in_graph(GraphName::DefaultGraph))
                            .collect();
                        serialize_quads(&quads, rdf).map_err(|e| {
                            Failure::new(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                format!("cannot write the graph as {}: {e}", format.name()),
                            )
                        })?
                    }
                    None => export::draw(&triples, format, view)
                        .unwrap_or_default()
                        .into_bytes(),
                }
            }
        };
        Ok(match picture {
            Some(p) => export::render(&bytes, p).map_err(export::ExportError::from)?,
            None => bytes,
        })
    })
    .await?;
    let (media, extension) = match picture {
        Some(Render::Svg) => ("image/svg+xml", "svg"),
        Some(Render::Png) => ("image/png", "png"),
        None => (format.media_type(), format.extension()),
    };
    let suffix = match format {
        ExportFormat::CsvNodes => "-nodes",
        ExportFormat::CsvEdges => "-edges",
        _ => "",
    };
    let disposition = format!(
        "attachment; filename=\"depeche-{}{suffix}.{extension}\"",
        view.name()
    );
    let mut response = ([(header::CONTENT_TYPE, media)], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

pub(super) async fn graph(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, _, params) = read_params(&app, request).await?;
    let view = view_of(&params)?;
    let text = query_of(&app, &params)?;
    let store = app.store.clone();
    let token = CancellationToken::new();
    let options = query_options(&app, &token);
    let json = limited(&app, token, "query", move || {
        let answer = store.query_with(&text, &options)?;
        let triples = triples_of(&store, &answer)?;
        let view = if matches!(answer, QueryAnswer::Graph(_)) {
            view
        } else {
            View::Full
        };
        Ok(export::draw(&triples, ExportFormat::Json, view).unwrap_or_default())
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

pub(super) fn cell(row: &[Option<Term>], i: usize) -> Option<String> {
    match row.get(i)?.as_ref()? {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::BlankNode(b) => Some(b.to_string()),
    }
}

pub(super) fn rows_of(answer: QueryAnswer) -> Vec<Vec<Option<Term>>> {
    match answer {
        QueryAnswer::Solutions { rows, .. } => rows,
        _ => Vec::new(),
    }
}

pub(super) async fn node(State(app): State<Arc<App>>, request: Request) -> Answer {
    let (_, _, params) = read_params(&app, request).await?;
    let iri = params
        .one("iri")?
        .ok_or_else(|| Failure::bad("missing iri=: the IRI of the node to describe"))?;
    let node = NamedNode::new(iri)
        .map_err(|e| Failure::bad(format!("iri={iri:?} is not an absolute IRI: {e}")))?;
    let store = app.store.clone();
    let token = CancellationToken::new();
    let options = query_options(&app, &token);
    let value = limited(&app, token, "query", move || {
        let ask = |q: String| store.query_with(&q, &options).map(rows_of);
        let mut labels = Vec::new();
        let mut names = Vec::new();
        let mut types = Vec::new();
        let mut facts = Vec::new();
        // An entity's description is read once from the entities graph (through the union it
        // comes once per article naming the entity), with the titles the articles give it;
        // anything else (an event, an article, a role) lives in one article graph.
        let entity = matches!(store.query_with(&format!("ASK {{ GRAPH dp:entities {{ {node} ?p ?o }} }}"), &options)?, QueryAnswer::Boolean(true));
        let facts_query = if entity {
            format!(
                "SELECT DISTINCT ?p ?o (LANG(?o) AS ?lang) WHERE {{
                   {{ GRAPH dp:entities {{ {node} ?p ?o }} FILTER(isLiteral(?o) || ?p = rdf:type) }}
                   UNION {{ VALUES ?p {{ schema:jobTitle }} {node} ?p ?o }}
                 }} ORDER BY ?p ?o"
            )
        } else {
            format!("SELECT DISTINCT ?p ?o (LANG(?o) AS ?lang) WHERE {{ {node} ?p ?o FILTER(isLiteral(?o) || ?p = rdf:type) }} ORDER BY ?p ?o")
        };
        for row in ask(facts_query)? {
            let (Some(p), Some(o)) = (cell(&row, 0), cell(&row, 1)) else { continue };
            let lang = cell(&row, 2).unwrap_or_default();
            let entry = serde_json::json!({ "value": o, "lang": lang });
            if p == depeche_extract::vocab::rdfs::LABEL.as_str() {
                labels.push(entry);
            } else if p == depeche_extract::vocab::schema::ALTERNATE_NAME.as_str() {
                names.push(entry);
            } else if p == depeche_extract::vocab::rdf::TYPE.as_str() {
                types.push(serde_json::json!(depeche_store::store::short_iri(&o)));
            } else if p != depeche_extract::vocab::dp::EVIDENCE.as_str() {
                facts.push(serde_json::json!({ "property": depeche_store::store::short_iri(&p), "value": o, "lang": lang }));
            }
        }
        let evidence: Vec<serde_json::Value> = ask(format!(
            "SELECT ?event (SAMPLE(?c) AS ?class) ?sentence (SAMPLE(?a) AS ?article) WHERE {{
               {{ BIND({node} AS ?event) }}
               UNION {{ VALUES ?role {{ sem:hasActor sem:hasPlace dp:speaker dp:recipient dp:object }} ?event ?role {node} }}
               UNION {{ {node} dp:holdsRole ?event }}
               ?event dp:evidence ?sentence .
               OPTIONAL {{ ?event a ?c FILTER(?c != sem:Event && ?c != schema:Role) }}
               OPTIONAL {{ ?event prov:wasDerivedFrom ?a }}
             }} GROUP BY ?event ?sentence ORDER BY ?article ?event LIMIT 100"
        ))?
        .iter()
        .map(|row| {
            serde_json::json!({
                "event": cell(row, 0),
                "class": cell(row, 1).map(|c| depeche_store::store::short_iri(&c)),
                "sentence": cell(row, 2),
                "article": cell(row, 3),
            })
        })
        .collect();
        let articles: Vec<serde_json::Value> = ask(format!(
            "SELECT ?article (SAMPLE(?h) AS ?headline) (SAMPLE(?d) AS ?date) (SAMPLE(?u) AS ?url) WHERE {{
               {{ GRAPH ?article {{ {node} a ?type }} FILTER(?article != dp:entities) }} UNION {{ ?article schema:mentions {node} }} UNION {{ {node} prov:wasDerivedFrom ?article }}
               ?article a schema:NewsArticle .
               OPTIONAL {{ ?article schema:headline ?h }}
               OPTIONAL {{ ?article schema:datePublished ?d }}
               OPTIONAL {{ ?article schema:url ?u }}
             }} GROUP BY ?article ORDER BY ?date ?article LIMIT 100"
        ))?
        .iter()
        .map(|row| {
            serde_json::json!({
                "iri": cell(row, 0),
                "headline": cell(row, 1),
                "date": cell(row, 2),
                "url": cell(row, 3).filter(|u| is_web_address(u)),
            })
        })
        .collect();
        Ok(serde_json::json!({
            "iri": node.as_str(),
            "types": types,
            "labels": labels,
            "alternateNames": names,
            "facts": facts,
            "evidence": evidence,
            "articles": articles,
        }))
    })
    .await?;
    Ok(json_response(&value))
}

/// Whether a URL is safe to hand the page as a link: an article's `url` comes from its text,
/// and a `javascript:` address would run in this server's origin when clicked.
pub(super) fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

pub(super) async fn info(State(app): State<Arc<App>>) -> Answer {
    let store = app.store.clone();
    let (triples, graphs) = limited(&app, CancellationToken::new(), "query", move || {
        Ok((store.len()?, store.graph_count()?))
    })
    .await?;
    Ok(json_response(&serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "store": app.store.location().to_string(),
        "triples": triples,
        "articles": graphs,
        "allowUpdate": app.options.allow_update,
        "timeoutSeconds": app.options.timeout.as_secs_f64(),
        "maxBody": app.options.max_body,
        "formats": AnswerFormat::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "exportFormats": ExportFormat::ALL.iter().map(|(n, _)| *n).chain(["svg", "png"]).collect::<Vec<_>>(),
    })))
}
