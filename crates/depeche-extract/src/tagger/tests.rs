//! Tagger cases on a small trained model: labels, spans, features, decoding, the model format.

use super::features::{fnv, prefix, shape, shape_hash, suffix};
use super::model::Lattice;
use super::*;
use crate::article::Lang;
#[test]
fn spans_follow_bio() {
    assert_eq!(
        spans(&[0, 1, 2, 0, 5, 3, 4, 4]),
        [(1, 3, Kind::Per), (4, 5, Kind::Loc), (5, 8, Kind::Org)]
    );
    assert_eq!(spans(&[2, 4]), [(0, 1, Kind::Per), (1, 2, Kind::Org)]);
}

#[test]
fn viterbi_lets_a_later_word_change_an_earlier_label() {
    // Alone, the first token is best a person (5 > 4); only an organization can go on into
    // the second token's strong inside-organization score, and the whole sequence wins.
    let mut l: Lattice<i32> = Lattice::new();
    let mut e0 = [0; STRIDE];
    e0[1] = 5;
    e0[3] = 4;
    let mut e1 = [0; STRIDE];
    e1[4] = 10;
    l.emit = vec![e0, e1];
    l.trans = vec![[[0; STRIDE]; STRIDE]; 2];
    let (mut labels, mut margins) = (Vec::new(), Vec::new());
    l.decode(&mut labels, Some(&mut margins));
    assert_eq!(labels, [3, 4]);
    // The best sequence that does not begin with B-ORG begins with B-PER: 5 against 14.
    assert_eq!(margins[0], 9);
    assert_eq!(spans(&labels), [(0, 2, Kind::Org)]);
}

#[test]
fn shapes_collapse_repeats() {
    assert_eq!(shape("Paris"), "Xx");
    assert_eq!(shape("ONU"), "X");
    assert_eq!(shape("G7"), "Xd");
    assert_eq!(suffix("armée", 3), "mée");
    assert_eq!(prefix("été", 2), "ét");
    for w in ["Paris", "ONU", "G7", "l'", "Jean-Marc", "Ébène", "1984"] {
        assert_eq!(shape_hash(w), fnv(&shape(w)), "{w}");
    }
}

#[test]
fn a_model_survives_its_bytes_and_learns_a_pattern() {
    let ex = |w: &[&str], g: &[Label]| Example {
        words: w.iter().map(|s| s.to_string()).collect(),
        lower: w.iter().map(|s| s.to_lowercase()).collect(),
        info: vec![TokenInfo::default(); w.len()],
        gold: g.to_vec(),
    };
    let doc = TrainDoc {
        name: "t".into(),
        lang: Lang::En,
        sentences: vec![
            ex(
                &["Mr", "Zorb", "went", "to", "Quux", "."],
                &[0, 1, 0, 0, 5, 0],
            ),
            ex(
                &["Mr", "Blip", "flew", "to", "Fnord", "."],
                &[0, 1, 0, 0, 5, 0],
            ),
        ],
    };
    let mut t = Trainer::new(12);
    for _ in 0..5 {
        t.epoch(&[&doc]);
    }
    let m = Model::from_bytes(&t.averaged().to_bytes()).unwrap();
    assert_eq!(tag_doc(&m, &doc)[0], [0, 1, 0, 0, 5, 0]);
    assert!(Model::from_bytes(b"nonsense").is_err());
}
