//! The search index and the search page's engine, run under Node on small sites:
//! folding, stemming, ranking (title above text, all words, newest on ties),
//! prefixes while typing, filters and their counts, excerpts, `search = false`.

mod common;

use std::process::Command;

use common::{Site, fiche};

/// The results of `query` with `filters` (JSON) on the built site `s`.
fn search(s: &Site, query: &str, filters: &str) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/engine.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(s.out())
        .arg(query)
        .arg(filters)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "engine failed on {query:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("engine prints JSON")
}

fn slugs(v: &serde_json::Value) -> Vec<String> {
    v["slugs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Whether Node is here; CI (FICHES_BROWSER_TESTS=1) demands it.
fn node_ready() -> bool {
    if Command::new("node").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("FICHES_BROWSER_TESTS").is_none(),
        "Node.js is required for the search engine tests"
    );
    eprintln!("search engine tests skipped: Node.js is not installed");
    false
}

fn garden() -> Site {
    let with = |theme: &str, tags: &str| format!("themes = [\"{theme}\"]\ntags = [{tags}]");
    Site::new(&[
        (
            "content/titre.md",
            &fiche(
                "Le potager des Buissons",
                "2021-03-01",
                "factual",
                &with("Nature", "\"jardin\""),
                "## Contexte\n\nUn terrain vague devenu lieu de rencontre.\n",
            ),
        ),
        (
            "content/texte.md",
            &fiche(
                "Des habitants qui se retrouvent",
                "2024-05-02",
                "storytelling",
                &with("Nature", "\"jardin\", \"quartier\""),
                "## Contexte\n\nLe samedi, nous allons au potager avec les enfants.\n",
            ),
        ),
        (
            "content/compost.md",
            &fiche(
                "Un compost collectif",
                "2023-09-10",
                "factual",
                &with("Déchets", "\"quartier\""),
                "## Contexte\n\nLe compost nourrit le potager voisin. Zébulonesque, disent les enfants.\n",
            ),
        ),
        (
            "content/reseaux.md",
            &fiche(
                "Réseaux d'entraide",
                "2022-01-01",
                "storytelling",
                &with("Solidarité", "\"entraide\""),
                "## Contexte\n\nL'atelier du jeudi, une soirée-débat par mois.\n",
            ),
        ),
        (
            "content/ancien.md",
            &fiche(
                "Une fiche ancienne",
                "2019-01-01",
                "factual",
                &with("Solidarité", "\"entraide\""),
                "## Contexte\n\nUn réseau de voisins dans la ruelle.\n",
            ),
        ),
        (
            "content/recent.md",
            &fiche(
                "Une fiche récente",
                "2025-01-01",
                "factual",
                &with("Solidarité", "\"entraide\""),
                "## Contexte\n\nUn réseau de voisins dans la ruelle.\n",
            ),
        ),
    ])
}

#[test]
fn ranking_title_above_text_all_words_and_newest_on_ties() {
    if !node_ready() {
        return;
    }
    let s = garden();
    s.build_ok();
    // A word in a title ranks above the same word in a newer fiche's text.
    let r = search(&s, "potager ", "{}");
    assert_eq!(slugs(&r), ["titre", "texte", "compost"]);
    // Every word must be there.
    let r = search(&s, "potager compost ", "{}");
    assert_eq!(slugs(&r), ["compost"]);
    // Same words, same lengths: the newest first.
    let r = search(&s, "ruelles ", "{}");
    assert_eq!(slugs(&r), ["recent", "ancien"]);
}

#[test]
fn accents_case_plurals_and_prefixes() {
    if !node_ready() {
        return;
    }
    let s = garden();
    s.build_ok();
    for q in ["reseau ", "RÉSEAU ", "réseaux ", "Reseaux "] {
        let found = slugs(&search(&s, q, "{}"));
        assert!(found.contains(&"reseaux".to_string()), "{q:?}: {found:?}");
        assert!(found.contains(&"recent".to_string()), "{q:?}: {found:?}");
    }
    // The last word is a prefix while it is typed, not once followed by a space.
    assert_eq!(slugs(&search(&s, "zébul", "{}")), ["compost"]);
    assert!(slugs(&search(&s, "zébul ", "{}")).is_empty());
    // Apostrophes and hyphens split words.
    assert_eq!(slugs(&search(&s, "atelier ", "{}")), ["reseaux"]);
    assert_eq!(slugs(&search(&s, "soirée-débat", "{}")), ["reseaux"]);
    assert_eq!(slugs(&search(&s, "debat ", "{}")), ["reseaux"]);
    // Stop words alone find nothing.
    assert!(slugs(&search(&s, "les de la ", "{}")).is_empty());
}

#[test]
fn filters_and_their_counts() {
    if !node_ready() {
        return;
    }
    let s = garden();
    s.build_ok();
    let r = search(&s, "potager ", r#"{"theme":"Nature"}"#);
    assert_eq!(slugs(&r), ["titre", "texte"]);
    // Counts among the query's results, the other filters applied.
    assert_eq!(r["counts"]["theme"]["Nature"], 2);
    assert_eq!(r["counts"]["theme"]["Déchets"], 1);
    assert_eq!(r["counts"]["variant"]["factual"], 1);
    assert_eq!(r["counts"]["variant"]["storytelling"], 1);
    // Filters combine, and work with no words at all (newest first).
    let r = search(&s, "", r#"{"theme":"Solidarité","variant":"factual"}"#);
    assert_eq!(slugs(&r), ["recent", "ancien"]);
    let r = search(&s, "", r#"{"year":"2024"}"#);
    assert_eq!(slugs(&r), ["texte"]);
    assert_eq!(r["counts"]["year"]["2019"], 1);
    let r = search(&s, "", r#"{"tag":"quartier"}"#);
    assert_eq!(r["counts"]["tag"]["quartier"], 2);
}

#[test]
fn excerpts_and_titles_mark_the_words_searched() {
    if !node_ready() {
        return;
    }
    let s = garden();
    s.build_ok();
    let r = search(&s, "potager", "{}");
    let excerpts: Vec<&str> = r["excerpts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(r["titles"][0], "Le [potager] des Buissons");
    assert!(
        excerpts[1].contains("allons au [potager] avec"),
        "{excerpts:?}"
    );
    assert!(
        excerpts[2].contains("nourrit le [potager] voisin"),
        "{excerpts:?}"
    );
    let r = search(&s, "réseaux", "{}");
    assert_eq!(r["titles"][0], "[Réseaux] d'entraide");
    assert!(
        r["excerpts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e.as_str().unwrap().contains("Un [réseau] de voisins")),
        "{r}"
    );
}

#[test]
fn the_index_is_a_few_files_and_search_can_be_turned_off() {
    let s = garden();
    s.build_ok();
    let page = s.read("search/index.html");
    assert!(page.contains("<label for=\"search-q\">Mots à chercher</label>"));
    assert!(page.contains("src=\"../search-engine.js\""));
    assert!(page.contains("data-index=\"../search/data/\""));
    let entry = s.read("search/data/index.js");
    assert!(entry.starts_with("fichesSearch(\"index\","));
    assert!(s.exists("search/data/t/0.js"));
    assert!(s.exists("search/data/d/0.js"));
    let off = Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\nbase_url = \"https://exemple.org/\"\nsearch = false\n",
        ),
        ("content/a.md", &fiche("A", "2024-01-01", "factual", "", "")),
    ]);
    off.build_ok();
    assert!(!off.exists("search"));
    assert!(!off.read("index.html").contains(">Rechercher</a>"));
}
