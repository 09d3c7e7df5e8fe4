//! How each kind of node and edge is drawn, from `data/style.tsv` (compiled in by build.rs):
//! the DOT and Mermaid writers read it here, and the page's copy is generated from it.

/// How one kind of node is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NodeStyle {
    /// The class name, as the JSON and CSV writers and the page name it.
    pub(crate) class: &'static str,
    /// Fill colour.
    pub(crate) fill: &'static str,
    /// Border colour.
    pub(crate) stroke: &'static str,
    /// DOT attributes: shape, style and colours.
    pub(crate) dot: &'static str,
    /// Mermaid's brackets around the label, opening and closing.
    pub(crate) mermaid_open: &'static str,
    /// See `mermaid_open`.
    pub(crate) mermaid_close: &'static str,
    /// The page's (Cytoscape's) shape.
    pub(crate) page_shape: &'static str,
}

/// How one kind of edge is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EdgeStyle {
    /// Line and label colour.
    pub(crate) colour: &'static str,
    /// DOT attributes after the label, starting with a comma.
    pub(crate) dot: &'static str,
    /// Mermaid's arrow.
    pub(crate) mermaid: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/style_table.rs"));

/// The edge classes of the table, in the order of `EDGES`: which one an edge is, is decided
/// once (`Edge::class`), for every writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeClass {
    /// An event to the next one in a timeline.
    Sequence,
    /// Who met whom: drawn without a direction.
    Symmetric,
    /// A person to the organisation of their office.
    Role,
    /// Any other edge.
    Plain,
}

impl EdgeClass {
    /// Its row of the table.
    pub(crate) const fn style(self) -> EdgeStyle {
        EDGES[self as usize]
    }
}

/// Where the generated part of a page file starts and ends.
const BEGIN: &str = "generated from data/style.tsv: `cargo test -p depeche-output page_style` checks it, DEPECHE_BLESS=1 rewrites it";
const END: &str = "end of what data/style.tsv generates";

/// The page's stylesheet variables (`web/style.css` holds this copy): a fill and a border
/// colour per node class, and `--met` for who met whom.
pub fn page_css() -> String {
    let mut out = format!("/* {BEGIN} */\n:root {{\n");
    for n in NODES {
        out.push_str(&format!(
            "  --{}: {}; --{}-b: {};\n",
            n.class, n.fill, n.class, n.stroke
        ));
    }
    out.push_str(&format!(
        "  --met: {};\n}}\n/* {END} */\n",
        EdgeClass::Symmetric.style().colour
    ));
    out
}

/// The page's graph styles (`web/app.js` holds this copy, as Cytoscape selectors): one per
/// node class, and the colour of who-met-whom edges.
pub fn page_js() -> String {
    let mut out = format!("  // {BEGIN}\n");
    for n in NODES {
        out.push_str(&format!(
            "  {{ selector: 'node[kind = \"{}\"]', style: {{ 'background-color': '{}', 'border-color': '{}', shape: '{}' }} }},\n",
            n.class, n.fill, n.stroke, n.page_shape
        ));
    }
    out.push_str(&format!(
        "  {{ selector: 'edge[?symmetric]', style: {{ 'line-color': '{0}', color: '{0}' }} }},\n  // {END}\n",
        EdgeClass::Symmetric.style().colour
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with the part between the line holding `BEGIN` and the line holding `END` (those
    /// lines included) replaced by `generated`; `None` when the markers are missing.
    fn with_generated(text: &str, generated: &str) -> Option<String> {
        let begin = text.find(BEGIN)?;
        let start = text[..begin].rfind('\n').map_or(0, |i| i + 1);
        let end = begin + text[begin..].find(END)?;
        let stop = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        Some(format!("{}{generated}{}", &text[..start], &text[stop..]))
    }

    /// The page's copies of the styles are what the table generates: a colour changed in
    /// data/style.tsv without the page (or in the page alone) fails here.
    #[test]
    fn page_style_is_the_tables() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/");
        for (file, generated) in [("style.css", page_css()), ("app.js", page_js())] {
            let path = format!("{root}{file}");
            let text = std::fs::read_to_string(&path).expect("the page's files are in web/");
            let expected = with_generated(&text, &generated)
                .unwrap_or_else(|| panic!("{path} lacks the generated-style markers"));
            if std::env::var_os("DEPECHE_BLESS").is_some() {
                std::fs::write(&path, &expected).expect("web/ is writable");
            } else {
                assert!(
                    text == expected,
                    "{path} differs from data/style.tsv; run with DEPECHE_BLESS=1 to regenerate"
                );
            }
        }
    }

    #[test]
    fn the_dot_styles_carry_the_tables_colours() {
        let event = NODES.iter().find(|n| n.class == "event").expect("a row");
        assert_eq!(
            event.dot,
            r##"shape=box, style="rounded,filled", fillcolor="#fff3bf", color="#b08900""##
        );
        assert_eq!(
            EdgeClass::Role.style().dot,
            r##", style=dashed, color="#3d6ab3", fontcolor="#3d6ab3""##
        );
        assert_eq!(EdgeClass::Plain.style().mermaid, "-->");
    }

    #[test]
    fn generated_parts_are_replaced_between_their_markers() {
        let text = format!("a\n/* {BEGIN} */\nold\n/* {END} */\nb\n");
        assert_eq!(
            with_generated(&text, "new\n").as_deref(),
            Some("a\nnew\nb\n")
        );
        assert_eq!(with_generated("a\nb\n", "new\n"), None);
    }
}
