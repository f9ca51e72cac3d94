//! Events at the edges of time and of reason: starts at jiff's first and last years in
//! zones that push them past what it can count, rules with lists of a thousand items
//! and numbers past every integer type. A site of events at the limits is built (its
//! calendar still says UNTIL in UTC); every rule refused is an error at its line and
//! column, at once.

mod common;

use common::Site;

fn event(start: &str, zone: &str, rule: &str) -> String {
    format!(
        "+++\ntitle = \"Rencontre\"\ndate = 2024-01-01\nvariant = \"event\"\nsummary = \"Une rencontre.\"\n\
         authors = [\"Aïcha\"]\nstart = {start}\ntimezone = \"{zone}\"\nattendance = \"online\"\n\
         online_url = \"https://exemple.org/visio\"\norganizers = [\"Aïcha\"]\nrecurrence = \"{rule}\"\n+++\n\
         ## Au programme\n\nDes échanges.\n"
    )
}

#[test]
fn events_at_the_limits_of_time_are_built_and_their_calendar_says_until_in_utc() {
    let files = [
        (
            "content/a.md",
            event("\"9999-12-31T23:59:59\"", "America/Adak", "FREQ=DAILY"),
        ),
        (
            "content/b.md",
            event(
                "\"9999-12-31T23:00:00\"",
                "Pacific/Kiritimati",
                "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=9999-12-31",
            ),
        ),
        (
            "content/c.md",
            event(
                "\"9999-12-31T23:59:59\"",
                "UTC",
                "FREQ=YEARLY;UNTIL=9999-12-31",
            ),
        ),
        (
            "content/d.md",
            event(
                "\"0000-01-01T00:00:00\"",
                "Etc/GMT-14",
                "FREQ=DAILY;COUNT=1000",
            ),
        ),
        (
            "content/e.md",
            event(
                "2026-03-12T19:00:00",
                "America/Adak",
                "FREQ=WEEKLY;UNTIL=9999-12-31",
            ),
        ),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let s = Site::new(&refs);
    s.build_on("2026-03-01");
    let ics = s.read("agenda.ics");
    let rules: Vec<&str> = ics.lines().filter(|l| l.starts_with("RRULE:")).collect();
    assert!(rules.len() >= 3, "{ics}");
    for r in rules {
        if let Some(until) = r.split(';').find_map(|p| p.strip_prefix("UNTIL=")) {
            assert!(
                until.ends_with('Z'),
                "RFC 5545: UNTIL in UTC when DTSTART has a zone: {r}"
            );
        }
    }
}

#[test]
fn hostile_rules_are_errors_at_their_line_and_column() {
    let thousand =
        |item: &dyn Fn(usize) -> String| (0..1000).map(item).collect::<Vec<_>>().join(",");
    let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let rules = [
        format!(
            "FREQ=WEEKLY;BYDAY={}",
            thousand(&|i| days[i % 7].to_string())
        ),
        format!(
            "FREQ=MONTHLY;BYMONTHDAY={}",
            thousand(&|i| (1 + i % 31).to_string())
        ),
        "FREQ=DAILY;COUNT=18446744073709551616".to_string(),
        "FREQ=DAILY;INTERVAL=9223372036854775807".to_string(),
        "FREQ=MONTHLY;BYDAY=99999999999FR".to_string(),
        "FREQ=DAILY;UNTIL=-009999-01-01".to_string(),
    ];
    let files: Vec<(String, String)> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                format!("content/r{i}.md"),
                event("2026-03-12T19:00:00", "Europe/Paris", r),
            )
        })
        .collect();
    let s = Site::owned(&files);
    let r = s.build();
    assert!(r.built.is_none());
    for (i, rule) in rules.iter().enumerate() {
        let file = std::path::PathBuf::from(format!("content/r{i}.md"));
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.is_error() && d.file.as_ref() == Some(&file))
            .unwrap_or_else(|| panic!("rule {i}: {:#?}", r.diagnostics));
        // `recurrence = "` is line 12, its value from column 15; the mistake is a
        // part after the first `;`.
        assert_eq!(d.line, 12, "rule {i}");
        assert!(
            d.column > 15 + rule.find(';').unwrap(),
            "rule {i}: column {}",
            d.column
        );
        assert!(d.hint.is_some(), "rule {i}");
    }
}
