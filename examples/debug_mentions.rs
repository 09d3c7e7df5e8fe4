//! Prints the mentions, entities and events of an article: a window into each stage.
//! `cargo run --release --example debug_mentions -- FILE [fr|en] [YYYY-MM-DD]`
use depeche::{
    article::{Article, Lang},
    coref, events,
    lexicon::Lexicon,
    mentions, segment, timex,
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let raw = std::fs::read_to_string(&args[1]).expect("readable file");
    let a = Article::from_text(&args[1], &raw).expect("an article");
    let lang = args
        .get(2)
        .and_then(|l| Lang::parse(l))
        .or(a.lang)
        .unwrap_or(Lang::Fr);
    let date = args
        .get(3)
        .and_then(|d| depeche::article::parse_date(d))
        .or(a.date);
    let lex = Lexicon::bundled();
    let text = a.body.as_str();
    let s = segment::segment(text, lex.lang(lang));
    let ms = mentions::find(text, &s, lex, lang);
    let r = coref::resolve(&ms, lex, lang);
    for (k, m) in ms.iter().enumerate() {
        println!(
            "s{} [{}..{}) phrase@{} {:?} {:?} tent={} weak={} -> {:?} roles={:?}",
            m.sentence,
            m.first,
            m.end,
            m.phrase_first,
            m.name,
            m.etype,
            m.tentative,
            m.weak,
            r.of_mention[k],
            m.roles.iter().map(|r| &r.title).collect::<Vec<_>>()
        );
    }
    let times: Vec<_> = s
        .iter()
        .map(|x| timex::find(text, x, lex.lang(lang), date))
        .collect();
    for (i, t) in times.iter().enumerate() {
        for x in t {
            println!("s{i} time {} birth={}", x.value.iso(), x.birth);
        }
    }
    let evs = events::extract(&events::Input {
        text,
        sentences: &s,
        mentions: &ms,
        resolution: &r,
        times: &times,
        lex,
        lang,
    });
    for e in evs {
        println!(
            "{:?} {:?} actors={:?} places={:?} time={:?} ev={:?}",
            e.class,
            e.trigger,
            e.actors
                .iter()
                .map(|&a| &r.entities[a].label)
                .collect::<Vec<_>>(),
            e.places
                .iter()
                .map(|&a| &r.entities[a].label)
                .collect::<Vec<_>>(),
            e.time.map(|t| t.iso()),
            e.evidence
        );
    }
}
