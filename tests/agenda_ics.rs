//! The agenda's iCalendar files (`agenda.ics`, one `.ics` per event): read back by a
//! parser not ours (Python's `icalendar`, through `tests/agenda_ics.py`), every date
//! placed in UTC by the files' own `VTIMEZONE` and by the system's tz database, and
//! compared with jiff's, across a daylight-saving change in Paris and in Montreal;
//! RFC 5545's form (CRLF, 75 octets, escapes) checked here, and builds that agree.
//!
//! The parser is the Python that `ICALENDAR_PYTHON` names (`.ci/run` installs it);
//! without it, that half is skipped with a note, unless `FICHES_TOOL_TESTS` is set.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Site, tool_ready};
use fiches::lang::Lang;
use jiff::civil::DateTime;
use serde_json::Value;

fn event(slug: &str, title: &str, front: &str) -> (String, String) {
    (
        format!("content/{slug}.md"),
        format!(
            "+++\nvariant = \"event\"\ntitle = \"{title}\"\nsummary = \"\"\"Ce qui va se passer.\nDeuxième ligne ; avec, des\u{a0}signes \\\\ 𝔸 🎉 שלום.\"\"\"\norganizers = [\"Réseau\"]\n{front}+++\n\nDes échanges.\n"
        ),
    )
}

/// The four events: a weekly series across Paris' spring change, a night across its
/// autumn change, a series in Montreal across the American change, a monthly rule
/// with an end date, online and postponed.
fn site() -> Site {
    let s = Site::new(&[]);
    let events = [
        event(
            "printemps",
            "Printemps ; virgule, barre \\\\ et 🎉 עברית",
            "start = 2026-03-21T10:00:00\nend = 2026-03-21T12:00:00\nplace = \"Salle\"\ntown = \"Lyon\"\nrecurrence = \"FREQ=WEEKLY;COUNT=3\"\n",
        ),
        event(
            "automne",
            "Nuit d'automne",
            "start = 2026-10-24T22:00:00\nend = 2026-10-25T04:00:00\nplace = \"Gymnase\"\naddress = \"1, rue ; Haute\"\ntown = \"Annecy\"\nstatus = \"full\"\n",
        ),
        event(
            "montreal",
            "À Montréal",
            "start = 2026-03-07T19:00:00\nend = 2026-03-07T21:00:00\ntimezone = \"America/Montreal\"\ntown = \"Montréal\"\nrecurrence = \"FREQ=WEEKLY;COUNT=2\"\n",
        ),
        event(
            "pairs",
            "Groupe de pairs",
            "start = 2026-01-01T18:30:00\nattendance = \"online\"\nonline_url = \"https://visio.exemple.org/pairs\"\nstatus = \"postponed\"\nrecurrence = \"FREQ=MONTHLY;BYDAY=1TH;UNTIL=2026-06-30\"\n",
        ),
    ];
    for (path, text) in &events {
        s.write(path, text.as_bytes());
    }
    s.build_ok();
    s
}

/// The dates jiff gives an event's rule, in UTC.
fn expected(start: &str, zone: &str, rule: Option<&str>) -> Vec<String> {
    let start: DateTime = start.parse().unwrap();
    let dates = match rule {
        Some(r) => {
            let rule = fiches::agenda::rule::parse(r, Lang::Fr).unwrap();
            fiches::agenda::rule::expand(&rule, start, start.date()).dates
        }
        None => vec![start],
    };
    let tz = fiches::agenda::zone(zone).unwrap();
    dates
        .into_iter()
        .map(|d| {
            let ts = d.to_zoned_datetime(tz.clone()).unwrap().timestamp();
            ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
        })
        .collect()
}

/// RFC 5545's form, checked on the bytes: CRLF line ends only, no line past 75
/// octets, continuations after a space.
fn assert_well_formed(bytes: &str) {
    assert!(
        bytes.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{bytes}"
    );
    assert!(bytes.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !bytes.replace("\r\n", "").contains(['\r', '\n']),
        "a bare CR or LF"
    );
    for line in bytes.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.is_empty());
    }
}

/// What `tests/agenda_ics.py` reads in `files`, or `None` when no parser is at hand.
fn parsed(files: &[PathBuf]) -> Option<Value> {
    let python = std::env::var_os("ICALENDAR_PYTHON").map(PathBuf::from);
    let missing = python.is_none().then_some(
        "ICALENDAR_PYTHON, a Python with icalendar (python3 -m venv v && v/bin/pip install icalendar; ICALENDAR_PYTHON=v/bin/python)",
    );
    if !tool_ready("icalendar", missing) {
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/agenda_ics.py");
    let out = Command::new(python?)
        .arg(script)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn every_calendar_file_is_valid_and_keeps_its_times_across_daylight_saving() {
    let s = site();
    let slugs = ["printemps", "automne", "montreal", "pairs"];
    let mut files = vec![s.out().join("agenda.ics")];
    files.extend(slugs.map(|slug| s.out().join(format!("fiches/{slug}/{slug}.ics"))));
    for f in &files {
        assert_well_formed(&std::fs::read_to_string(f).unwrap());
    }
    let Some(all) = parsed(&files) else { return };
    let agenda = &all[files[0].to_str().unwrap()];
    assert_eq!(agenda["errors"], serde_json::json!([]), "{agenda}");
    assert_eq!(agenda["version"], "2.0");
    assert_eq!(
        agenda["zones"],
        serde_json::json!(["America/Montreal", "Europe/Paris"])
    );
    let events = agenda["events"].as_array().unwrap();
    // The earliest first.
    let uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(
        uids,
        [
            "pairs@exemple.org",
            "montreal@exemple.org",
            "printemps@exemple.org",
            "automne@exemple.org"
        ]
    );
    let by_uid = |slug: &str| {
        events
            .iter()
            .find(|e| e["uid"] == format!("{slug}@exemple.org"))
            .unwrap()
    };
    let starts = |e: &Value, key: &str| -> Vec<String> {
        e[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };

    // Paris moves to summer time on Sunday 29 March 2026: 10 am is 9:00 UTC before,
    // 8:00 UTC after.
    let spring = by_uid("printemps");
    let want = [
        "2026-03-21T09:00:00Z",
        "2026-03-28T09:00:00Z",
        "2026-04-04T08:00:00Z",
    ];
    assert_eq!(starts(spring, "starts_own"), want);
    assert_eq!(starts(spring, "starts_system"), want);
    assert_eq!(
        want.to_vec(),
        expected(
            "2026-03-21T10:00:00",
            "Europe/Paris",
            Some("FREQ=WEEKLY;COUNT=3")
        )
    );
    assert_eq!(
        spring["summary"],
        "Printemps ; virgule, barre \\ et 🎉 עברית"
    );
    let description = spring["description"].as_str().unwrap();
    assert!(
        description.starts_with(
            "Ce qui va se passer.\nDeuxième ligne ; avec, des\u{a0}signes \\ 𝔸 🎉 שלום.\n\n"
        ),
        "{description}"
    );
    assert!(description.ends_with("https://exemple.org/reseau/fiches/printemps/"));
    assert_eq!(
        spring["url"],
        "https://exemple.org/reseau/fiches/printemps/"
    );
    assert_eq!(spring["location"], "Salle, Lyon");
    assert_eq!(spring["status"], "CONFIRMED");

    // Back to winter time on Sunday 25 October at 3 am: the night ends at 3:00 UTC.
    let autumn = by_uid("automne");
    assert_eq!(starts(autumn, "starts_own"), ["2026-10-24T20:00:00Z"]);
    assert_eq!(autumn["end_own"], "2026-10-25T03:00:00Z");
    assert_eq!(autumn["location"], "Gymnase, 1, rue ; Haute, Annecy");
    assert_eq!(autumn["summary"], "Complet — Nuit d'automne");
    assert_eq!(autumn["status"], "CONFIRMED");

    // Montreal moves on Sunday 8 March: 7 pm is midnight UTC, then 11 pm.
    let montreal = by_uid("montreal");
    assert_eq!(montreal["tzid"], "America/Montreal");
    let want = ["2026-03-08T00:00:00Z", "2026-03-14T23:00:00Z"];
    assert_eq!(starts(montreal, "starts_own"), want);
    assert_eq!(starts(montreal, "starts_system"), want);

    // A monthly rule with an end date: the same dates as ours, UNTIL written in UTC.
    let pairs = by_uid("pairs");
    let rule = pairs["rrule"].as_str().unwrap();
    assert!(rule.contains("UNTIL=20260630T215959Z"), "{rule}");
    let ours = expected(
        "2026-01-01T18:30:00",
        "Europe/Paris",
        Some("FREQ=MONTHLY;BYDAY=1TH;UNTIL=2026-06-30"),
    );
    assert_eq!(ours.len(), 6);
    assert_eq!(starts(pairs, "starts_own"), ours);
    assert_eq!(starts(pairs, "starts_system"), ours);
    assert_eq!(pairs["status"], "TENTATIVE");
    assert_eq!(pairs["location"], "https://visio.exemple.org/pairs");
    assert_eq!(pairs["summary"], "Reporté — Groupe de pairs");
    // No `updated` nor `date`: stamped with its first day, never the clock.
    assert_eq!(pairs["dtstamp"], "2026-01-01T00:00:00Z");

    // Each event's own file: that event alone, with the same UID, and its zone only.
    for (slug, file) in slugs.iter().zip(&files[1..]) {
        let one = &all[file.to_str().unwrap()];
        assert_eq!(one["errors"], serde_json::json!([]), "{one}");
        let list = one["events"].as_array().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0], *by_uid(slug));
        assert_eq!(one["zones"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn the_agenda_is_announced_on_every_page_and_builds_agree() {
    let s = site();
    let first = common::snapshot(&s.out());
    let pages: Vec<&(String, Vec<u8>)> =
        first.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() > 5);
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("<link rel=\"alternate\" type=\"text/calendar\" title=\"L’agenda du réseau (iCalendar)\" href=\"https://exemple.org/reseau/agenda.ics\">"),
            "{path}"
        );
    }
    let page = s.read("fiches/printemps/index.html");
    assert!(
        page.contains(
            "<a href=\"printemps.ics\" download type=\"text/calendar\">Ajouter à mon agenda</a>"
        ),
        "{page}"
    );
    assert!(page.contains("<a href=\"webcal://exemple.org/reseau/agenda.ics\">"));
    // A second build from scratch writes the same calendars, byte for byte.
    std::fs::remove_dir_all(s.out()).unwrap();
    s.build_ok();
    let again = common::snapshot(&s.out());
    let ics = |snap: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        snap.iter()
            .filter(|(p, _)| p.ends_with(".ics"))
            .cloned()
            .collect()
    };
    assert_eq!(ics(&first).len(), 5);
    assert_eq!(ics(&first), ics(&again));
}

#[test]
fn a_site_without_events_has_no_calendar() {
    let s = Site::new(&[(
        "content/a.md",
        &common::fiche("A", "2024-01-01", "factual", "", "Texte."),
    )]);
    s.build_ok();
    assert!(!s.exists("agenda.ics"));
    assert!(!s.read("index.html").contains("text/calendar"));
}

#[test]
fn a_site_without_an_address_still_offers_each_event_but_no_subscription() {
    let s = Site::new(&[("fiches.toml", "title = \"Réseau sans adresse\"\n")]);
    let (path, text) = event(
        "seule",
        "Seule",
        "start = 2026-05-02T09:00:00\ntown = \"Lyon\"\n",
    );
    s.write(&path, text.as_bytes());
    s.build_ok();
    let ics = s.read("fiches/seule/seule.ics");
    assert_well_formed(&ics);
    assert!(
        ics.contains("\r\nUID:seule@reseau-sans-adresse.fiches\r\n"),
        "{ics}"
    );
    assert!(!ics.contains("\r\nURL:"));
    let page = s.read("fiches/seule/index.html");
    assert!(page.contains("href=\"../../agenda.ics\""), "{page}");
    assert!(!page.contains("webcal:"));
}

/// `agenda.ics` keeps what is upcoming and the past of the agenda page's window (a
/// year), so that a network's history does not grow the file every subscriber
/// downloads; every event keeps its own file.
#[test]
fn the_subscribed_calendar_leaves_out_what_passed_more_than_a_year_ago() {
    let s = Site::new(&[]);
    let at = |slug, title, front: &str| event(slug, title, &format!("{front}town = \"Lyon\"\n"));
    let events = [
        at("ancien", "Ancien", "start = 2025-11-30T10:00:00\n"),
        // Ended on the window's first day: still in it.
        at(
            "bord",
            "Au bord",
            "start = 2025-12-06T20:00:00\nend = 2025-12-07T02:00:00\n",
        ),
        at("recent", "Récent", "start = 2026-06-01T10:00:00\n"),
        at(
            "hebdo",
            "Hebdomadaire",
            "start = 2020-01-06T18:00:00\nrecurrence = \"FREQ=WEEKLY;BYDAY=MO\"\n",
        ),
        at(
            "finie",
            "Série finie",
            "start = 2020-01-06T18:00:00\nrecurrence = \"FREQ=WEEKLY;UNTIL=2024-01-01\"\n",
        ),
        at("futur", "À venir 🎉", "start = 2027-02-01T10:00:00\n"),
    ];
    for (path, text) in &events {
        s.write(path, text.as_bytes());
    }
    s.build_on("2026-12-07");
    let ics = s.read("agenda.ics");
    assert_well_formed(&ics);
    let uids: Vec<&str> = (ics.split("\r\n"))
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    assert_eq!(
        uids,
        [
            "hebdo@exemple.org",
            "bord@exemple.org",
            "recent@exemple.org",
            "futur@exemple.org"
        ],
        "{ics}"
    );
    for slug in ["ancien", "finie"] {
        let own = s.read(&format!("fiches/{slug}/{slug}.ics"));
        assert!(own.contains(&format!("\r\nUID:{slug}@exemple.org\r\n")));
    }
    // Without a day (a build that is told none), every event.
    s.build_ok();
    assert_eq!(s.read("agenda.ics").matches("BEGIN:VEVENT").count(), 6);
    s.build_on("2026-12-07");
    let file = s.out().join("agenda.ics");
    let Some(all) = parsed(std::slice::from_ref(&file)) else {
        return;
    };
    let agenda = &all[file.to_str().unwrap()];
    assert_eq!(agenda["errors"], serde_json::json!([]), "{agenda}");
    assert_eq!(agenda["events"].as_array().unwrap().len(), 4);
}
