//! A partner's `fiches.json` as a hostile or careless partner writes it: terms equal
//! once folded but spelled apart, terms that make no address, thousands of terms,
//! control characters, RTL overrides, `</script>`, huge numbers, deep nesting,
//! duplicate slugs, a body of 50 MB. Whatever it holds, the site is built: a bad
//! entry is a warning naming the partner and the entry, nothing panics, and no
//! partner's text breaks out of the markup it is put in.

mod common;

use common::{Site, fiche};
use serde_json::{Value, json};

fn entry(slug: &str, title: &str, tags: Value) -> Value {
    json!({
        "slug": slug,
        "url": format!("https://alpin.example/fiches/{slug}/"),
        "title": title,
        "date": "2024-05-02",
        "variant": "factual",
        "summary": "Un atelier.",
        "authors": ["Léa"],
        "tags": tags,
        "themes": ["Lien social"],
        "territory": "74",
        "body_html": "<p>Texte</p>",
        "body_text": "Les habitants réparent ensemble.",
    })
}

fn doc(fiches: Vec<Value>) -> Vec<u8> {
    json!({
        "version": 1,
        "site": {"title": "Alpin", "url": "https://alpin.example/", "language": "fr"},
        "fiches": fiches,
    })
    .to_string()
    .into_bytes()
}

/// A site whose one partner, « Alpin », is the file `bytes` on the disk.
fn site_with_partner(bytes: &[u8]) -> Site {
    let toml = "title = \"Réseau Léman\"\nbase_url = \"https://leman.example/\"\n\
                [[sources]]\nname = \"Alpin\"\nurl = \"partenaires/alpin.json\"\n";
    let s = Site::new(&[
        ("fiches.toml", toml),
        (
            "content/jardin.md",
            &fiche(
                "Jardin local",
                "2024-01-10",
                "factual",
                "territory = \"Haute-Savoie\"\ntags = [\"Écoute\", \"réparation\"]",
                "Un jardin.",
            ),
        ),
    ]);
    s.write("partenaires/alpin.json", bytes);
    s
}

fn build(s: &Site) -> fiches::Report {
    let r = s.build();
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty() && r.built.is_some(), "{errors:#?}");
    r
}

fn partner_warnings(r: &fiches::Report) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| !d.is_note() && d.message.contains("partenaire"))
        .map(|d| d.message.clone())
        .collect()
}

/// Every page of the output, with its path.
fn pages(s: &Site) -> Vec<(String, String)> {
    common::snapshot(&s.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn terms_equal_once_folded_or_making_no_address_are_one_term_or_none() {
    let spellings = [
        "Écoute",
        "écoute",
        "ÉCOUTE",
        "E\u{301}coute",
        "écoute\u{a0}",
        "\u{202e}écoute",
        "ｅｃｏｕｔｅ",
    ];
    let empty_ones = [
        "", " ", "\u{a0}", "\u{202e}", "\u{200b}", "!!!", "\u{0}", "🙂",
    ];
    let mut fiches: Vec<Value> = spellings
        .iter()
        .enumerate()
        .map(|(i, t)| entry(&format!("e{i}"), &format!("Écoute {i}"), json!([t])))
        .collect();
    for (i, t) in empty_ones.iter().enumerate() {
        fiches.push(entry(
            &format!("v{i}"),
            &format!("Vide {i}"),
            json!([t, "réparation"]),
        ));
    }
    let s = site_with_partner(&doc(fiches));
    build(&s);
    for (path, html) in pages(&s) {
        assert!(
            !path.contains("//"),
            "{path}: an address with an empty part"
        );
        assert!(!html.contains('\u{0}'), "{path}: NUL in a page");
    }
    assert!(!s.exists("tags/index.html/index.html"));
    // One term of every spelling of « écoute », the site's; none of the empty
    // ones; the emoji named.
    let terms = s.read("tags/index.html");
    let mut linked: Vec<&str> = terms
        .split("href=\"../tags/")
        .skip(1)
        .filter_map(|l| l.split('"').next())
        .filter(|l| !l.is_empty())
        .collect();
    linked.sort();
    assert_eq!(linked, ["ecoute/", "reparation/", "slight-smile/"]);
    let ecoute = s.read("tags/ecoute/index.html");
    for i in 0..7 {
        assert!(ecoute.contains(&format!("Écoute {i}")), "{i}");
    }
}

#[test]
fn hostile_strings_are_escaped_or_named_in_a_warning() {
    let mut fiches = vec![
        entry(
            "script",
            "</script><script>alert(1)</script>",
            json!(["</script>"]),
        ),
        entry(
            "rtl",
            "\u{202e}gnp.exe\u{202c} titre",
            json!(["\u{202e}abc"]),
        ),
        entry(
            "ctl",
            "Titre\u{1}\u{1b}[31m\u{7f}\u{85}",
            json!(["a\u{1}b"]),
        ),
        entry("nul", "Ti\u{0}tre", json!(["x\u{0}y"])),
        entry("astral", "𝕏 𐍈 👨‍👩‍👧 שלום ﬁn", json!(["𐍈"])),
    ];
    // Same slug twice, two addresses: two fiches of the partner.
    fiches.push(entry("script", "Le même nom", json!([])));
    // Empty title, slug, date out of range, huge coordinates.
    let mut bad = entry("vide", " \u{a0}", json!([]));
    fiches.push(bad.clone());
    bad = entry("date", "Date", json!([]));
    bad["date"] = json!("99999-99-99");
    fiches.push(bad.clone());
    bad = entry("coord", "Coordonnées", json!([]));
    bad["coordinates"] = json!({"lat": 1e300, "lon": -1e300});
    fiches.push(bad.clone());
    let s = site_with_partner(&doc(fiches));
    let r = build(&s);
    let w = partner_warnings(&r);
    for name in ["n° 7 « vide »", "n° 8 « date »", "n° 9 « coord »"] {
        assert!(
            w.iter().any(|m| m.contains("Alpin") && m.contains(name)),
            "{name}: {w:#?}"
        );
    }
    for (path, html) in pages(&s) {
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("</script><script>"), "{path}");
        assert!(
            !html.contains('\u{0}') && !html.contains('\u{1b}'),
            "{path}"
        );
    }
}

#[test]
fn a_broken_or_odd_document_is_one_warning_never_a_failed_build() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let mut inner = entry("deep", "Profond", json!([])).to_string();
    inner = inner.replacen("\"tags\":[]", &format!("\"tags\":{}", deep(100_000)), 1);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep fiches",
            format!(
                "{{\"version\":1,\"site\":{{}},\"fiches\":{}}}",
                deep(100_000)
            )
            .into_bytes(),
        ),
        (
            "deep entry",
            format!("{{\"version\":1,\"site\":{{}},\"fiches\":[{inner}]}}").into_bytes(),
        ),
        (
            "huge version",
            b"{\"version\":1e999,\"site\":{},\"fiches\":[]}".to_vec(),
        ),
        (
            "big version",
            b"{\"version\":184467440737095516150,\"site\":{},\"fiches\":[]}".to_vec(),
        ),
        (
            "version 1.0",
            b"{\"version\":1.0,\"site\":{},\"fiches\":[]}".to_vec(),
        ),
        ("not json", b"\xff\xfe<html>".to_vec()),
        ("empty", Vec::new()),
        (
            "fiches an object",
            b"{\"version\":1,\"site\":{},\"fiches\":{}}".to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let s = site_with_partner(&bytes);
        let r = build(&s);
        let w = partner_warnings(&r);
        assert!(
            w.len() <= 1 && w.iter().all(|m| m.contains("Alpin")),
            "{what}: {w:#?}"
        );
    }
}

/// A partner's file saved with a byte order mark (an editor's doing) is read.
#[test]
fn a_byte_order_mark_before_the_json_is_no_mistake() {
    let bytes = [
        b"\xEF\xBB\xBF".as_slice(),
        &doc(vec![entry("a", "Atelier", json!([]))]),
    ]
    .concat();
    let s = site_with_partner(&bytes);
    let r = build(&s);
    assert!(
        partner_warnings(&r).is_empty(),
        "{:#?}",
        partner_warnings(&r)
    );
    assert!(s.read("index.html").contains("1 fiche de partenaire"));
}

#[test]
fn ten_thousand_terms_and_a_body_of_fifty_megabytes_are_read() {
    let tags: Vec<String> = (0..10_000).map(|i| format!("mot {i} é")).collect();
    let mut big = entry("gros", "Gros", json!(tags));
    big["body_text"] = json!("é".repeat(25_000_000));
    let s = site_with_partner(&doc(vec![big, entry("petit", "Petit", json!(["Écoute"]))]));
    let r = build(&s);
    assert!(partner_warnings(&r).is_empty(), "{:#?}", r.diagnostics);
    assert!(s.read("index.html").contains("2 fiches de partenaires"));
}
