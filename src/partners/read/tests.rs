//! A partner's fiches.json read: good entries kept, bad ones named, hostile text.

use proptest::prelude::*;
use serde_json::json;

use super::*;

fn entry(slug: &str, title: &str) -> serde_json::Value {
    json!({
        "slug": slug, "url": format!("https://alpin.example/fiches/{slug}/"),
        "title": title, "date": "2024-03-01", "variant": "factual",
        "summary": "Un résumé", "authors": ["Anne"], "tags": ["jardin"], "themes": [],
        "territory": "Haute-Savoie", "body_html": "<p>x</p>", "body_text": "Le texte."
    })
}

fn doc(fiches: Vec<serde_json::Value>) -> Vec<u8> {
    json!({"version": 1, "site": {"title": "Alpin", "url": "https://alpin.example/", "language": "fr"}, "fiches": fiches})
        .to_string()
        .into_bytes()
}

#[test]
fn good_entries_are_kept_and_bad_ones_named() {
    let mut bad_date = entry("b", "B");
    bad_date["date"] = json!("2024-02-30");
    let mut no_title = entry("c", "C");
    no_title.as_object_mut().unwrap().remove("title");
    let bytes = doc(vec![entry("a", "A"), bad_date, no_title, json!(42)]);
    let (read, warnings) = document("Réseau Alpin", &bytes, "x.json", Lang::Fr);
    let (site, fiches) = read.unwrap();
    assert_eq!(site.as_deref(), Some("https://alpin.example/"));
    assert_eq!(fiches.len(), 1);
    assert_eq!(fiches[0].territory.as_deref(), Some("Haute-Savoie"));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].message.contains("Réseau Alpin"));
    assert!(
        warnings[0].message.contains("n° 2 « b »"),
        "{}",
        warnings[0].message
    );
    assert!(
        warnings[1].message.contains("title"),
        "{}",
        warnings[1].message
    );
    assert!(
        warnings[2].message.contains("n° 4"),
        "{}",
        warnings[2].message
    );
}

#[test]
fn not_a_document_is_one_warning() {
    for bytes in [
        &b"<html>"[..],
        b"{\"version\": 2, \"site\": {}, \"fiches\": []}",
        b"",
        b"[]",
    ] {
        let (read, warnings) = document("X", bytes, "x.json", Lang::En);
        assert!(read.is_none());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("\"X\""));
    }
}

#[test]
fn many_bad_entries_are_summed_up() {
    let bad: Vec<_> = (0..50).map(|i| json!({"slug": format!("s{i}")})).collect();
    let (read, warnings) = document("X", &doc(bad), "x.json", Lang::Fr);
    assert!(read.unwrap().1.is_empty());
    assert_eq!(warnings.len(), SAID + 1);
    assert!(warnings[SAID].message.contains("45 autres"));
}

#[test]
fn relative_addresses_are_made_absolute_and_others_refused() {
    let base = Some("https://a.example/reseau/fiches.json");
    assert_eq!(
        absolute("fiches/x/", base).as_deref(),
        Some("https://a.example/reseau/fiches/x/")
    );
    assert_eq!(
        absolute("/fiches/x/", base).as_deref(),
        Some("https://a.example/fiches/x/")
    );
    assert_eq!(
        absolute("https://b.example/", None).as_deref(),
        Some("https://b.example/")
    );
    assert_eq!(
        absolute("//b.example/x", base).as_deref(),
        Some("https://b.example/x")
    );
    for bad in [
        "javascript:alert(1)",
        "fiches/x/",
        "data:text/html,x",
        "https://a b/",
        "",
    ] {
        assert_eq!(
            absolute(bad, if bad == "fiches/x/" { None } else { base }),
            None,
            "{bad}"
        );
    }
}

#[test]
fn the_same_address_twice_is_kept_once() {
    let (read, warnings) = document(
        "X",
        &doc(vec![entry("a", "A"), entry("a", "A2")]),
        "x",
        Lang::Fr,
    );
    assert_eq!(read.unwrap().1.len(), 1);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn texts_are_trimmed_of_every_space_and_empty_ones_dropped() {
    let mut e = entry("a", " \u{a0}Jardin 🌱\u{2003}\n");
    e["summary"] = json!("\tRésumé ");
    e["tags"] = json!(["  jardin", "", "\u{a0}", "👩🏽‍🌾 ", "sans espace"]);
    e["territory"] = json!("\u{a0}");
    e["organization"] = json!(" \u{202e}Asso ");
    let (read, warnings) = document("X", &doc(vec![e]), "x", Lang::Fr);
    assert!(warnings.is_empty(), "{warnings:?}");
    let f = &read.unwrap().1[0];
    assert_eq!(f.title, "Jardin 🌱");
    assert_eq!(f.summary, "Résumé");
    assert_eq!(f.tags, ["jardin", "👩🏽‍🌾", "sans espace"]);
    assert_eq!(f.territory, None);
    assert_eq!(f.organization.as_deref(), Some("\u{202e}Asso"));
    // A title of spaces only is no title.
    let (read, warnings) = document(
        "X",
        &doc(vec![entry("b", "\u{a0} \u{3000}")]),
        "x",
        Lang::Fr,
    );
    assert!(read.unwrap().1.is_empty());
    assert!(
        warnings[0].message.contains("title"),
        "{}",
        warnings[0].message
    );
}

proptest! {
    #[test]
    fn any_text_in_any_field_never_panics(
        title in crate::cut::hostile::text(8),
        slug in crate::cut::hostile::text(3),
        date in "\\PC{0,12}",
        url in crate::cut::hostile::text(4),
    ) {
        let mut e = entry("a", &title);
        e["slug"] = json!(slug);
        e["date"] = json!(date);
        e["url"] = json!(url);
        e["territory"] = json!(title);
        let (read, _) = document(&title, &doc(vec![e, entry("b", &title)]), &url, Lang::Fr);
        let fiches = read.unwrap().1;
        for f in &fiches {
            prop_assert!(f.url.starts_with("http"));
            prop_assert!(!f.title.is_empty());
        }
    }
}
