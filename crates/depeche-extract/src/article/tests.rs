//! Reading cases: front matter, encodings, JSON Lines, folders, limits and refusals.

use super::folders::{list_sorted, Listing};
use super::*;

#[test]
fn a_large_folder_is_walked_in_order_from_sorted_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<String> = (0..23)
        .map(|i| format!("{:02}-{}.txt", (i * 7) % 23, "x".repeat(i % 3)))
        .collect();
    for name in &names {
        std::fs::write(dir.path().join(name), "Le président a reçu.").unwrap();
    }
    names.sort();
    let Listing::Spilled(mut sorted) = list_sorted(dir.path(), 5).unwrap() else {
        panic!("23 entries in runs of 5 spill")
    };
    let mut walked = Vec::new();
    while let Some(entry) = sorted.next_entry() {
        walked.push(
            entry
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        );
    }
    assert_eq!(walked, names);
    let Listing::InMemory(few) = list_sorted(dir.path(), 100).unwrap() else {
        panic!("23 entries fit in memory")
    };
    assert_eq!(few.len(), 23);
}

#[test]
fn front_matter_fields_and_body_offsets() {
    let raw = "---\ntitle: Un titre\ndate: 2017-09-12\nlang: fr\nsource: AFP\n---\nLe président a reçu.\n";
    let a = Article::from_text("x/seed.txt", raw).unwrap();
    assert_eq!(a.id, "seed");
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2017, 9, 12));
    assert_eq!(a.source.as_deref(), Some("AFP"));
    let at = a.body.as_str().find("reçu").unwrap();
    assert_eq!(&raw[a.body.original_offset(at)..][..5], "reçu");
}

#[test]
fn text_without_front_matter_is_all_body() {
    let a = Article::from_text("a.txt", "---- not front matter\nBody").unwrap();
    assert!(a.title.is_none());
    assert!(a.body.as_str().starts_with("----"));
}

#[test]
fn bad_inputs_are_refused_with_reasons() {
    assert!(matches!(
        decode("f", b"abc\xff"),
        Err(ArticleError::NotUtf8 { offset: 3, .. })
    ));
    assert!(matches!(
        decode("f", b"ab\0c"),
        Err(ArticleError::Binary { .. })
    ));
    assert!(matches!(
        Article::from_text("f", "  \n"),
        Err(ArticleError::Empty { .. })
    ));
    let bad_date = Article::from_text("f", "---\ndate: mardi\n---\ntexte");
    assert!(matches!(
        bad_date,
        Err(ArticleError::BadField { field: "date", .. })
    ));
}

#[test]
fn json_lines_records() {
    let text = "{\"id\":\"a1\",\"date\":\"2016-10-21\",\"lang\":\"fr\",\"text\":\"Bonjour.\"}\n\n{\"text\":\"\"}\nnot json\n";
    let got = from_json_lines("feed.jsonl", text);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap().id, "a1");
    assert!(matches!(got[1], Err(ArticleError::Empty { .. })));
    assert!(matches!(got[2], Err(ArticleError::Json { .. })));
}

fn utf16le(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

#[test]
fn utf16_with_a_mark_is_decoded_and_other_encodings_named() {
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("Reçu à Tunis 🇹🇳.".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(decode("f", &be).unwrap(), "Reçu à Tunis 🇹🇳.");
    assert_eq!(decode("f", &utf16le("Texte.")).unwrap(), "Texte.");
    let mut odd = utf16le("Texte");
    odd.push(b'x');
    assert!(matches!(
        decode("f", &odd),
        Err(ArticleError::NotUtf16 { offset: 13, .. })
    ));
    let mut lone = utf16le("ab");
    lone.extend(0xDC00u16.to_le_bytes());
    assert!(matches!(
        decode("f", &lone),
        Err(ArticleError::NotUtf16 { offset: 6, .. })
    ));
    assert!(matches!(
        decode("f", &utf16le("a\0b")),
        Err(ArticleError::Binary { .. })
    ));
    let bare: Vec<u8> = utf16le("Un texte assez long pour juger.")[2..].to_vec();
    let err = decode("f", &bare).unwrap_err().to_string();
    assert!(
        err.contains("without a byte-order mark") && err.contains("UTF-16LE"),
        "{err}"
    );
    assert!(decode("f", &[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0])
        .unwrap_err()
        .to_string()
        .contains("UTF-32"));
    // A few NULs in binary data are not UTF-16.
    assert!(matches!(
        decode("f", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Err(ArticleError::Binary { .. })
    ));
}

#[test]
fn control_characters_never_reach_fields_and_offsets_survive_cleaning() {
    let raw = "---\ntitle: Un\x07 titre\u{ffff}\nsource: AFP\x1b[0m\n---\nLe \u{ffff}président\u{85} a reçu.\n";
    let a = Article::from_text("f.txt", raw).unwrap();
    assert_eq!(a.title.as_deref(), Some("Un  titre\u{fffd}"));
    assert_eq!(a.source.as_deref(), Some("AFP [0m"));
    let at = a.body.as_str().find("a reçu").unwrap();
    assert_eq!(&raw[a.body.original_offset(at)..][..7], "a reçu");
    assert!(!a.body.as_str().contains(['\u{ffff}', '\u{85}']));
}

#[test]
fn sizes_and_limits() {
    assert_eq!(parse_size("1M"), Some(1 << 20));
    assert_eq!(parse_size("512 KiB"), Some(512 << 10));
    assert_eq!(parse_size("2g"), Some(2 << 30));
    assert_eq!(parse_size("99999999999999G"), None);
    assert_eq!(parse_size("1.5M"), None);
    assert_eq!(human_bytes(100 << 20), "100.0 MiB");
    assert_eq!(human_bytes(1000), "1000 bytes");

    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Un article de trente-six octets.\n").unwrap();
    let tight = Limits {
        max_article_bytes: 20,
    };
    assert!(matches!(
        read_file_with(&text, &tight),
        Err(ArticleError::TooLarge {
            size: Some(33),
            limit: 20,
            ..
        })
    ));
    assert!(read_file_with(
        &text,
        &Limits {
            max_article_bytes: 33
        }
    )
    .unwrap()[0]
        .is_ok());

    // A long record is refused alone; the records around it still read.
    let lines = dir.path().join("a.jsonl");
    let long = format!("{{\"text\":\"{}\"}}", "x".repeat(100));
    std::fs::write(
        &lines,
        format!("{{\"text\":\"Un.\"}}\r\n{long}\n{{\"text\":\"Deux.\"}}"),
    )
    .unwrap();
    let got = read_file_with(
        &lines,
        &Limits {
            max_article_bytes: 40,
        },
    )
    .unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap().body.as_str(), "Un.");
    assert!(
        matches!(&got[1], Err(ArticleError::TooLarge { origin, size: None, .. }) if origin.ends_with("a.jsonl:2"))
    );
    assert_eq!(got[2].as_ref().unwrap().body.as_str(), "Deux.");
    assert_eq!(
        got[2].as_ref().unwrap().origin,
        format!("{}:3", lines.display())
    );
    // In memory, the same limit.
    let posted = from_json_lines_with(
        "p",
        &format!("{long}\n"),
        &Limits {
            max_article_bytes: 40,
        },
    );
    assert!(matches!(posted[0], Err(ArticleError::TooLarge { .. })));
}

#[test]
fn json_lines_nesting_and_encodings() {
    // A field depeche reads, nested past serde_json's limit, is refused before the stack
    // could overflow; one it ignores is skipped without recursion, however deep.
    let deep_id = format!(
        "{{\"text\":\"a\",\"id\":{}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let got = from_json_lines("f.jsonl", &deep_id);
    let Err(ArticleError::Json { message, .. }) = &got[0] else {
        panic!("{:?}", got[0].as_ref().err())
    };
    assert!(
        message.starts_with("it is nested more than 128 levels deep"),
        "{message}"
    );
    let deep_extra = format!(
        "{{\"text\":\"a\",\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(
        from_json_lines("f.jsonl", &deep_extra)[0]
            .as_ref()
            .unwrap()
            .body
            .as_str(),
        "a"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.jsonl");
    std::fs::write(
        &path,
        b"\xEF\xBB\xBF{\"text\":\"Un.\"}\n{\"text\":\"caf\xe9\"}\n",
    )
    .unwrap();
    let got = read_file_with(&path, &Limits::default()).unwrap();
    assert!(got[0].is_ok(), "a UTF-8 byte-order mark is allowed");
    assert!(
        matches!(&got[1], Err(ArticleError::NotUtf8 { offset: 30, .. })),
        "{:?}",
        got[1].as_ref().err()
    );
}
