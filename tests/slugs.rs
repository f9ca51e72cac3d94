//! One slug rule for the site and its contribution form: `src/slug.rs` and the
//! form's script (`contribute-rules.js`, run under Node) give the same slug for every
//! title of `tests/slugs.json` and for every code point between two letters, or the
//! form says it does not know (null) and then neither accepts nor refuses.

use std::process::Command;

use fiches::slug::slugify;

#[derive(serde::Deserialize)]
struct Entry {
    title: String,
    slug: String,
    /// Whether the form can spell this one (letters outside its table: no).
    form: bool,
}

fn shared() -> Vec<Entry> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/slugs.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_shared_list_is_what_src_slug_gives() {
    for e in shared() {
        assert_eq!(slugify(&e.title), e.slug, "{:?}", e.title);
    }
}

/// Whether Node is here; CI (FICHES_BROWSER_TESTS=1) demands it.
fn node_ready() -> bool {
    if Command::new("node").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("FICHES_BROWSER_TESTS").is_none(),
        "Node.js is required for the form's slug tests"
    );
    eprintln!("form slug tests skipped: Node.js is not installed");
    false
}

#[test]
fn the_form_slugs_as_the_site_or_says_it_cannot() {
    if !node_ready() {
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/slugs.mjs");
    let out = Command::new("node")
        .arg(script)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The shared list: the same slug where the list says the form knows it, null
    // (unknown) where it says it does not.
    let titles = answer["titles"].as_array().unwrap();
    let list = shared();
    assert_eq!(titles.len(), list.len());
    for (e, js) in list.iter().zip(titles) {
        let expected = if e.form {
            serde_json::json!(e.slug)
        } else {
            serde_json::Value::Null
        };
        assert_eq!(js, &expected, "{:?}", e.title);
    }
    // Every code point the form claims to know, between two letters (so that a
    // separator, a dropped mark and a letter all show).
    let mut wrong = Vec::new();
    let table = answer["table"].as_array().unwrap();
    for row in table {
        let c = char::from_u32(row[0].as_u64().unwrap() as u32).unwrap();
        let rust = slugify(&format!("a{c}b"));
        if row[1].as_str() != Some(rust.as_str()) {
            wrong.push(format!(
                "U+{:04X} {c:?}: form {} / site {rust}",
                c as u32, row[1]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The form knows ASCII and the Latin letters: a table that shrank to nothing
    // would pass the loop above.
    for c in ['é', 'Ł', 'ø', 'œ', 'ß', '\u{a0}', '«', '\u{301}'] {
        assert!(
            table.iter().any(|r| r[0].as_u64() == Some(c as u64)),
            "the form should know {c:?}"
        );
    }
}
