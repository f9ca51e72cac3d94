//! The search index and the search page's engine, run under Node on small sites:
//! folding, stemming, ranking (title above text, all words, newest on ties),
//! prefixes while typing, filters and their counts, excerpts, `search = false`.

mod common;

use std::process::Command;

use common::{Site, fiche};

/// The results of `query` with `filters` (JSON) on the built site `s`.
fn search(s: &Site, query: &str, filters: &str) -> serde_json::Value {
    search_at(s, query, filters, None)
}

/// [`search`] by a reader whose clock says `now` (an ISO moment).
fn search_at(s: &Site, query: &str, filters: &str, now: Option<&str>) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/engine.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(s.out())
        .arg(query)
        .arg(filters)
        .args(now)
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
    // A search without a filter loads no filter's fiches (the entry holds their
    // values and totals only): its counts come once the reader turns to them.
    let r = search(&s, "potager ", "{}");
    assert_eq!(r["counted_before"].as_array().map(Vec::len), Some(0), "{r}");
    assert_eq!(r["counts"]["theme"]["Nature"], 2);
    assert_eq!(r["counts"]["theme"]["Déchets"], 1);
    let entry = s.read("search/data/index.js");
    assert!(entry.contains("\"filters\":{"), "{entry}");
    assert!(entry.contains("\"Nature\":"), "{entry}");
    let keys = entry.split("\"filter_keys\":").nth(1).unwrap_or_default();
    let theme = keys[..keys.find(']').unwrap_or(0)]
        .split(',')
        .position(|k| k.contains("\"theme\""))
        .expect("a key for themes");
    let file = s.read(&format!("search/data/f/{theme}.js"));
    assert!(
        file.starts_with(&format!("fichesSearch(\"f{theme}\",{{")),
        "{file}"
    );
    assert!(file.contains("\"Nature\":"), "{file}");
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

/// Words of a body, each one in one sentence, more than a fiche kept passages
/// for before (24).
const VEGETABLES: [&str; 30] = [
    "tomates",
    "palettes",
    "courgettes",
    "poireaux",
    "radis",
    "navets",
    "betteraves",
    "salades",
    "épinards",
    "fenouils",
    "artichauts",
    "aubergines",
    "poivrons",
    "citrouilles",
    "potirons",
    "haricots",
    "lentilles",
    "fèves",
    "oignons",
    "échalotes",
    "ciboulette",
    "persil",
    "basilic",
    "thym",
    "romarin",
    "sauge",
    "menthe",
    "groseilles",
    "framboises",
    "myrtilles",
];

#[test]
fn every_result_shows_a_marked_passage_also_for_a_word_of_the_body_or_a_name() {
    if !node_ready() {
        return;
    }
    let body: String = VEGETABLES
        .iter()
        .enumerate()
        .map(|(i, v)| format!("Le groupe numéro {i} a semé des {v} au printemps.\n\n"))
        .collect();
    let fiches: Vec<(String, String)> = (0..3)
        .map(|n| {
            (
                format!("content/f{n}.md"),
                fiche(
                    &format!("Un jardin {n}"),
                    &format!("202{n}-01-01"),
                    "factual",
                    "organization = \"Maison Zéphyrine\"\ntags = [\"potager\"]",
                    &body,
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = fiches
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let s = Site::new(&files);
    s.build_ok();
    for v in VEGETABLES {
        let r = search(&s, v, "{}");
        let excerpts = r["excerpts"].as_array().unwrap();
        assert_eq!(excerpts.len(), 3, "{v}: {r}");
        for e in excerpts {
            let e = e.as_str().unwrap();
            assert!(e.contains(&format!("des [{v}] au printemps")), "{v}: {e}");
        }
    }
    // A name, and a term, shown in the line of names that ends the passage text.
    let r = search(&s, "zéphyrine", "{}");
    for e in r["excerpts"].as_array().unwrap() {
        assert!(e.as_str().unwrap().contains("Maison [Zéphyrine]"), "{r}");
    }
    let r = search(&s, "potager", "{}");
    for e in r["excerpts"].as_array().unwrap() {
        assert!(e.as_str().unwrap().contains("[potager]"), "{r}");
    }
    // A word of the title only: the summary, which the card does not repeat.
    let r = search(&s, "jardin", "{}");
    for e in r["excerpts"].as_array().unwrap() {
        assert!(
            e.as_str().unwrap().starts_with("Résumé de Un [jardin]"),
            "{r}"
        );
    }
}

#[test]
fn a_phrase_finds_its_words_next_to_each_other_in_order() {
    if !node_ready() {
        return;
    }
    let text = |body: &str| fiche("Une action", "2024-01-01", "factual", "", body);
    let together = text("Nous avons ouvert un jardin partagé au pied des tours.");
    let apart = text("Le jardin est ouvert ; le travail est partagé entre voisins.");
    let reversed = text("Un partagé jardin, une débat-soirée et l'atelier.");
    let compound = text("Une soirée-débat sur l'atelier du jeudi, chaque mois.");
    let s = Site::new(&[
        ("content/ensemble.md", together.as_str()),
        ("content/loin.md", apart.as_str()),
        ("content/envers.md", reversed.as_str()),
        ("content/debat.md", compound.as_str()),
    ]);
    s.build_ok();
    let found = |q: &str| {
        let mut v = slugs(&search(&s, q, "{}"));
        v.sort();
        v
    };
    // Without quotes, every fiche with both words; with, only where they follow.
    assert_eq!(found("jardin partagé"), ["ensemble", "envers", "loin"]);
    assert_eq!(found("\"jardin partagé\""), ["ensemble"]);
    assert_eq!(found("« Jardin Partage »"), ["ensemble"]);
    assert_eq!(found("“partagé jardin”"), ["envers"]);
    // A closing quote not typed yet.
    assert_eq!(found("\"jardin partagé"), ["ensemble"]);
    // Words joined by a hyphen are a phrase, quoted or not.
    assert_eq!(found("soirée-débat"), ["debat"]);
    assert_eq!(found("\"soirée-débat\""), ["debat"]);
    assert_eq!(found("débat-soirée"), ["envers"]);
    assert_eq!(found("soirée débat"), ["debat", "envers"]);
    // Stop words and single letters keep their place: « l'atelier du jeudi ».
    assert_eq!(found("\"l'atelier du jeudi\""), ["debat"]);
    assert!(found("\"l'atelier jeudi\"").is_empty());
    // A phrase and a word: both asked for.
    assert_eq!(found("\"jardin partagé\" tours"), ["ensemble"]);
    assert!(found("\"jardin partagé\" mois").is_empty());
    // The marks and passages of a phrase's words, as for any word.
    let r = search(&s, "\"jardin partagé\"", "{}");
    assert!(
        r["excerpts"][0]
            .as_str()
            .unwrap()
            .contains("un [jardin] [partagé] au pied"),
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
    // The entry, which every visit loads, is asked for with the page (throttled to
    // 150 ms a round trip, results came 150 ms sooner at 360 px: December 8).
    assert!(
        page.contains("<link rel=\"preload\" href=\"../search/data/index.js\" as=\"script\">"),
        "{page}"
    );
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

/// `n` distinct words of Gothic letters (U+10330…, past U+FFFF; unlike the bold
/// mathematical 𝐛, which fold to `b`, they stay themselves).
fn astral_words(n: usize) -> String {
    let letter = |i: usize| char::from_u32(0x10330 + (i % 26) as u32).unwrap();
    (0..n)
        .map(|i| {
            [letter(i / 676), letter(i / 26), letter(i), letter(25)]
                .iter()
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn words_each_side_of_u_ffff_are_looked_up_in_their_own_chunk() {
    if !node_ready() {
        return;
    }
    // Enough astral words for several chunks, all of them after `ﬁnance` (U+FB01)
    // in code point order but before it in UTF-16 units.
    let s = Site::new(&[
        (
            "content/gras.md",
            &fiche(
                "Mots en gras",
                "2024-01-01",
                "factual",
                "",
                &format!("{}\n", astral_words(4000)),
            ),
        ),
        (
            "content/finance.md",
            &fiche(
                "Le budget",
                "2024-02-01",
                "factual",
                "",
                &format!(
                    "Un ﬁnancement partagé\u{a0}: la ﬁdélité des ﬁnanceurs ｃｏｍｐｔｅ. {} 𝐛𝐨𝐥𝐝\n",
                    "𐌼𐍉𐍄".repeat(10)
                ),
            ),
        ),
    ]);
    s.build_ok();
    let entry = s.read("search/data/index.js");
    let head: String = entry.chars().take(200).collect();
    assert!(
        head.contains(r#""chunks":["","𐌰"#) && head.contains(r#","𐌱"#),
        "chunks start among the astral words: {head}"
    );
    // A word of 30 astral letters is 60 UTF-16 units: still a word (40 letters at most).
    let long = format!("{} ", "𐌼𐍉𐍄".repeat(10));
    // As pasted from a PDF (ﬁ) or written in wide letters, and as a reader types it.
    for q in [
        "ﬁnancement ",
        "ﬁdélité ",
        "ｃｏｍｐｔｅ ",
        "ﬁnanc",
        &long,
        "financement ",
        "fidelite ",
        "compte ",
        "finan",
        "bold ",
    ] {
        assert_eq!(slugs(&search(&s, q, "{}")), ["finance"], "{q:?}");
    }
    let words = astral_words(4000);
    for w in [
        words.split(' ').nth(5).unwrap(),
        words.split(' ').nth(3999).unwrap(),
    ] {
        assert_eq!(slugs(&search(&s, &format!("{w} "), "{}")), ["gras"], "{w}");
    }
    // A prefix of astral letters, being typed.
    let prefix: String = words
        .split(' ')
        .nth(3000)
        .unwrap()
        .chars()
        .take(3)
        .collect();
    assert_eq!(slugs(&search(&s, &prefix, "{}")), ["gras"]);
}

#[test]
fn the_engine_orders_words_as_the_index_does() {
    if !node_ready() {
        return;
    }
    // Words from every range where UTF-16 and code point orders part: below
    // U+D800, U+E000–U+FFFF (ﬁ, ｆ, U+FFFD), astral (𝐛, emoji, U+10FFFF).
    let pieces = [
        "a",
        "é",
        "œ",
        "ß",
        "ﬁ",
        "ﬂ",
        "ｆ",
        "\u{e000}",
        "\u{fffd}",
        "\u{ffff}",
        "𝐛",
        "𝐀",
        "😀",
        "\u{10000}",
        "\u{10ffff}",
        "א",
        "ب",
        "z",
    ];
    let mut words: Vec<String> = Vec::new();
    for a in pieces {
        for b in pieces {
            words.push(format!("{a}{b}"));
            words.push(format!("{a}x{b}"));
        }
        words.push(a.to_string());
    }
    words.reverse();
    let mut rust = words.clone();
    rust.sort();
    let script = format!(
        "const fs = require('fs'); const vm = require('vm'); const c = {{}}; vm.createContext(c);\
         vm.runInContext(fs.readFileSync({:?}, 'utf8'), c);\
         const w = JSON.parse(fs.readFileSync(0, 'utf8'));\
         console.log(JSON.stringify(w.sort(c.FichesSearch.compare)));",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/search-engine.js"
        )
    );
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        serde_json::to_string(&words).unwrap().as_bytes(),
    )
    .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js, rust);
}

/// The example site's search page in Chromium (`tests/browser/search_layout.mjs`):
/// no layout shift as results arrive, on a phone and a wide screen, over HTTP and
/// from the disk, and every result of a word of the body with a marked passage,
/// no footnote's number stuck to a word in it,
/// past the first ten too (over HTTP and from the disk).
#[test]
fn the_search_page_does_not_move_as_results_arrive() {
    if !common::browser_ready("search layout checks", false) {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_tmp, out) = common::build_example();
    for (word, filter) in [
        ("tomates", "variant=storytelling"),
        ("quartier", "theme=Alimentation"),
        // 15 results: the last five past the first ten the index kept passages for.
        ("personnes", "variant=factual"),
        // A word before a footnote's call (« modèle économique[^1] ? »).
        ("économique", "variant=factual"),
    ] {
        common::passes(
            Command::new("node")
                .arg(root.join("tests/browser/search_layout.mjs"))
                .arg(&out)
                .arg(word)
                .arg(filter),
            "search layout checks passed",
            &format!("{word}: "),
        );
    }
}

/// A passage taken from a fiche's page (its result past the first ten of its word)
/// leaves out the footnotes' calls, over HTTP and from the disk: « économique ? »,
/// never « économique1 ? » (`tests/browser/search_layout.mjs` checks every passage).
#[test]
fn a_passage_read_from_a_page_has_no_footnote_number() {
    if !common::browser_ready("search layout checks", false) {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Eleven fiches of the word, all alike; the oldest, last of the results, has
    // the word right before a footnote's call.
    let plain: Vec<(String, String)> = (0..11)
        .map(|i| {
            let body = "Un modèle économique durable, pensé avec les habitants.";
            let date = format!("2024-01-{:02}", i + 2);
            (
                format!("content/f{i}.md"),
                fiche(&format!("Fiche {i}"), &date, "factual", "", body),
            )
        })
        .collect();
    let noted = fiche(
        "Fiche notée",
        "2023-01-01",
        "factual",
        "",
        "Un modèle économique[^1] ? Oui[^1].\n\n[^1]: Une note du réseau.",
    );
    let mut files: Vec<(&str, &str)> = plain
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("content/notee.md", &noted));
    let s = Site::new(&files);
    s.build_ok();
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/search_layout.mjs"))
            .arg(s.out())
            .args(["économique", "variant=factual"]),
        "search layout checks passed",
        "",
    );
}

/// The hidden-frame channel of the search page opened from the disk, tried as someone
/// who wants to break it (`tests/browser/search_frames.mjs`): each passage from its own
/// page; a fiche page missing, or one that never answers nor finishes loading, does
/// not hang the results; another window's answers are not heard; over HTTP a fiche
/// page framed by another origin says nothing.
#[test]
fn the_search_pages_frames_cannot_be_hung_fooled_or_read_by_another_page() {
    if !common::browser_ready("search frame checks", false) {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_tmp, out) = common::build_example();
    common::passes(
        Command::new("node")
            .arg(root.join("tests/browser/search_frames.mjs"))
            .arg(&out)
            .arg("personnes"),
        "search frame checks passed",
        "",
    );
}

/// Marks on arbitrary Unicode text (`tests/browser/engine_marks.mjs`): the text
/// kept whole, only whole words marked, no surrogate pair or accent parted.
#[test]
fn marks_keep_any_text_whole_and_mark_only_whole_words() {
    if !node_ready() {
        return;
    }
    let s = garden();
    s.build_ok();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/browser/engine_marks.mjs"
    );
    let out = Command::new("node")
        .arg(script)
        .arg(s.out())
        .arg("réseau")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("engine marks checks passed"), "{stdout}");
}

/// An event `slug` with `front` (start, end, recurrence…) on site `s`.
fn write_event(s: &Site, slug: &str, title: &str, front: &str) {
    let text = format!(
        "+++\ntitle = \"{title}\"\nvariant = \"event\"\nsummary = \"Une rencontre.\"\n\
         organizers = [\"Réseau\"]\n\
         attendance = \"online\"\nonline_url = \"https://visio.exemple.org/\"\n{front}+++\n\n\
         ## Au programme\n\nUne rencontre du réseau.\n"
    );
    s.write(&format!("content/{slug}.md"), text.as_bytes());
}

#[test]
fn events_are_found_to_come_or_past_by_the_readers_clock_not_the_builds() {
    if !node_ready() {
        return;
    }
    let s = garden();
    write_event(
        &s,
        "hiver",
        "Rencontre d'hiver",
        "start = 2026-01-15T19:00:00\nend = 2026-01-15T21:30:00\n",
    );
    write_event(
        &s,
        "ete",
        "Rencontre d'été",
        "start = 2026-07-09T14:00:00\n",
    );
    // Six monthly dates, the last on 18 June 2026, ending at 21:30 in Paris (19:30 UTC).
    write_event(
        &s,
        "serie",
        "Rencontre mensuelle",
        "start = 2026-01-15T19:00:00\nend = 2026-01-15T21:30:00\nrecurrence = \"FREQ=MONTHLY;BYDAY=3TH;COUNT=6\"\n",
    );
    write_event(
        &s,
        "toujours",
        "Rencontre sans fin",
        "start = 2020-01-02T10:00:00\nrecurrence = \"FREQ=WEEKLY\"\n",
    );
    s.build_ok();
    // Events are found by their words, like any fiche.
    assert_eq!(slugs(&search(&s, "rencontre mensuelle", "{}"))[0], "serie");

    let spring = Some("2026-03-01T12:00:00Z");
    let r = search_at(&s, "rencontre", r#"{"when":"upcoming"}"#, spring);
    let mut found = slugs(&r);
    found.sort();
    assert_eq!(found, ["ete", "serie", "toujours"]);
    assert_eq!(r["counts"]["when"]["upcoming"], 3);
    assert_eq!(r["counts"]["when"]["past"], 1);
    assert_eq!(
        slugs(&search_at(&s, "", r#"{"when":"past"}"#, spring)),
        ["hiver"]
    );
    // Fiches that are no events are in neither.
    let r = search_at(&s, "potager", "{}", spring);
    assert_eq!(slugs(&r).len(), 3);
    assert_eq!(r["counts"]["when"]["upcoming"], 0, "{r}");
    assert_eq!(r["counts"]["when"]["past"], 0, "{r}");

    // The same files read later: the series has ended at 21:30 on its last date.
    let evening = Some("2026-06-18T19:29:00Z");
    let r = search_at(&s, "", r#"{"when":"past"}"#, evening);
    assert_eq!(slugs(&r), ["hiver"]);
    let after = Some("2026-06-18T19:31:00Z");
    let mut past = slugs(&search_at(&s, "", r#"{"when":"past"}"#, after));
    past.sort();
    assert_eq!(past, ["hiver", "serie"]);
    // A series without end is always to come.
    let far = Some("2100-01-01T00:00:00Z");
    let r = search_at(&s, "", r#"{"when":"upcoming"}"#, far);
    assert_eq!(slugs(&r), ["toujours"]);
    assert_eq!(r["counts"]["when"]["past"], 3);
}

#[test]
fn a_site_without_events_has_no_when_filter_on_its_search_page() {
    let s = garden();
    s.build_ok();
    let page = s.read("search/index.html");
    let at = page.find("id=\"search-when\"").unwrap();
    let div = &page[page[..at].rfind("<div").unwrap()..at];
    assert!(div.contains("search__filter\" hidden"), "{div}");
    write_event(
        &s,
        "ete",
        "Rencontre d'été",
        "start = 2026-07-09T14:00:00\n",
    );
    s.build_ok();
    let page = s.read("search/index.html");
    let at = page.find("id=\"search-when\"").unwrap();
    let div = &page[page[..at].rfind("<div").unwrap()..at];
    assert!(!div.contains("hidden"), "{div}");
    assert!(page.contains("data-upcoming=\"À venir\" data-past=\"Passés\""));
}
