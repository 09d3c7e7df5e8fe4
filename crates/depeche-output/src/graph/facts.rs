//! The triples indexed by subject (types, literals, links), and the people and timeline views.

use super::*;

/// What the people and timeline views need to know about the triples, indexed by subject key.
pub(super) struct Facts<'a> {
    pub(super) types: HashMap<String, BTreeSet<&'a str>>,
    pub(super) literals: HashMap<String, Literals<'a>>,
    pub(super) links: Vec<(String, &'a NamedNode, String)>,
    /// The language most labels are in, so a French store reads in French.
    pub(super) language: Option<&'a str>,
}

impl<'a> Facts<'a> {
    pub(super) fn new(triples: &'a [Triple]) -> Facts<'a> {
        let mut facts = Facts {
            types: HashMap::new(),
            literals: HashMap::new(),
            links: Vec::new(),
            language: None,
        };
        let mut label_languages: BTreeMap<&str, usize> = BTreeMap::new();
        for t in triples {
            let s = key(&t.subject.clone().into());
            match &t.object {
                Term::Literal(l) => {
                    if t.predicate.as_ref() == rdfs::LABEL {
                        *label_languages
                            .entry(l.language().unwrap_or(""))
                            .or_default() += 1;
                    }
                    facts
                        .literals
                        .entry(s)
                        .or_default()
                        .entry(t.predicate.as_str())
                        .or_default()
                        .push(l);
                }
                Term::NamedNode(o) if t.predicate.as_ref() == vocab::rdf::TYPE => {
                    facts.types.entry(s).or_default().insert(o.as_str());
                }
                object => facts.links.push((s, &t.predicate, key(object))),
            }
        }
        facts.language = label_languages
            .iter()
            .max_by_key(|(lang, n)| (**n, std::cmp::Reverse(**lang)))
            .map(|(l, _)| *l);
        facts
    }

    /// One value of a literal property, preferring the store's main language, then the
    /// smallest, so the choice is the same on every run.
    pub(super) fn pick(&self, subject: &str, predicate: &str) -> Option<String> {
        let mut values: Vec<&Literal> = self.literals.get(subject)?.get(predicate)?.clone();
        values.sort_by_key(|l| {
            (
                l.language().unwrap_or("") != self.language.unwrap_or(""),
                l.language(),
                l.value(),
            )
        });
        values.first().map(|l| l.value().to_string())
    }

    /// Every value of a literal property in the main language (or untagged), sorted.
    pub(super) fn all(&self, subject: &str, predicate: &str) -> Vec<String> {
        let Some(values) = self.literals.get(subject).and_then(|m| m.get(predicate)) else {
            return Vec::new();
        };
        let wanted: BTreeSet<String> = values
            .iter()
            .filter(|l| l.language().is_none() || l.language() == self.language)
            .map(|l| l.value().to_string())
            .collect();
        wanted.into_iter().collect()
    }

    pub(super) fn has_type(&self, subject: &str, class: oxrdf::NamedNodeRef<'_>) -> bool {
        self.types
            .get(subject)
            .is_some_and(|ts| ts.contains(class.as_str()))
    }

    pub(super) fn is_event(&self, subject: &str) -> bool {
        self.types.get(subject).is_some_and(|ts| {
            ts.contains(sem::EVENT.as_str())
                || ts
                    .iter()
                    .any(|t| t.starts_with(dp::NAMESPACE) && *t != dp::ROLE.as_str())
        })
    }

    pub(super) fn name(&self, subject: &str) -> String {
        self.pick(subject, rdfs::LABEL.as_str())
            .or_else(|| self.pick(subject, schema::NAME.as_str()))
            .unwrap_or_else(|| readable_local_name(key_iri(subject)))
    }

    /// The event's class local name (`Meeting`), `Event` when it has none of ours.
    pub(super) fn event_class(&self, subject: &str) -> String {
        self.types
            .get(subject)
            .and_then(|ts| {
                ts.iter()
                    .find(|t| t.starts_with(dp::NAMESPACE))
                    .map(|t| local_name(t).to_string())
            })
            .unwrap_or_else(|| "Event".to_string())
    }

    /// `(sort key, shown date)`: a day, month or year, or a span `begin – end`.
    pub(super) fn event_date(&self, subject: &str) -> Option<(String, String)> {
        if let Some(ts) = self.pick(subject, sem::HAS_TIME_STAMP.as_str()) {
            return Some((ts.clone(), ts));
        }
        let begin = self.pick(subject, sem::HAS_BEGIN_TIME_STAMP.as_str());
        let end = self.pick(subject, sem::HAS_END_TIME_STAMP.as_str());
        match (begin, end) {
            (Some(b), Some(e)) if b == e => Some((b.clone(), b)),
            (Some(b), Some(e)) => Some((b.clone(), format!("{b} – {e}"))),
            (Some(b), None) => Some((b.clone(), format!("from {b}"))),
            (None, Some(e)) => Some((e.clone(), format!("until {e}"))),
            (None, None) => None,
        }
    }

    /// Objects of `predicate` from `subject`, sorted.
    pub(super) fn objects(&self, subject: &str, predicate: oxrdf::NamedNodeRef<'_>) -> Vec<&str> {
        let mut found: Vec<&str> = self
            .links
            .iter()
            .filter(|(s, p, _)| s == subject && p.as_ref() == predicate)
            .map(|(_, _, o)| o.as_str())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// An event of the timeline: `(sort key and shown date, key, node)`.
pub(super) type TimelineEntry = (Option<(String, String)>, String, Node);

/// The meetings a pair of persons had, as the people view's edge shows them.
#[derive(Default)]
pub(super) struct Pair {
    /// (date sort key, shown date, place names) per meeting, by meeting key.
    pub(super) meetings: BTreeMap<String, (String, String, Vec<String>)>,
}

impl Picture {
    /// The people view: persons who met, one symmetric edge per pair carrying the dates and
    /// places of their meetings.
    pub(super) fn people(triples: &[Triple]) -> Picture {
        let facts = Facts::new(triples);
        let is_person = |k: &str| {
            facts.has_type(k, schema::PERSON)
                // A CONSTRUCT without types still draws its dp:met pairs.
                || !facts.types.contains_key(k)
        };
        let mut pairs: BTreeMap<(String, String), Pair> = BTreeMap::new();
        let ordered = |a: &str, b: &str| {
            if a < b {
                (a.to_string(), b.to_string())
            } else {
                (b.to_string(), a.to_string())
            }
        };
        for (s, p, o) in &facts.links {
            if p.as_ref() == dp::MET && s != o && is_person(s) && is_person(o) {
                pairs.entry(ordered(s, o)).or_default();
            }
        }
        let mut events: Vec<&String> = facts
            .types
            .keys()
            .filter(|k| facts.has_type(k, dp::MEETING))
            .collect();
        events.sort();
        for meeting in events {
            let actors: Vec<&str> = facts
                .objects(meeting, sem::HAS_ACTOR)
                .into_iter()
                .filter(|a| facts.has_type(a, schema::PERSON))
                .collect();
            let (sort, shown) = facts.event_date(meeting).unwrap_or_default();
            let places: Vec<String> = facts
                .objects(meeting, sem::HAS_PLACE)
                .into_iter()
                .map(|p| facts.name(p))
                .collect();
            for (i, a) in actors.iter().enumerate() {
                for b in &actors[i + 1..] {
                    pairs.entry(ordered(a, b)).or_default().meetings.insert(
                        meeting.clone(),
                        (sort.clone(), shown.clone(), places.clone()),
                    );
                }
            }
        }

        let people: BTreeSet<&String> = pairs.keys().flat_map(|(a, b)| [a, b]).collect();
        let mut nodes: Vec<Node> = people
            .into_iter()
            .map(|k| Node {
                key: k.clone(),
                kind: Kind::Person,
                title: facts.name(k),
                details: facts.all(k, schema::JOB_TITLE.as_str()),
                name: None,
                class: None,
                date: None,
                mentions: facts
                    .pick(k, dp::MENTION_COUNT.as_str())
                    .and_then(|n| n.parse().ok()),
            })
            .collect();
        nodes.sort_by(|a, b| (&a.title, &a.key).cmp(&(&b.title, &b.key)));
        let mut graph = DiGraph::new();
        let index: HashMap<String, NodeIndex> = nodes
            .into_iter()
            .map(|n| (n.key.clone(), graph.add_node(n)))
            .collect();
        let mut edges: Vec<(NodeIndex, NodeIndex, Edge)> = Vec::new();
        for ((a, b), pair) in pairs {
            let (Some(&a), Some(&b)) = (index.get(&a), index.get(&b)) else {
                continue;
            };
            let mut meetings: Vec<&(String, String, Vec<String>)> =
                pair.meetings.values().collect();
            meetings.sort();
            let mut lines: Vec<String> = meetings
                .iter()
                .map(|(_, shown, places)| {
                    [shown.as_str(), &places.join(", ")]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|l| !l.is_empty())
                .collect();
            lines.dedup();
            let dates: BTreeSet<String> = meetings
                .iter()
                .filter(|(_, shown, _)| !shown.is_empty())
                .map(|(_, shown, _)| shown.clone())
                .collect();
            let places: BTreeSet<String> = meetings
                .iter()
                .flat_map(|(_, _, p)| p.iter().cloned())
                .collect();
            let (a, b) = if b < a { (b, a) } else { (a, b) };
            edges.push((
                a,
                b,
                Edge {
                    label: if lines.is_empty() {
                        "met".to_string()
                    } else {
                        lines.join("\n")
                    },
                    predicate: dp::MET.as_str().to_string(),
                    undirected: true,
                    dates: dates.into_iter().collect(),
                    places: places.into_iter().collect(),
                    meetings: meetings.len(),
                    ..Edge::default()
                },
            ));
        }
        edges.sort();
        for (a, b, edge) in edges {
            graph.add_edge(a, b, edge);
        }
        Picture { graph }
    }

    /// The timeline view: events in date order, each linked to the next dated one.
    pub(super) fn timeline(triples: &[Triple]) -> Picture {
        let facts = Facts::new(triples);
        let mut events: Vec<TimelineEntry> = facts
            .types
            .keys()
            .filter(|k| facts.is_event(k))
            .map(|k| {
                let date = facts.event_date(k);
                let class = facts.event_class(k);
                let actors: Vec<String> = facts
                    .objects(k, sem::HAS_ACTOR)
                    .into_iter()
                    .map(|a| facts.name(a))
                    .collect();
                let places: Vec<String> = facts
                    .objects(k, sem::HAS_PLACE)
                    .into_iter()
                    .map(|p| facts.name(p))
                    .collect();
                let mut details = Vec::new();
                details.extend(date.as_ref().map(|(_, shown)| shown.clone()));
                if !actors.is_empty() {
                    details.push(actors.join(", "));
                }
                if !places.is_empty() {
                    details.push(format!("in {}", places.join(", ")));
                }
                let node = Node {
                    key: k.clone(),
                    kind: Kind::Event,
                    title: class.clone(),
                    details,
                    name: facts.pick(k, rdfs::LABEL.as_str()),
                    class: Some(class),
                    date: date.as_ref().map(|(_, shown)| shown.clone()),
                    mentions: None,
                };
                (date, k.clone(), node)
            })
            .collect();
        // Dated events first, by date; undated ones after, unlinked.
        events.sort_by(|a, b| {
            (a.0.is_none(), &a.0, &a.2.title, &a.1).cmp(&(b.0.is_none(), &b.0, &b.2.title, &b.1))
        });
        let mut graph = DiGraph::new();
        let mut previous: Option<NodeIndex> = None;
        for (date, _, node) in events {
            let index = graph.add_node(node);
            if date.is_some() {
                if let Some(before) = previous {
                    graph.add_edge(
                        before,
                        index,
                        Edge {
                            label: "before".to_string(),
                            predicate: TIME_BEFORE.to_string(),
                            sequence: true,
                            ..Edge::default()
                        },
                    );
                }
                previous = Some(index);
            }
        }
        Picture { graph }
    }
}
