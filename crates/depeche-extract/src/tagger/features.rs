//! The features of a token: hashed words, affixes, shapes, lexicon flags, rules and the document.

use super::{DocInfo, Label, TokenInfo};
use crate::article::Lang;

/// FNV-1a of a string: stable across builds and platforms, so the model stays valid.
pub(super) fn fnv(value: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in value.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// A feature of template `t` over one or two value hashes.
pub(super) fn mix(t: u64, a: u64, b: u64) -> u64 {
    let mut h = (a ^ t.wrapping_mul(0x9E3779B97F4A7C15)).wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 32;
    h = (h ^ b.rotate_left(23)).wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^ (h >> 29)
}

pub(super) fn fhash(template: u64, value: &str) -> u64 {
    mix(template, fnv(value), 0)
}

/// Word shape: "Xxxx" → "Xx", "ONU" → "X", "G7" → "Xd", "l'" → "x'".
#[cfg(test)]
pub(super) fn shape(w: &str) -> String {
    let mut out = String::new();
    shape_chars(w, |c| out.push(c));
    out
}

/// The characters of a word's shape, given one by one: letters and digits collapse to their
/// class, repeats to one, and at most seven are given.
pub(super) fn shape_chars(w: &str, mut emit: impl FnMut(char)) {
    let mut last = '\0';
    let mut len = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            emit(s);
            len += s.len_utf8();
            last = s;
        }
        if len > 6 {
            break;
        }
    }
}

/// [`fnv`] of a word's shape, without building the string: one per token of every sentence.
pub(super) fn shape_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut buf = [0u8; 4];
    shape_chars(w, |c| {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    });
    h
}

pub(super) fn prefix(w: &str, n: usize) -> &str {
    w.char_indices().nth(n).map_or(w, |(k, _)| &w[..k])
}

pub(super) fn suffix(w: &str, n: usize) -> &str {
    let count = w.chars().count();
    if count <= n {
        return w;
    }
    w.char_indices().nth(count - n).map_or(w, |(k, _)| &w[k..])
}

/// A sentence as the tagger reads it.
pub struct SentenceInput<'a> {
    /// Tokens as written.
    pub words: &'a [&'a str],
    /// Their lowercase forms.
    pub lower: &'a [&'a str],
    /// What the lexicons say of each.
    pub info: &'a [TokenInfo],
}

pub(super) const START: u64 = 0x53_5441_5254; // "START"
pub(super) const END: u64 = 0x45_4e44; // "END"

/// The features of every token that do not depend on the labels before it: token `i`'s are
/// `feats[starts[i]..starts[i + 1]]`, and its shape feature is the first.
pub(super) fn static_features(
    s: &SentenceInput,
    lang: Lang,
    doc: &DocInfo,
    feats: &mut Vec<u64>,
    starts: &mut Vec<usize>,
) {
    let n = s.words.len();
    let lang_h = match lang {
        Lang::Fr => 1,
        Lang::En => 2,
    };
    // Each token's word, lowercase and shape hashed once; neighbours combine these.
    let hl: Vec<u64> = s.lower.iter().map(|l| fnv(l)).collect();
    let hs: Vec<u64> = s.words.iter().map(|w| shape_hash(w)).collect();
    let at = |v: &[u64], k: isize| -> u64 {
        if k < 0 {
            START
        } else if k as usize >= n {
            END
        } else {
            v[k as usize]
        }
    };
    feats.clear();
    starts.clear();
    for i in 0..n {
        starts.push(feats.len());
        let ii = i as isize;
        let (w, l) = (s.words[i], s.lower[i]);
        let f = &mut *feats;
        f.push(mix(3, hs[i], lang_h));
        f.push(mix(0, lang_h, 0));
        f.push(fhash(1, w));
        f.push(mix(2, hl[i], 0));
        for k in 1..=3 {
            f.push(fhash(4 + k as u64, prefix(l, k)));
        }
        for k in 2..=4 {
            f.push(fhash(8 + k as u64, suffix(l, k)));
        }
        f.push(mix(13, at(&hl, ii - 1), 0));
        f.push(mix(14, at(&hl, ii + 1), 0));
        f.push(mix(15, at(&hl, ii - 2), 0));
        f.push(mix(16, at(&hl, ii + 2), 0));
        f.push(mix(17, at(&hl, ii - 1), hl[i]));
        f.push(mix(18, hl[i], at(&hl, ii + 1)));
        f.push(mix(19, at(&hs, ii - 1), hs[i]));
        f.push(mix(20, hs[i], at(&hs, ii + 1)));
        f.push(mix(21, at(&hs, ii - 1), 0));
        f.push(mix(22, at(&hs, ii + 1), 0));
        let position: u64 = match i {
            0 => 1,
            1 if matches!(s.words[0], "«" | "\"" | "(" | "–" | "-" | "“") => 1,
            _ if i + 1 == n => 2,
            _ => 3,
        };
        f.push(mix(23, position, hs[i]));
        let info = s.info[i];
        let mut bits = info.flags;
        while bits != 0 {
            let b = u64::from(bits.trailing_zeros());
            bits &= bits - 1;
            f.push(mix(24, b, u64::from(position == 1)));
            // The same flag in this language: a given name or a rule's guess means more in one
            // language's text than in the other's (Daumé's "frustratingly easy" adaptation).
            f.push(mix(40, b, lang_h));
        }
        if info.gaz != 0 {
            f.push(mix(25, u64::from(info.gaz), 0));
            f.push(mix(26, u64::from(info.gaz), hs[i]));
        }
        for (d, t) in [(-1isize, 27u64), (1, 28)] {
            let k = ii + d;
            if k >= 0 && (k as usize) < n {
                let o = s.info[k as usize];
                let mut bits = o.flags;
                while bits != 0 {
                    let b = u64::from(bits.trailing_zeros());
                    bits &= bits - 1;
                    f.push(mix(t, b, 0));
                }
                if o.gaz != 0 {
                    f.push(mix(t, 100 + u64::from(o.gaz), 0));
                }
            }
        }
        // What the rules found here: the tagger learns when to trust them.
        let rule = u64::from(info.rule);
        f.push(mix(34, rule, 0));
        f.push(mix(41, rule, lang_h));
        f.push(mix(35, rule, hs[i]));
        f.push(mix(36, rule, at_rule(s, ii - 1)));
        f.push(mix(37, rule, at_rule(s, ii + 1)));
        // The same word elsewhere in the article: capitalised inside a sentence is a name, written
        // lowercase is ordinary vocabulary.
        if w.chars().next().is_some_and(char::is_uppercase) {
            let (mid, low) = doc.counts(l);
            let mid_elsewhere = u64::from(mid.saturating_sub(u16::from(i > 0)) > 0);
            f.push(mix(29, mid_elsewhere, u64::from(low > 0)));
            f.push(mix(30, mid_elsewhere, position));
            // The type the tagger gave the word in the sentences before.
            let earlier = doc.earlier_type(l);
            if earlier != 0 {
                f.push(mix(38, earlier, 0));
                f.push(mix(39, earlier, u64::from(info.rule)));
            }
        }
    }
    starts.push(feats.len());
}

pub(super) fn at_rule(s: &SentenceInput, k: isize) -> u64 {
    if k < 0 || k as usize >= s.info.len() {
        99
    } else {
        u64::from(s.info[k as usize].rule)
    }
}

/// The features of the pair (label before, label here) at a token whose shape feature is `shape_f`.
pub(super) fn transition_features(prev: Label, shape_f: u64) -> [u64; 2] {
    [
        mix(31, u64::from(prev), 0),
        mix(33, u64::from(prev), shape_f),
    ]
}
