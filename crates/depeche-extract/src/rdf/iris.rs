//! IRIs: deterministic from a name, a gazetteer id or a position, and valid whatever the name.

use crate::article::Article;
use crate::coref::Entity;
use crate::lexicon::{EventClass, GazKind, Lexicon};
use crate::mentions::EntityType;
use crate::vocab::dp;
use oxrdf::{NamedNode, NamedNodeRef};

/// A readable IRI path segment for any name.
pub fn slug(name: &str) -> String {
    let folded = crate::lexicon::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            ' ' => out.push('-'),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    if out.is_empty() {
        // Names made only of punctuation still need a stable, valid segment.
        for b in name.bytes() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

pub(super) fn iri(s: String) -> NamedNode {
    // Every segment is slugged, so this only fails on a bad --base, which the CLI checks first.
    NamedNode::new(s).unwrap_or_else(|e| {
        NamedNode::new_unchecked(format!("urn:depeche:invalid:{}", slug(&e.to_string())))
    })
}

/// Checks that a base IRI is usable.
pub fn check_base(base: &str) -> Result<(), String> {
    NamedNode::new(format!("{base}x"))
        .map(|_| ())
        .map_err(|e| format!("the base IRI {base:?} is not valid: {e}"))
}

/// The IRI of an article (and of its named graph).
pub fn article_iri(base: &str, article: &Article) -> NamedNode {
    iri(format!("{base}article/{}", slug(&article.id)))
}

/// The gazetteer entry that is this entity, when its kind agrees with the entity's type: a
/// person whom context tells apart from the town of the same name is not that town, and must
/// not share its IRI, other-language names or GeoNames link.
pub(super) fn gazetteer_identity(e: &Entity, lex: &Lexicon) -> Option<usize> {
    let g = e.gaz?;
    let organization = lex.gazetteer.entries[g].kind == GazKind::Organization;
    match e.etype {
        EntityType::Person => None,
        EntityType::Organization => organization.then_some(g),
        EntityType::Place => (!organization).then_some(g),
    }
}

/// The IRI of an entity.
pub fn entity_iri(base: &str, e: &Entity, lex: &Lexicon) -> NamedNode {
    if let Some(g) = gazetteer_identity(e, lex) {
        let entry = &lex.gazetteer.entries[g];
        let id = entry
            .key
            .split_once(':')
            .map_or(entry.key.as_str(), |(_, id)| id);
        // Organization keys are curated slugs already; places carry their GeoNames id, since
        // place names repeat across the world.
        return match entry.kind {
            GazKind::Organization => iri(format!("{base}org/{}", slug(id))),
            _ => iri(format!("{base}place/{}-{}", slug(&entry.name_en), slug(id))),
        };
    }
    let kind = match e.etype {
        EntityType::Person => "person",
        EntityType::Organization => "org",
        EntityType::Place => "place",
    };
    iri(format!("{base}{kind}/{}", slug(&e.label)))
}

pub(super) fn class_name(c: EventClass) -> (&'static str, NamedNodeRef<'static>) {
    match c {
        EventClass::Meeting => ("meeting", dp::MEETING),
        EventClass::Visit => ("visit", dp::VISIT),
        EventClass::Statement => ("statement", dp::STATEMENT),
        EventClass::Handover => ("handover", dp::HANDOVER),
        EventClass::Military => ("military-action", dp::MILITARY_ACTION),
        EventClass::Casualties => ("casualties", dp::MILITARY_ACTION),
    }
}
