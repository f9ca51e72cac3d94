//! The search index in `fiches serve`: an edit rewrites only the index files its
//! words touch, and a word just written is found by the search page's data.

mod common;

use common::live::until;
use common::{Site, fiche, request, serve};

fn get(port: u16, path: &str) -> (u16, String) {
    request(port, &format!("GET {path} HTTP/1.1\r\nHost: localhost"), "")
}

/// The data a search file registers (`fichesSearch(name, DATA);`).
fn data(script: &str) -> serde_json::Value {
    let start = script.find(',').expect("a search file") + 1;
    let end = script.rfind(");").expect("a search file");
    serde_json::from_str(&script[start..end]).expect("JSON data")
}

/// Every search file of the site: the entry and each term chunk, by path.
fn index_files(port: u16) -> Vec<(String, String)> {
    let (status, entry) = get(port, "/search/data/index.js");
    assert_eq!(status, 200);
    let chunks = data(&entry)["chunks"].as_array().unwrap().len();
    let mut out = vec![("index.js".to_string(), entry)];
    for c in 0..chunks {
        let path = format!("t/{c}.js");
        let (status, body) = get(port, &format!("/search/data/{path}"));
        assert_eq!(status, 200, "{path}");
        out.push((path, body));
    }
    out
}

/// Waits until the search index is served (it is made in the background).
fn indexed(port: u16) {
    until(port, "the search index", || {
        match get(port, "/search/data/index.js") {
            (200, _) => Ok(()),
            other => Err(other),
        }
    });
}

/// Waits until the index holds the word `zygomatique` (`true`) or no longer does.
fn holds_word(port: u16, holds: bool) {
    until(port, &format!("zygomatique in the index: {holds}"), || {
        let files = index_files(port);
        let found = files.iter().any(|(_, t)| t.contains("\"zygomatiqu"));
        (found == holds).then_some(()).ok_or(found)
    });
}

/// Fiche `i`'s own words, which sort together (and so share a chunk or two).
fn words_of(i: usize) -> String {
    let lead = format!(
        "{}{}",
        (b'a' + (i / 26) as u8) as char,
        (b'a' + (i % 26) as u8) as char
    );
    let syllables = ["ba", "ko", "ri", "mu", "te", "lo", "sa", "vi", "pe", "du"];
    (0..120)
        .map(|j| format!("{lead}{}{}nel", syllables[j / 12 % 10], syllables[j % 10]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn site() -> Site {
    let fiches: Vec<(String, String)> = (0..40)
        .map(|i| {
            let body = format!("## Contexte\n\n{}.\n", words_of(i));
            let date = format!("2024-01-{:02}", i % 28 + 1);
            (
                format!("content/f{i:02}.md"),
                fiche(&format!("Fiche {i}"), &date, "factual", "", &body),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = fiches
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Site::new(&files)
}

#[test]
fn an_edit_rewrites_only_the_index_files_its_words_touch() {
    let s = site();
    let server = serve(&s);
    // The index is built in the background after the first build.
    indexed(server.port);
    let before = index_files(server.port);
    assert!(
        before.len() > 4,
        "the test needs several term chunks: {}",
        before.len()
    );
    assert!(!before.iter().any(|(_, t)| t.contains("zygomatiqu")));

    let path = "content/f05.md";
    let text = std::fs::read_to_string(s.path().join(path)).unwrap();
    s.write(
        path,
        text.replace("## Contexte\n\n", "## Contexte\n\nUn rire zygomatique. ")
            .as_bytes(),
    );
    holds_word(server.port, true);
    // The files were read one by one: the entry may predate the update that a
    // later chunk shows. The server swaps them all at once, so a second reading,
    // begun after the word was seen, is all of one index.
    let after = index_files(server.port);
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert!(
        changed.contains(&"index.js") || changed.len() > 1,
        "{changed:?}"
    );
    assert!(
        changed.len() < before.len() / 2,
        "an edit of one fiche rewrote {} of {} index files: {changed:?}",
        changed.len(),
        before.len()
    );
    // The other fiches' words are still there, the edited fiche's too.
    let all: String = after.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains(&format!("\"{}", &words_of(30)[..6])));
    assert!(all.contains(&format!("\"{}", &words_of(5)[..6])));

    // A removed fiche leaves the index.
    std::fs::remove_file(s.path().join(path)).unwrap();
    holds_word(server.port, false);
}

#[test]
fn french_no_break_spaces_keep_the_index_alive() {
    // Issue 22: an excerpt cut one byte past a no-break space killed the index's
    // thread, and search/data/ answered 404 until a restart.
    let s = Site::new(&[(
        "content/a.md",
        &fiche(
            "Un atelier",
            "2024-01-01",
            "factual",
            "",
            "## Contexte\n\nDu texte.\n",
        ),
    )]);
    let server = serve(&s);
    indexed(server.port);
    let text = std::fs::read_to_string(s.path().join("content/a.md")).unwrap();
    let french = "Attention\u{a0}: voici un texte\u{202f}; avec « guillemets\u{a0}» ".repeat(3);
    s.write(
        "content/a.md",
        text.replace(
            "Du texte.",
            &format!("{french}et un mot nouveau\u{a0}: zygomatique\u{202f}!"),
        )
        .as_bytes(),
    );
    holds_word(server.port, true);
    let all: String = index_files(server.port)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(
        all.contains("Attention\u{a0}: voici"),
        "the excerpt keeps the no-break space"
    );
}
