//! `fiches build` after edits renders only what they touch and carries the rest of
//! the published site over; whatever the edits, its output must be byte for byte
//! what a full build (`--force`) of the same sources writes, marker (stamp,
//! warnings) included. A state that is missing, damaged, cut or of another site
//! means a full build, with the same output.

mod common;

use common::{Site, fiche, snapshot};
use proptest::prelude::*;

const N: usize = 6;

fn toml(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The fiche `i` with this title, day, tags and body.
fn text(title: &str, day: u8, tags: &[&str], body: &str) -> String {
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{}\"", toml(t))).collect();
    let extra = format!("tags = [{}]\nthemes = [\"Logement\"]", tags.join(", "));
    fiche(
        &toml(title),
        &format!("2024-03-{day:02}"),
        "factual",
        &extra,
        body,
    )
}

const TAGS: [&str; 4] = ["accueil", "jeunesse", "Quartier", "logement"];

fn site() -> Site {
    let mut files: Vec<(String, String)> = vec![(
        "fiches.toml".into(),
        "title = \"R\"\nbase_url = \"https://exemple.org/\"\npaginate = 2\n".into(),
    )];
    for i in 0..N {
        // One spelling apart and a territory that names no place: warnings of
        // the whole site's terms, at their line and column.
        let tags = [
            if i == 0 { "quartier" } else { TAGS[i % 4] },
            TAGS[(i + 1) % 4],
        ];
        let mut body = format!("Corps {i}. [Voisine](f{}.md)", (i + 1) % N);
        if i % 2 == 1 {
            // Every recommended section: a body without a warning, which the next
            // incremental build takes from fiches.json instead of rendering it.
            for s in [
                "Contexte",
                "Objectifs",
                "Actions menées",
                "Moyens",
                "Résultats",
            ] {
                body.push_str(&format!("\n\n## {s}\n\nÀ propos : « {s} » !"));
            }
        }
        let mut t = text(&format!("Fiche {i}"), 1 + i as u8, &tags, &body);
        if i == 4 {
            t = t.replacen("tags = ", "territory = \"Lyon\"\ntags = ", 1);
        }
        files.push((format!("content/f{i}.md"), t));
    }
    Site::owned(&files)
}

#[derive(Clone, Debug)]
enum Edit {
    Body(usize, String),
    Title(usize, String),
    Tags(usize, Vec<usize>),
    Date(usize, u8),
    /// A line added above the terms, which moves them.
    Line(usize),
    Added(u8, String),
    Removed(usize),
    Config(u8),
    /// The search index's records kept beside the output damaged (removed, cut,
    /// a byte changed, another tree's), then a body edited.
    Records(u8, usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Any printable text, with what French writing holds besides.
    let words = "(\\PC|[\u{a0}\u{202f}\u{fb01}\u{200d}\u{1f600}\u{10348}\u{5d0}\u{202e}\n]){0,24}";
    prop_oneof![
        4 => (0..N, words).prop_map(|(i, s)| Edit::Body(i, s)),
        2 => (0..N, words).prop_map(|(i, s)| Edit::Title(i, s)),
        2 => (0..N, proptest::collection::vec(0..4usize, 0..3)).prop_map(|(i, t)| Edit::Tags(i, t)),
        1 => (0..N, 1..28u8).prop_map(|(i, d)| Edit::Date(i, d)),
        1 => (0..N).prop_map(Edit::Line),
        1 => (any::<u8>(), words).prop_map(|(n, s)| Edit::Added(n, s)),
        1 => (0..N).prop_map(Edit::Removed),
        1 => (1..4u8).prop_map(Edit::Config),
        1 => (0..4u8, 0..N, words).prop_map(|(k, i, s)| Edit::Records(k, i, s)),
    ]
}

/// Applies `e` to the site; whether it changed only existing fiches' texts.
fn apply(s: &Site, e: &Edit) -> bool {
    let path = |i: usize| s.path().join(format!("content/f{i}.md"));
    let read = |i: usize| std::fs::read_to_string(path(i)).ok();
    match e {
        Edit::Body(i, body) => {
            let Some(t) = read(*i) else { return false };
            std::fs::write(path(*i), format!("{t}\n{body}\n")).unwrap();
        }
        Edit::Title(i, title) => {
            let Some(t) = read(*i) else { return false };
            let (head, rest) = t.split_once('\n').unwrap();
            let (_, rest) = rest.split_once('\n').unwrap();
            let title = toml(&title.replace('\n', " "));
            std::fs::write(
                path(*i),
                format!("{head}\ntitle = \"Fiche {title}\"\n{rest}"),
            )
            .unwrap();
        }
        Edit::Tags(i, tags) => {
            let Some(t) = read(*i) else { return false };
            let list: Vec<String> = tags.iter().map(|&k| format!("\"{}\"", TAGS[k])).collect();
            let t: String = t
                .lines()
                .map(|l| {
                    if l.starts_with("tags = ") {
                        format!("tags = [{}]", list.join(", "))
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(path(*i), format!("{t}\n")).unwrap();
        }
        Edit::Date(i, day) => {
            let Some(t) = read(*i) else { return false };
            let t: String = t
                .lines()
                .map(|l| {
                    if l.starts_with("date = ") {
                        format!("date = 2024-03-{day:02}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(path(*i), format!("{t}\n")).unwrap();
        }
        Edit::Line(i) => {
            let Some(t) = read(*i) else { return false };
            let t = t.replacen(
                "summary = ",
                "partners = [\"Un partenaire\"]\nsummary = ",
                1,
            );
            std::fs::write(path(*i), t).unwrap();
        }
        Edit::Added(n, body) => {
            s.write(
                &format!("content/nouvelle-{n}.md"),
                text(&format!("Nouvelle {n}"), 9, &["accueil"], body).as_bytes(),
            );
            return false;
        }
        Edit::Removed(i) => {
            let _ = std::fs::remove_file(path(*i));
            return false;
        }
        Edit::Records(k, i, body) => {
            damage_records(s, *k);
            return apply(s, &Edit::Body(*i, body.clone()));
        }
        Edit::Config(p) => {
            s.write(
                "fiches.toml",
                format!("title = \"R\"\nbase_url = \"https://exemple.org/\"\npaginate = {p}\n")
                    .as_bytes(),
            );
            return false;
        }
    }
    true
}

/// Damages the search index's records beside the output of `s` in the way `k`
/// says: removed, cut, a byte changed, said to be of another tree.
fn damage_records(s: &Site, k: u8) {
    let path = s.path().join(".public.fiches-search");
    let Ok(good) = std::fs::read(&path) else {
        return;
    };
    let body = good.iter().position(|&b| b == b'\n').map_or(0, |n| n + 1);
    let bytes = match k % 4 {
        0 => return std::fs::remove_file(&path).unwrap(),
        1 => good[..good.len() / 2].to_vec(),
        2 => {
            let mut d = good.clone();
            let at = body + (good.len() - body) / 2;
            d[at] ^= 0x55;
            d
        }
        _ => [b"fiches-state-tree 1\n".as_slice(), &good[body..]].concat(),
    };
    std::fs::write(&path, bytes).unwrap();
}

/// Builds `s` as it is now into its output, then with `--force` into `full`, and
/// compares the two: same success, same files, same bytes.
fn same_as_full(s: &Site, full: &std::path::Path) -> fiches::Report {
    let r = fiches::build(s.path(), &fiches::BuildOptions::default());
    let f = fiches::build(
        s.path(),
        &fiches::BuildOptions {
            output: Some(full.to_path_buf()),
            force: true,
            ..Default::default()
        },
    );
    assert_eq!(
        r.has_errors(),
        f.has_errors(),
        "{:?} / {:?}",
        r.diagnostics,
        f.diagnostics
    );
    let files = |d: &std::path::Path| if d.exists() { snapshot(d) } else { Vec::new() };
    let (a, b) = (files(&s.out()), files(full));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{p} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn any_edits_then_a_build_give_what_a_full_build_gives(edits in proptest::collection::vec(edit(), 1..6)) {
        let s = site();
        let full = tempfile::tempdir().unwrap();
        let full = full.path().join("full");
        s.build_ok();
        // Twice: the staging tree exists, as it does from then on.
        same_as_full(&s, &full);
        for e in &edits {
            let only_fiches = apply(&s, e);
            let r = same_as_full(&s, &full);
            // Terms edited may flip a term's shown spelling, which `serve`'s
            // logic answers with a full build; a text or a title never does.
            let plain = matches!(e, Edit::Body(..) | Edit::Title(..) | Edit::Records(..));
            if only_fiches && plain && !r.has_errors() {
                let built = r.built.unwrap();
                prop_assert!(built.unchanged || built.incremental, "an edit of fiches renders only what it touches");
            }
        }
    }
}

#[test]
fn a_body_edit_renders_its_page_and_keeps_the_rest() {
    let s = site();
    let full = tempfile::tempdir().unwrap();
    let full = full.path().join("full");
    s.build_ok();
    s.build_ok();
    let other = s.out().join("fiches/f3/index.html");
    let before = std::fs::metadata(&other).unwrap().modified().unwrap();
    assert!(apply(
        &s,
        &Edit::Body(1, "Une phrase de plus, « ici ».".into())
    ));
    let r = same_as_full(&s, &full);
    assert!(r.built.as_ref().unwrap().incremental);
    assert!(
        s.read("fiches/f1/index.html")
            .contains("Une phrase de plus")
    );
    assert_eq!(
        std::fs::metadata(&other).unwrap().modified().unwrap(),
        before
    );
    // A title: the lists it is shown in are rendered again, still incrementally.
    assert!(apply(&s, &Edit::Title(2, "Renommée".into())));
    let r = same_as_full(&s, &full);
    assert!(r.built.as_ref().unwrap().incremental);
    assert!(s.read("page/2/index.html").contains("Fiche Renommée"));
}

#[test]
fn a_missing_damaged_cut_or_foreign_state_means_a_full_build_with_the_same_output() {
    let s = site();
    let full = tempfile::tempdir().unwrap();
    let full = full.path().join("full");
    s.build_ok();
    let state = s.path().join(".public.fiches-state");
    let good = std::fs::read(&state).unwrap();
    let (head, body) = good.split_at(good.iter().position(|&b| b == b'\n').unwrap() + 1);
    let damaged = {
        let mut d = good.clone();
        let at = head.len() + body.len() / 2;
        d[at] ^= 0x55;
        d
    };
    let cases: Vec<Option<Vec<u8>>> = vec![
        None,
        Some(good[..good.len() / 2].to_vec()),
        Some(good[..head.len() + 3].to_vec()),
        Some(damaged),
        Some([b"fiches-state-tree 1\n".as_slice(), body].concat()),
        Some(b"n'importe quoi".to_vec()),
    ];
    for (k, case) in cases.into_iter().enumerate() {
        match case {
            None => std::fs::remove_file(&state).unwrap(),
            Some(bytes) => std::fs::write(&state, bytes).unwrap(),
        }
        assert!(apply(&s, &Edit::Body(k % N, format!("Édition {k}"))));
        let r = same_as_full(&s, &full);
        let built = r.built.unwrap();
        assert!(
            !built.incremental,
            "case {k}: no usable state, a full build"
        );
        // The full build kept a good state again: the next edit is incremental.
        assert!(apply(&s, &Edit::Body(k % N, format!("Puis {k}"))));
        assert!(
            same_as_full(&s, &full).built.unwrap().incremental,
            "case {k}"
        );
    }
}

#[test]
fn a_published_file_changed_by_hand_means_a_full_build() {
    let s = site();
    let full = tempfile::tempdir().unwrap();
    let full = full.path().join("full");
    s.build_ok();
    s.build_ok();
    std::fs::write(s.out().join("fiches/f4/index.html"), "abîmée").unwrap();
    assert!(apply(&s, &Edit::Body(0, "Autre chose.".into())));
    let r = same_as_full(&s, &full);
    assert!(!r.built.unwrap().incremental);
}

#[test]
fn a_fiches_json_changed_by_hand_is_not_where_bodies_are_taken_from() {
    let s = site();
    let full = tempfile::tempdir().unwrap();
    let full = full.path().join("full");
    s.build_ok();
    s.build_ok();
    // Same length, other bytes: the bodies the last build rendered are no longer
    // there to read, and the site must still be what a full build makes.
    let data = s.out().join("fiches.json");
    let bytes = std::fs::read(&data).unwrap();
    let text = String::from_utf8(bytes).unwrap().replace("Corps", "Cxrps");
    std::fs::write(&data, text).unwrap();
    assert!(apply(&s, &Edit::Body(0, "Autre chose.".into())));
    same_as_full(&s, &full);
    assert!(apply(&s, &Edit::Body(2, "Encore.".into())));
    let r = same_as_full(&s, &full);
    assert!(r.built.unwrap().incremental);
}

#[test]
fn damaged_or_foreign_search_records_still_give_what_a_full_build_gives() {
    let s = site();
    let full = tempfile::tempdir().unwrap();
    let full = full.path().join("full");
    s.build_ok();
    s.build_ok();
    assert!(
        s.path().join(".public.fiches-search").is_file(),
        "a build keeps its search records"
    );
    for k in 0..4 {
        assert!(apply(
            &s,
            &Edit::Records(k, k as usize % N, format!("Jardin {k}"))
        ));
        let r = same_as_full(&s, &full);
        // The records are a help, never a reason for a full build.
        assert!(r.built.unwrap().incremental, "case {k}");
        assert!(s.path().join(".public.fiches-search").is_file(), "case {k}");
    }
}

#[test]
fn a_failed_build_keeps_the_last_records_and_leaves_no_file_of_its_own() {
    let s = site();
    s.build_ok();
    let path = s.path().join(".public.fiches-search");
    let kept = std::fs::read(&path).unwrap();
    s.write("content/f0.md", "+++\ntitle = \n+++\nCassée.\n".as_bytes());
    for force in [false, true] {
        let opts = fiches::BuildOptions {
            force,
            ..Default::default()
        };
        assert!(fiches::build(s.path(), &opts).has_errors());
        assert_eq!(std::fs::read(&path).unwrap(), kept, "force: {force}");
        let beside: Vec<String> = std::fs::read_dir(s.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("fiches-search") && n != ".public.fiches-search")
            .collect();
        assert!(beside.is_empty(), "force: {force}: {beside:?}");
    }
}
