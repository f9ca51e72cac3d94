//! The recurrence rules expanded by another implementation (python-dateutil, through
//! `tests/agenda_rrule.py`): the dates the agenda shows must be those a calendar
//! following `agenda.ics`'s RRULE shows. Hand-picked rules (monthly by weekday and
//! month day together, yearly by month, ranks past a month's end, leap days) and
//! rules drawn at random from the subset.
//!
//! The Python is the one `ICALENDAR_PYTHON` names (icalendar brings dateutil);
//! without it the test is skipped with a note, unless `FICHES_TOOL_TESTS` is set.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::tool_ready;
use fiches::agenda::rule;
use fiches::lang::Lang;
use jiff::civil::DateTime;

/// How many dates of each rule are compared.
const N: usize = 40;

const PICKED: [(&str, &str); 16] = [
    (
        "FREQ=MONTHLY;BYDAY=1TH;UNTIL=2027-06-30",
        "2026-09-03T18:00:00",
    ),
    ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "2026-02-13T20:00:00"),
    (
        "FREQ=MONTHLY;BYDAY=MO,TU;BYMONTHDAY=1,2,3,4,5,6,7",
        "2026-01-05T09:00:00",
    ),
    ("FREQ=MONTHLY;BYDAY=5FR", "2026-01-30T10:00:00"),
    (
        "FREQ=MONTHLY;BYDAY=-1SU;BYMONTH=3,10",
        "2026-03-29T10:00:00",
    ),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-01-31T10:00:00"),
    ("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31T10:00:00"),
    ("FREQ=MONTHLY", "2026-01-31T10:00:00"),
    ("FREQ=YEARLY", "2028-02-29T10:00:00"),
    ("FREQ=YEARLY;BYMONTH=3,6", "2026-01-15T10:00:00"),
    ("FREQ=YEARLY;INTERVAL=2;BYMONTH=9", "2026-09-10T10:00:00"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO", "2026-01-04T10:00:00"),
    (
        "FREQ=WEEKLY;BYDAY=WE;BYMONTH=9,10,11,12,1,2,3,4,5,6",
        "2026-09-02T14:00:00",
    ),
    ("FREQ=DAILY;BYDAY=MO,WE,FR;COUNT=10", "2026-01-01T10:00:00"),
    ("FREQ=DAILY;INTERVAL=3;BYMONTH=2", "2026-02-01T10:00:00"),
    ("FREQ=WEEKLY;COUNT=5", "2026-01-15T10:00:00"),
];

/// A small deterministic generator: the same rules on every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn rule(&mut self) -> (String, String) {
        let freqs = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
        let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        let freq = freqs[self.next(4) as usize];
        let mut parts = vec![format!("FREQ={freq}")];
        if self.next(3) == 0 {
            parts.push(format!("INTERVAL={}", 1 + self.next(4)));
        }
        if freq != "YEARLY" && self.next(2) == 0 {
            let k = 1 + self.next(3);
            // Ranked and plain days are not mixed in one list: RFC 5545 takes each
            // entry's days together, dateutil only the days both kinds give.
            let ranked = self.next(3) == 0;
            let list: Vec<String> = (0..k)
                .map(|_| {
                    let day = days[self.next(7) as usize];
                    match (freq, ranked) {
                        ("MONTHLY", true) => {
                            format!("{}{day}", [1, 2, 3, 4, -1][self.next(5) as usize])
                        }
                        _ => day.to_string(),
                    }
                })
                .collect();
            parts.push(format!("BYDAY={}", list.join(",")));
        }
        if freq == "MONTHLY" && self.next(3) == 0 {
            parts.push(format!(
                "BYMONTHDAY={}",
                [1, 13, 15, 28, 29, 30, 31, -1][self.next(8) as usize]
            ));
        }
        if self.next(4) == 0 {
            parts.push(format!(
                "BYMONTH={},{}",
                1 + self.next(12),
                1 + self.next(12)
            ));
        }
        match self.next(3) {
            0 => parts.push(format!("COUNT={}", 1 + self.next(30))),
            1 => parts.push("UNTIL=2029-12-31".into()),
            _ => {}
        }
        let start = format!(
            "20{:02}-{:02}-{:02}T{:02}:00:00",
            24 + self.next(6),
            1 + self.next(12),
            1 + self.next(28),
            8 + self.next(12)
        );
        (parts.join(";"), start)
    }
}

fn python() -> Option<PathBuf> {
    let python = std::env::var_os("ICALENDAR_PYTHON").map(PathBuf::from);
    let missing = python.is_none().then_some(
        "ICALENDAR_PYTHON, a Python with icalendar (python3 -m venv v && v/bin/pip install icalendar; ICALENDAR_PYTHON=v/bin/python)",
    );
    tool_ready("dateutil", missing).then_some(python).flatten()
}

#[test]
fn the_agenda_shows_the_dates_a_calendar_shows() {
    let Some(python) = python() else { return };
    let mut draw = Draw(26);
    let mut cases: Vec<(String, String)> = PICKED
        .iter()
        .map(|(r, s)| (r.to_string(), s.to_string()))
        .collect();
    cases.extend((0..400).map(|_| draw.rule()));
    let mut ours = Vec::new();
    let mut asked = Vec::new();
    for (text, start) in &cases {
        let r = rule::parse(text, Lang::Fr).unwrap_or_else(|e| panic!("{text}: {}", e.message));
        let start: DateTime = start.parse().unwrap();
        let e = rule::expand(&r, start, start.date());
        // A rule cut by the cap before N dates (none in 5,000 periods) is not
        // compared: another implementation may look for its dates for ever.
        if e.capped && e.dates.len() < N {
            continue;
        }
        let dates: Vec<String> = e.dates.iter().take(N).map(|d| d.to_string()).collect();
        // The rule as the calendar file writes it (a floating UNTIL, as the start is).
        asked.push(serde_json::json!({ "rule": r.text(), "start": start.to_string(), "n": N }));
        ours.push((text.clone(), dates));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/agenda_rrule.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&asked).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    let mut wrong = Vec::new();
    for ((text, ours), theirs) in ours.iter().zip(&theirs) {
        // dateutil writes seconds; so does jiff here.
        if ours != theirs {
            let at = ours
                .iter()
                .zip(theirs)
                .position(|(a, b)| a != b)
                .unwrap_or(ours.len().min(theirs.len()));
            wrong.push(format!(
                "{text} (start {}): ours {:?}, theirs {:?} from date {at}",
                ours.first().map_or("", String::as_str),
                ours.get(at),
                theirs.get(at)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rules differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
