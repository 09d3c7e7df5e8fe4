//! Table-driven tests of the event stage (`events`) and the RDF mapping (`rdf`) through the
//! whole pipeline: sentences written for these tests, in French and English (no evaluation
//! article), each with the events it must give, or the quads its entities must give.
//!
//! Events are compared as their labels read (class, actors, date), with their places and
//! modality; quads as `subject predicate object` with entities named by their label in the
//! article's language and IRIs shortened with the standard prefixes, so a table reads as the
//! graph does.

use crate::article::Article;
use crate::pipeline;
use crate::vocab::{dp, rdf, rdfs, sem, PREFIXES};
use oxrdf::{Quad, Term};
use std::collections::BTreeSet;

/// The quads of a one-paragraph article.
fn quads(lang: &str, date: &str, text: &str) -> Vec<Quad> {
    let raw = format!("---\nid: case\ndate: {date}\nlang: {lang}\n---\n{text}\n");
    let article = Article::from_text("case.txt", &raw).expect("a test article");
    pipeline::extract(&article, &pipeline::Options::default()).quads
}

/// A graph's quads, read back by subject.
struct Graph<'a> {
    quads: &'a [Quad],
    lang: &'a str,
}

impl Graph<'_> {
    /// A node's label in the article's language (a place has one per language), if it has one.
    fn label(&self, node: &Term) -> Option<String> {
        let labels: Vec<&oxrdf::Literal> = self
            .quads
            .iter()
            .filter(|q| Term::from(q.subject.clone()) == *node && q.predicate == rdfs::LABEL)
            .filter_map(|q| match &q.object {
                Term::Literal(l) => Some(l),
                _ => None,
            })
            .collect();
        labels
            .iter()
            .find(|l| l.language() == Some(self.lang))
            .or(labels.first())
            .map(|l| l.value().to_string())
    }

    /// A term as the tables write it: a node by its label, an IRI with its prefix, a literal
    /// by its value and language.
    fn show(&self, term: &Term) -> String {
        if let Some(label) = self
            .label(term)
            .filter(|_| !matches!(term, Term::Literal(_)))
        {
            return label;
        }
        match term {
            Term::NamedNode(n) => short(n.as_str()),
            Term::Literal(l) => match l.language() {
                Some(lang) => format!("{}@{lang}", l.value()),
                None => l.value().to_string(),
            },
            Term::BlankNode(b) => b.to_string(),
        }
    }

    /// Every quad as `subject predicate object`.
    fn facts(&self) -> BTreeSet<String> {
        self.quads
            .iter()
            .map(|q| {
                format!(
                    "{} {} {}",
                    self.show(&q.subject.clone().into()),
                    short(q.predicate.as_str()),
                    self.show(&q.object)
                )
            })
            .collect()
    }

    /// Each event as `label @ places [modality]`, in the graph's order.
    fn events(&self) -> Vec<String> {
        let event = Term::from(sem::EVENT.into_owned());
        let mut out = Vec::new();
        for q in self
            .quads
            .iter()
            .filter(|q| q.predicate == rdf::TYPE && q.object == event)
        {
            let node = Term::from(q.subject.clone());
            let of = |p| {
                self.quads
                    .iter()
                    .filter(move |x| x.subject == q.subject && x.predicate == p)
                    .map(|x| self.show(&x.object))
            };
            let mut line = self.label(&node).unwrap_or_default();
            let places: Vec<String> = of(sem::HAS_PLACE).collect();
            if !places.is_empty() {
                line.push_str(&format!(" @ {}", places.join(", ")));
            }
            for count in of(dp::CASUALTIES) {
                line.push_str(&format!(" ×{count}"));
            }
            for modality in of(dp::MODALITY) {
                line.push_str(&format!(" [{modality}]"));
            }
            out.push(line);
        }
        out
    }
}

/// An IRI with the standard prefix of its namespace (`schema:City`), or in brackets.
fn short(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, ns)| {
            iri.strip_prefix(ns)
                .map(|local| format!("{prefix}:{local}"))
        })
        .unwrap_or_else(|| format!("<{iri}>"))
}

/// One sentence and the events it must give (all of them, in order).
struct EventCase {
    lang: &'static str,
    /// Publication date, the anchor of "mardi", "on Monday".
    published: &'static str,
    text: &'static str,
    events: &'static [&'static str],
}

const EVENT_CASES: &[EventCase] = &[
    EventCase {
        lang: "fr",
        published: "2017-09-12",
        text: "Le président Karim Benali a déclaré mardi que la situation était grave.",
        events: &["Déclaration : Karim Benali, 2017-09-12"],
    },
    EventCase {
        lang: "en",
        published: "2019-03-13",
        text: "President Anna Berg said on Monday that talks would continue.",
        events: &["Statement : Anna Berg, 2019-03-11"],
    },
    EventCase {
        lang: "fr",
        published: "2017-09-12",
        text: "Karim Benali et Paul Lefort se sont rencontrés lundi à Genève.",
        events: &["Rencontre : Karim Benali – Paul Lefort, 2017-09-11 @ Genève"],
    },
    EventCase {
        lang: "en",
        published: "2019-03-13",
        text: "Prime Minister Anna Berg received President Joao Mendes in Oslo on Tuesday.",
        events: &["Meeting : Anna Berg – Joao Mendes, 2019-03-12 @ Oslo"],
    },
    EventCase {
        // A companion takes part in the meeting.
        lang: "fr",
        published: "2017-09-12",
        text: "Le président Karim Benali, accompagné du ministre Paul Lefort, a rencontré mardi à Rabat le roi Hassan Idrissi.",
        events: &["Rencontre : Karim Benali – Paul Lefort – Hassan Idrissi, 2017-09-12 @ Rabat"],
    },
    EventCase {
        lang: "fr",
        published: "2017-09-12",
        text: "Le Premier ministre Paul Lefort s'est rendu lundi à Bamako.",
        events: &["Visite : Paul Lefort, 2017-09-11 @ Bamako"],
    },
    EventCase {
        lang: "en",
        published: "2019-03-13",
        text: "At least 12 people were killed in an attack in Kabul on Tuesday.",
        events: &["Casualties, 2019-03-12 @ Kabul ×12"],
    },
    EventCase {
        // Planned for Thursday (two days after publication), then called off.
        lang: "fr",
        published: "2017-09-12",
        text: "La rencontre entre Karim Benali et Paul Lefort, prévue jeudi à Alger, a été annulée.",
        events: &["Rencontre : Karim Benali – Paul Lefort, 2017-09-14 @ Alger [dp:Cancelled]"],
    },
    EventCase {
        lang: "en",
        published: "2019-03-13",
        text: "The meeting between Anna Berg and Joao Mendes in Oslo was postponed.",
        events: &["Meeting : Anna Berg – Joao Mendes @ Oslo [dp:Cancelled]"],
    },
    EventCase {
        // A match, not a meeting.
        lang: "en",
        published: "2019-03-13",
        text: "Anna Berg defeated Joao Mendes in the final in Madrid on Sunday.",
        events: &[],
    },
    EventCase {
        // A gathering whose verb takes its date and place before the attendees.
        lang: "fr",
        published: "2017-09-12",
        text: "Le sommet a réuni lundi à Genève le président Karim Benali, le ministre Paul Lefort et la ministre Anna Berg.",
        events: &["Rencontre : Karim Benali – Paul Lefort – Anna Berg, 2017-09-11 @ Genève"],
    },
    EventCase {
        lang: "en",
        published: "2019-03-13",
        text: "The talks brought together in Oslo on Monday President Joao Mendes and Minister Anna Berg.",
        events: &["Meeting : Joao Mendes – Anna Berg, 2019-03-11 @ Oslo"],
    },
    EventCase {
        // "Participants" of a summit told before join it; of a march, they met no one.
        lang: "en",
        published: "2019-03-13",
        text: "President Joao Mendes and Minister Anna Berg met in Oslo on Monday. Participants included Prime Minister Karim Benali.",
        events: &["Meeting : Joao Mendes – Anna Berg – Karim Benali, 2019-03-11 @ Oslo"],
    },
    EventCase {
        lang: "fr",
        published: "2017-09-12",
        text: "Des milliers de personnes ont défilé lundi à Lyon. Parmi les participants figuraient le député Karim Benali et la syndicaliste Anna Berg.",
        events: &[],
    },
    EventCase {
        // The pronoun is the subject of the sentence before, not the story's first person;
        // the place is where he arrived, the day the one after.
        lang: "fr",
        published: "2017-09-12",
        text: "Le ministre Paul Lefort a déclaré lundi que la situation était grave. Le président Karim Benali est arrivé à Dakar le 5 septembre. Il a rencontré la ministre Anna Berg le lendemain.",
        events: &[
            "Rencontre : Karim Benali – Anna Berg, 2017-09-06 @ Dakar",
            "Déclaration : Paul Lefort, 2017-09-11",
        ],
    },
    EventCase {
        // A birth is no event of the article's.
        lang: "en",
        published: "2019-03-13",
        text: "Anna Berg was born in Oslo in 1965.",
        events: &[],
    },
];

#[test]
fn each_sentence_gives_its_events() {
    let mut wrong = Vec::new();
    for case in EVENT_CASES {
        let quads = quads(case.lang, case.published, case.text);
        let got = Graph {
            quads: &quads,
            lang: case.lang,
        }
        .events();
        if got != case.events {
            wrong.push(format!(
                "{}\n  expected {:?}\n  got      {got:?}",
                case.text, case.events
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// One sentence, quads its entities must give, and quads they must not.
struct QuadCase {
    lang: &'static str,
    published: &'static str,
    text: &'static str,
    present: &'static [&'static str],
    absent: &'static [&'static str],
}

const QUAD_CASES: &[QuadCase] = &[
    QuadCase {
        lang: "fr",
        published: "2017-09-12",
        text: "Le président tunisien Karim Benali a reçu mardi à Tunis le ministre français des Affaires étrangères Paul Lefort.",
        present: &[
            "Karim Benali rdf:type schema:Person",
            "Karim Benali rdfs:label Karim Benali@fr",
            "Karim Benali schema:nationality Tunisie",
            "Karim Benali schema:jobTitle président@fr",
            "Karim Benali dp:holdsRole président – Tunisie (Karim Benali)",
            "président – Tunisie (Karim Benali) rdf:type schema:Role",
            "président – Tunisie (Karim Benali) dp:roleOf Tunisie",
            "Paul Lefort schema:jobTitle ministre des Affaires étrangères@fr",
            "Paul Lefort schema:nationality France",
            // A city of the gazetteer: its finer type, its GeoNames identity, its English name.
            "Tunis rdf:type schema:Place",
            "Tunis rdf:type schema:City",
            "Tunis owl:sameAs <https://sws.geonames.org/2464470/>",
            "Tunis rdfs:label Tunis@en",
            "Tunisie rdf:type schema:Country",
            "Tunisie rdfs:label Tunisia@en",
            // A meeting held links its persons both ways.
            "Karim Benali dp:met Paul Lefort",
            "Paul Lefort dp:met Karim Benali",
            "<https://purl.org/depeche/id/article/case> schema:mentions Karim Benali",
            "<https://purl.org/depeche/id/article/case> schema:mentions Tunis",
        ],
        absent: &["Tunis rdf:type schema:Person", "Karim Benali dp:met Karim Benali"],
    },
    QuadCase {
        // Called off: the meeting is told, and links no one.
        lang: "fr",
        published: "2017-09-12",
        text: "La rencontre entre Karim Benali et Paul Lefort, prévue jeudi à Alger, a été annulée.",
        present: &[
            "Karim Benali rdf:type schema:Person",
            "Alger rdf:type schema:City",
            "Alger rdfs:label Algiers@en",
        ],
        absent: &[
            "Karim Benali dp:met Paul Lefort",
            "Paul Lefort dp:met Karim Benali",
        ],
    },
    QuadCase {
        lang: "en",
        published: "2019-03-13",
        text: "Prime Minister Anna Berg received President Joao Mendes in Oslo on Tuesday.",
        present: &[
            "Anna Berg rdf:type schema:Person",
            "Anna Berg rdfs:label Anna Berg@en",
            "Anna Berg schema:jobTitle prime minister@en",
            "Joao Mendes schema:jobTitle president@en",
            "Oslo rdf:type schema:City",
            "Oslo rdfs:label Oslo@fr",
            "Anna Berg dp:met Joao Mendes",
            "Joao Mendes dp:met Anna Berg",
        ],
        absent: &["Oslo rdf:type schema:Person"],
    },
];

#[test]
fn entities_give_their_quads() {
    let mut wrong = Vec::new();
    for case in QUAD_CASES {
        let quads = quads(case.lang, case.published, case.text);
        let facts = Graph {
            quads: &quads,
            lang: case.lang,
        }
        .facts();
        for fact in case.present.iter().filter(|f| !facts.contains(**f)) {
            wrong.push(format!("{}\n  missing {fact}", case.text));
        }
        for fact in case.absent.iter().filter(|f| facts.contains(**f)) {
            wrong.push(format!("{}\n  unexpected {fact}", case.text));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
