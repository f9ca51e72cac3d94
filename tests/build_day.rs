//! `fiches build` and the day: a site whose pages read it (an agenda: what is
//! upcoming, what has passed) is built whole on a new day of its time zone; a site
//! without events has no page that reads it, so a build on another day finds it
//! unchanged, or edited, as on the same day. Either way the output is byte for
//! byte what a full build (`--force`) at that moment writes.

mod common;

use common::{Site, fiche, snapshot};

/// 23:30 in Paris (the default zone) on 11 March 2026.
const EVE: &str = "2026-03-11T22:30:00Z";
/// 23:50 in Paris, still the 11th.
const LATER: &str = "2026-03-11T22:50:00Z";
/// 00:10 in Paris on the 12th, still the 11th in UTC: a new day by the site's zone.
const MIDNIGHT: &str = "2026-03-11T23:10:00Z";

fn at(t: &str) -> Option<jiff::Timestamp> {
    Some(t.parse().unwrap())
}

fn site(events: bool) -> Site {
    let debate = "+++\nvariant = \"event\"\ntitle = \"Ciné-débat du jeudi\"\nsummary = \"Un film, un débat.\"\ncollective = \"Réseau\"\nstart = 2026-03-12T19:00:00\nend = 2026-03-12T21:30:00\nplace = \"Centre social\"\ntown = \"Lyon\"\n+++\n\n## Au programme\n\nOn regarde, on parle.\n";
    let mut files = vec![
        (
            "fiches.toml".to_string(),
            "title = \"R\"\nbase_url = \"https://exemple.org/\"\n".to_string(),
        ),
        (
            "content/jardin.md".to_string(),
            fiche("Jardin partagé", "2025-05-01", "factual", "", "Des semis."),
        ),
        (
            "content/atelier.md".to_string(),
            fiche("Atelier vélo", "2025-06-01", "factual", "", "Des rayons."),
        ),
    ];
    if events {
        files.push(("content/cine-debat.md".to_string(), debate.to_string()));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (&p[..], &t[..])).collect();
    Site::new(&files)
}

/// Builds `s` at `now` into its output, then with `--force` at `now` into another
/// folder, asserts both give the same files and bytes, and returns the first report.
fn same_as_full_at(s: &Site, now: &str) -> fiches::Report {
    let r = s.build_with(fiches::BuildOptions {
        now: at(now),
        ..Default::default()
    });
    let full = tempfile::tempdir().unwrap();
    let f = fiches::build(
        s.path(),
        &fiches::BuildOptions {
            output: Some(full.path().join("full")),
            force: true,
            now: at(now),
            ..Default::default()
        },
    );
    assert!(!r.has_errors() && !f.has_errors(), "{:?}", r.diagnostics);
    assert_eq!(
        snapshot(&s.out()),
        snapshot(&full.path().join("full")),
        "{now}"
    );
    r
}

fn how(r: &fiches::Report) -> (bool, bool) {
    let b = r.built.as_ref().unwrap();
    (b.unchanged, b.incremental)
}

fn edit(s: &Site, words: &str) {
    s.write(
        "content/jardin.md",
        fiche("Jardin partagé", "2025-05-01", "factual", "", words).as_bytes(),
    );
}

#[test]
fn a_site_without_events_is_unchanged_and_edited_across_days() {
    let s = site(false);
    same_as_full_at(&s, EVE);
    assert_eq!(
        how(&same_as_full_at(&s, "2026-03-20T12:00:00Z")),
        (true, false)
    );
    edit(&s, "Des semis, des boutures.");
    assert_eq!(
        how(&same_as_full_at(&s, "2026-04-02T12:00:00Z")),
        (false, true)
    );
    // Without a clock as well: no page reads the day.
    assert!(how(&s.build()).0);
}

#[test]
fn a_site_with_events_is_built_whole_on_a_new_day_of_its_zone() {
    let s = site(true);
    same_as_full_at(&s, EVE);
    assert_eq!(how(&same_as_full_at(&s, LATER)), (true, false));
    // The 12th in Paris, the 11th in UTC: the agenda moves on all the same.
    let r = same_as_full_at(&s, MIDNIGHT);
    assert_eq!(how(&r), (false, false));
    assert!(
        s.read("agenda/index.html")
            .contains("datetime=\"2026-03-12\"")
    );
    // An edit on the same day is incremental; on the next day, whole.
    edit(&s, "Des semis, des boutures.");
    assert_eq!(
        how(&same_as_full_at(&s, "2026-03-12T08:00:00Z")),
        (false, true)
    );
    edit(&s, "Des semis, des boutures, des graines.");
    let r = same_as_full_at(&s, "2026-03-13T08:00:00Z");
    assert_eq!(how(&r), (false, false));
    // No clock: no day to tell the pages hold, so built whole again.
    let r = s.build();
    assert_eq!(how(&r), (false, false));
}

#[test]
fn an_edit_that_adds_the_first_event_renders_the_agenda_of_the_day() {
    let s = site(false);
    same_as_full_at(&s, EVE);
    s.write(
        "content/jardin.md",
        "+++\nvariant = \"event\"\ntitle = \"Troc de graines\"\nsummary = \"On échange.\"\ncollective = \"Réseau\"\nstart = 2026-03-12T10:00:00\nend = 2026-03-12T12:00:00\nplace = \"Jardin\"\ntown = \"Lyon\"\n+++\n\nDes graines.\n".as_bytes(),
    );
    same_as_full_at(&s, MIDNIGHT);
    assert!(
        s.read("agenda/index.html")
            .contains("datetime=\"2026-03-12\"")
    );
    // From then on the site reads the day.
    assert_eq!(
        how(&same_as_full_at(&s, "2026-03-13T08:00:00Z")),
        (false, false)
    );
}

#[test]
fn a_marker_whose_day_is_unreadable_means_a_build_with_the_same_output() {
    let s = site(true);
    same_as_full_at(&s, EVE);
    let marker = s.out().join(".fiches-build");
    let text = std::fs::read_to_string(&marker).unwrap();
    assert!(text.contains(" until "), "{text}");
    for until in [" until x1 ", " until ", " until 99999999999999999999 "] {
        let (head, tail) = text.split_once(" until ").unwrap();
        let tail = tail.split_once(' ').map_or("", |(_, t)| t);
        std::fs::write(&marker, format!("{head}{until}{tail}")).unwrap();
        assert_eq!(how(&same_as_full_at(&s, LATER)), (false, false), "{until}");
    }
}

/// A clock set back a day (a machine's clock put right): the pages of the later day
/// do not hold for the earlier one; unchanged or edited, the site is built as a full
/// build of that earlier moment builds it.
#[test]
fn a_clock_set_back_a_day_builds_what_a_full_build_then_builds() {
    let s = site(true);
    same_as_full_at(&s, MIDNIGHT);
    // The evening before: the debate is upcoming again.
    same_as_full_at(&s, EVE);
    same_as_full_at(&s, MIDNIGHT);
    let text = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    s.rewrite("content/jardin.md", format!("{text}\nEncore.\n").as_bytes());
    same_as_full_at(&s, EVE);
}
