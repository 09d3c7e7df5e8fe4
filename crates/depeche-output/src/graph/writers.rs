//! A picture written out: DOT, GraphML, node-link JSON, Mermaid, CSV, and their escapes.

use super::*;

/// Escapes text for a double-quoted DOT string; newlines become DOT's centred line breaks.
/// Graphviz reads HTML entities in any label (`&amp;` is drawn `&`), so `&` is written `&amp;`:
/// the text is drawn as it is, entities and all.
pub(super) fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            // XML 1.0 cannot carry other control characters at all, nor these two.
            c if c.is_control() => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The IRI of a node key, for tooltips (`<iri>` → `iri`).
pub(super) fn key_iri(key: &str) -> &str {
    key.strip_prefix('<')
        .and_then(|k| k.strip_suffix('>'))
        .unwrap_or(key)
}

/// Escapes text for a CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
///
/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, other than a plain
/// number) gets a leading `'`, which spreadsheets read as "this is text": article text must not
/// become a formula in the analyst's spreadsheet.
pub(super) fn csv_field(text: &str) -> String {
    let text = spreadsheet_text(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// Escapes text for a double-quoted Mermaid label; Mermaid reads HTML entities there.
pub(super) fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Mermaid reads `#name;` and `#123;` as entities, and a backtick as the start of
            // Markdown: the text's own are written as entities too.
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            '&' => out.push_str("#amp;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl Picture {
    pub(super) fn dot(&self, view: View) -> String {
        let g = &self.graph;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// depeche knowledge graph ({} view): {} nodes, {} edges",
            view.name(),
            g.node_count(),
            g.edge_count()
        );
        out.push_str("digraph depeche {\n");
        out.push_str(
            "  graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.35, ranksep=0.9, overlap=false];\n",
        );
        out.push_str("  node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1.2];\n");
        let _ = writeln!(
            out,
            "  edge [fontname=\"Helvetica\", fontsize=9, color=\"{}\", fontcolor=\"#333333\"];",
            style::EdgeClass::Plain.style().colour
        );
        for i in g.node_indices() {
            let node = &g[i];
            let tooltip = match &node.name {
                Some(name) => format!("{name}\n{}", key_iri(&node.key)),
                None => key_iri(&node.key).to_string(),
            };
            let _ = writeln!(
                out,
                "  n{} [label=\"{}\", {}, tooltip=\"{}\"];",
                i.index(),
                dot_escape(&Picture::node_label(node)),
                node.kind.dot_style(),
                dot_escape(&tooltip)
            );
        }
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            // Plain edges take the default colour the header sets.
            let style = match edge.class() {
                style::EdgeClass::Plain => "",
                class => class.style().dot,
            };
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\"{style}];",
                a.index(),
                b.index(),
                dot_escape(&edge.label)
            );
        }
        out.push_str("}\n");
        out
    }

    pub(super) fn graphml(&self) -> String {
        let g = &self.graph;
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
        for (id, domain, name, ty) in [
            ("label", "node", "label", "string"),
            ("kind", "node", "kind", "string"),
            ("name", "node", "name", "string"),
            ("class", "node", "class", "string"),
            ("date", "node", "date", "string"),
            ("details", "node", "details", "string"),
            ("iri", "node", "iri", "string"),
            ("mentions", "node", "mentionCount", "int"),
            ("elabel", "edge", "label", "string"),
            ("predicate", "edge", "predicate", "string"),
            ("symmetric", "edge", "symmetric", "boolean"),
            ("dates", "edge", "dates", "string"),
            ("places", "edge", "places", "string"),
            ("meetings", "edge", "meetings", "int"),
        ] {
            let _ = writeln!(
                out,
                "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
            );
        }
        // networkx refuses a per-edge `directed` that contradicts the graph's default, so a mixed
        // picture stays directed and marks its symmetric edges with the `symmetric` attribute.
        let _ = writeln!(
            out,
            "  <graph id=\"depeche\" edgedefault=\"{}\">",
            if self.undirected() {
                "undirected"
            } else {
                "directed"
            }
        );
        let data = |out: &mut String, key: &str, value: &str| {
            let _ = writeln!(
                out,
                "      <data key=\"{key}\">{}</data>",
                xml_escape(value)
            );
        };
        for i in g.node_indices() {
            let node = &g[i];
            let _ = writeln!(out, "    <node id=\"n{}\">", i.index());
            data(&mut out, "label", &node.title);
            data(&mut out, "kind", node.kind.name());
            if let Some(name) = &node.name {
                data(&mut out, "name", name);
            }
            if let Some(class) = &node.class {
                data(&mut out, "class", class);
            }
            if let Some(date) = &node.date {
                data(&mut out, "date", date);
            }
            let extra = node.extra_details();
            if !extra.is_empty() {
                data(&mut out, "details", &extra.join("; "));
            }
            data(&mut out, "iri", key_iri(&node.key));
            if let Some(n) = node.mentions {
                data(&mut out, "mentions", &n.to_string());
            }
            out.push_str("    </node>\n");
        }
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let _ = writeln!(
                out,
                "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\">",
                e.index(),
                a.index(),
                b.index()
            );
            data(&mut out, "elabel", &edge.label);
            data(&mut out, "predicate", &edge.predicate);
            data(
                &mut out,
                "symmetric",
                if edge.undirected { "true" } else { "false" },
            );
            if !edge.dates.is_empty() {
                data(&mut out, "dates", &edge.dates.join("; "));
            }
            if !edge.places.is_empty() {
                data(&mut out, "places", &edge.places.join("; "));
            }
            if edge.meetings > 0 {
                data(&mut out, "meetings", &edge.meetings.to_string());
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// Node-link JSON: `nodes` with `id` (the IRI), `links` with `source` and `target` naming
    /// node ids, as D3 force layouts and `networkx.node_link_graph(data, edges="links")` read it.
    pub(super) fn json(&self, view: View) -> String {
        use serde_json::{json, Map, Value};
        let g = &self.graph;
        let nodes: Vec<Value> = g
            .node_indices()
            .map(|i| {
                let node = &g[i];
                let mut object = Map::new();
                object.insert("id".into(), json!(key_iri(&node.key)));
                object.insert("label".into(), json!(node.title));
                object.insert("kind".into(), json!(node.kind.name()));
                if let Some(name) = &node.name {
                    object.insert("name".into(), json!(name));
                }
                if let Some(class) = &node.class {
                    object.insert("class".into(), json!(class));
                }
                if let Some(date) = &node.date {
                    object.insert("date".into(), json!(date));
                }
                object.insert("details".into(), json!(node.extra_details()));
                if let Some(n) = node.mentions {
                    object.insert("mentions".into(), json!(n));
                }
                Value::Object(object)
            })
            .collect();
        let links: Vec<Value> = g
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = g.edge_endpoints(e)?;
                let edge = &g[e];
                let mut object = Map::new();
                object.insert("source".into(), json!(key_iri(&g[a].key)));
                object.insert("target".into(), json!(key_iri(&g[b].key)));
                object.insert("label".into(), json!(edge.label));
                object.insert("predicate".into(), json!(edge.predicate));
                object.insert("symmetric".into(), json!(edge.undirected));
                if view == View::People {
                    object.insert("dates".into(), json!(edge.dates));
                    object.insert("places".into(), json!(edge.places));
                    object.insert("meetings".into(), json!(edge.meetings));
                }
                Some(Value::Object(object))
            })
            .collect();
        // Two predicates between the same pair are two links: networkx then needs a multigraph.
        let mut ends = HashSet::new();
        let multigraph = !g
            .edge_indices()
            .filter_map(|e| g.edge_endpoints(e))
            .all(|pair| ends.insert(pair));
        let document = json!({
            "directed": !self.undirected(),
            "multigraph": multigraph,
            "graph": { "name": "depeche", "view": view.name() },
            "nodes": nodes,
            "links": links,
        });
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        text
    }

    /// A Mermaid flowchart: one shape and colour per kind, `---` for symmetric edges.
    pub(super) fn mermaid(&self, view: View) -> String {
        let g = &self.graph;
        let mut out = format!(
            "%% depeche knowledge graph ({} view): {} nodes, {} edges\nflowchart LR\n",
            view.name(),
            g.node_count(),
            g.edge_count()
        );
        for i in g.node_indices() {
            let node = &g[i];
            let label = mermaid_escape(&Picture::node_label(node));
            let (open, close) = (
                node.kind.style().mermaid_open,
                node.kind.style().mermaid_close,
            );
            let _ = writeln!(
                out,
                "  n{}{open}{label}{close}:::{}",
                i.index(),
                node.kind.name()
            );
        }
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let arrow = edge.class().style().mermaid;
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                a.index(),
                mermaid_escape(&edge.label),
                b.index()
            );
        }
        for kind in [
            Kind::Person,
            Kind::Organization,
            Kind::Place,
            Kind::Event,
            Kind::Other,
        ] {
            let _ = writeln!(out, "  classDef {} {}", kind.name(), kind.mermaid_style());
        }
        out
    }

    /// `Id,Label,Kind,Class,Date,Details,Mentions`: Gephi's node table, one row a node.
    pub(super) fn nodes_csv(&self) -> String {
        let g = &self.graph;
        let mut out = String::from("Id,Label,Kind,Class,Date,Details,Mentions\n");
        for i in g.node_indices() {
            let node = &g[i];
            let row = [
                key_iri(&node.key).to_string(),
                node.title.clone(),
                node.kind.name().to_string(),
                node.class.clone().unwrap_or_default(),
                node.date.clone().unwrap_or_default(),
                node.extra_details().join("; "),
                node.mentions.map(|n| n.to_string()).unwrap_or_default(),
            ];
            out.push_str(
                &row.iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        out
    }

    /// `Source,Target,Type,Label,Predicate,Dates,Places,Meetings`: Gephi's edge table, with
    /// `Type` Directed or Undirected and the ids of `nodes.csv`.
    pub(super) fn edges_csv(&self) -> String {
        let g = &self.graph;
        let mut out = String::from("Source,Target,Type,Label,Predicate,Dates,Places,Meetings\n");
        for e in g.edge_indices() {
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let edge = &g[e];
            let row = [
                key_iri(&g[a].key).to_string(),
                key_iri(&g[b].key).to_string(),
                if edge.undirected {
                    "Undirected"
                } else {
                    "Directed"
                }
                .to_string(),
                edge.label.clone(),
                edge.predicate.clone(),
                edge.dates.join("; "),
                edge.places.join("; "),
                if edge.meetings > 0 {
                    edge.meetings.to_string()
                } else {
                    String::new()
                },
            ];
            out.push_str(
                &row.iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        out
    }
}
