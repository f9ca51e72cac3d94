//! Tests of events' rules, parsed, expanded and capped, and of dates and rules in
//! words (an event read from its fiche is tested in `fiche`).

use jiff::civil::{DateTime, date};
use proptest::prelude::*;

use super::rule::{self, Freq, MAX_OCCURRENCES};
use super::words;
use crate::lang::Lang;

fn at(s: &str) -> DateTime {
    s.parse().unwrap()
}

#[test]
fn a_rule_reads_back_as_rfc_5545_writes_it() {
    let r = rule::parse("freq=monthly; byday=1TH ;UNTIL=2026-06-30", Lang::Fr).unwrap();
    assert_eq!(r.freq, Freq::Monthly);
    assert_eq!(r.text(), "FREQ=MONTHLY;UNTIL=20260630T235959;BYDAY=1TH");
    let r = rule::parse(
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10",
        Lang::En,
    )
    .unwrap();
    assert_eq!(r.text(), "FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,TH");
    let r = rule::parse("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20261231T120000", Lang::En).unwrap();
    assert_eq!(r.until, Some(date(2026, 12, 31)));
}

#[test]
fn until_is_written_in_utc_for_a_calendar_file() {
    let r = rule::parse("FREQ=MONTHLY;BYDAY=1TH;UNTIL=2026-06-30", Lang::Fr).unwrap();
    // The last day ends at 23:59:59 in Paris: 21:59:59 UTC in summer, 22:59:59 in winter.
    let paris = super::zone("Europe/Paris");
    assert_eq!(
        r.text_until_utc(paris.as_ref()),
        "FREQ=MONTHLY;UNTIL=20260630T215959Z;BYDAY=1TH"
    );
    let r = rule::parse("FREQ=DAILY;UNTIL=2026-12-31", Lang::Fr).unwrap();
    assert_eq!(
        r.text_until_utc(paris.as_ref()),
        "FREQ=DAILY;UNTIL=20261231T225959Z"
    );
    let montreal = super::zone("America/Montreal");
    assert_eq!(
        r.text_until_utc(montreal.as_ref()),
        "FREQ=DAILY;UNTIL=20270101T045959Z"
    );
    assert_eq!(r.text_until_utc(None), r.text());
    // At jiff's limits: the last day of year 9999 ends past the last instant it
    // knows, in UTC as west of it; UNTIL is still written in UTC, never floating.
    let r = rule::parse("FREQ=DAILY;UNTIL=9999-12-31", Lang::Fr).unwrap();
    for zone in ["UTC", "America/Adak", "Pacific/Kiritimati", "Europe/Paris"] {
        let text = r.text_until_utc(super::zone(zone).as_ref());
        assert!(
            text.starts_with("FREQ=DAILY;UNTIL=9999123") && text.ends_with('Z'),
            "{zone}: {text}"
        );
    }
}

/// Lists of a thousand items, numbers past every integer type, dates past jiff's:
/// each refused at its place, at once.
#[test]
fn huge_lists_and_numbers_are_refused_at_their_place() {
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
        format!(
            "FREQ=MONTHLY;BYMONTH={}",
            thousand(&|i| (1 + i % 12).to_string())
        ),
        "FREQ=DAILY;COUNT=18446744073709551616".into(),
        "FREQ=DAILY;INTERVAL=9223372036854775807".into(),
        "FREQ=DAILY;INTERVAL=-1".into(),
        "FREQ=MONTHLY;BYDAY=99999999999FR".into(),
        "FREQ=MONTHLY;BYMONTHDAY=-99999999999".into(),
        "FREQ=DAILY;UNTIL=-009999-01-01".into(),
        "FREQ=DAILY;UNTIL=10000-01-01".into(),
        format!("FREQ=DAILY;UNTIL={}", "9".repeat(1000)),
    ];
    for text in &rules {
        let e = rule::parse(text, Lang::Fr).unwrap_err();
        let at = text.find(';').unwrap() + 1;
        assert!(
            e.range.start >= at && text.get(e.range.clone()).is_some(),
            "{text}: {:?}",
            e.range
        );
    }
}

#[test]
fn a_wrong_part_is_pointed_at() {
    let err = |text: &str| {
        let e = rule::parse(text, Lang::Fr).unwrap_err();
        (text[e.range.clone()].to_string(), e.message)
    };
    assert_eq!(
        err("FREQ=MONTHLY;BYDAY=1XX"),
        (
            "BYDAY=1XX".into(),
            "« 1XX » n'est pas un jour de la semaine".into()
        )
    );
    assert_eq!(err("FREQ=MONTHLY; BYWEEK=2 ").0, "BYWEEK=2");
    assert_eq!(err("FREQ=HOURLY").1, "rythme inconnu « HOURLY »");
    assert_eq!(err("FREQ=DAILY;FREQ=DAILY").0, "FREQ=DAILY");
    assert_eq!(err("UNTIL=2026-02-30;FREQ=DAILY").0, "UNTIL=2026-02-30");
    assert_eq!(err("FREQ=DAILY;COUNT=0").0, "COUNT=0");
    assert_eq!(err("FREQ=DAILY;COUNT=1000000").0, "COUNT=1000000");
    let (whole, message) = err("BYDAY=TH");
    assert_eq!(whole, "BYDAY=TH");
    assert!(message.contains("FREQ"), "{message}");
    assert!(
        err("FREQ=DAILY;COUNT=3;UNTIL=2026-01-01")
            .1
            .contains("COUNT et UNTIL")
    );
    assert!(err("FREQ=WEEKLY;BYDAY=1TH").1.contains("MONTHLY"));
    assert!(err("FREQ=MONTHLY;BYDAY=6TH").1.contains("6TH"));
}

#[test]
fn the_first_thursday_from_september_to_june() {
    let r = rule::parse(
        "FREQ=MONTHLY;BYDAY=1TH;BYMONTH=9,10,11,12,1,2,3,4,5,6;UNTIL=2026-06-30",
        Lang::Fr,
    )
    .unwrap();
    let e = rule::expand(&r, at("2025-09-04T18:30"), date(2025, 1, 1));
    let days: Vec<String> = e.dates.iter().map(|d| d.date().to_string()).collect();
    assert_eq!(
        days,
        [
            "2025-09-04",
            "2025-10-02",
            "2025-11-06",
            "2025-12-04",
            "2026-01-01",
            "2026-02-05",
            "2026-03-05",
            "2026-04-02",
            "2026-05-07",
            "2026-06-04"
        ]
    );
    assert!(
        e.dates
            .iter()
            .all(|d| d.time() == at("2025-09-04T18:30").time())
    );
    assert!(!e.capped);
    // From a later day, only the dates from it on.
    let later = rule::expand(&r, at("2025-09-04T18:30"), date(2026, 3, 6));
    assert_eq!(later.dates.len(), 3);
    assert_eq!(
        words::rule(&r, date(2025, 9, 4), Lang::Fr),
        "chaque mois, le premier jeudi, de septembre à juin, jusqu'au 30 juin 2026"
    );
    assert_eq!(
        words::rule(&r, date(2025, 9, 4), Lang::En),
        "every month, the first Thursday, September to June, until 30 June 2026"
    );
}

#[test]
fn weekly_count_and_last_day_rules() {
    let r = rule::parse("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=5", Lang::Fr).unwrap();
    // Starts on a Monday: its Thursday is the second date.
    let e = rule::expand(&r, at("2026-03-02T10:00"), date(2026, 1, 1));
    let days: Vec<String> = e.dates.iter().map(|d| d.date().to_string()).collect();
    assert_eq!(
        days,
        [
            "2026-03-02",
            "2026-03-05",
            "2026-03-09",
            "2026-03-12",
            "2026-03-16"
        ]
    );
    assert!(!e.capped);
    let r = rule::parse("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", Lang::Fr).unwrap();
    let e = rule::expand(&r, at("2026-01-31T09:00"), date(2026, 1, 1));
    let days: Vec<String> = e.dates.iter().map(|d| d.date().to_string()).collect();
    assert_eq!(days, ["2026-01-31", "2026-02-28", "2026-03-31"]);
    assert_eq!(
        words::rule(&r, date(2026, 1, 31), Lang::Fr),
        "chaque mois, le dernier jour du mois, 3\u{a0}fois"
    );
    let r = rule::parse("FREQ=WEEKLY;INTERVAL=2", Lang::Fr).unwrap();
    assert_eq!(
        words::rule(&r, date(2026, 3, 2), Lang::Fr),
        "toutes les 2 semaines, le lundi"
    );
}

#[test]
fn a_weekday_in_a_yearly_rule_is_pointed_at() {
    let e = rule::parse("FREQ=YEARLY;BYDAY=MO", Lang::Fr).unwrap_err();
    assert_eq!(e.message, "BYDAY ne s'utilise pas avec FREQ=YEARLY");
    assert_eq!(e.range, 0..20);
}

#[test]
fn endless_rules_are_capped_not_slow() {
    // Every day since 1900, with no end: the dates kept start near the day asked for,
    // and there are at most MAX_OCCURRENCES of them.
    let r = rule::parse("FREQ=DAILY", Lang::Fr).unwrap();
    let e = rule::expand(&r, at("1900-01-01T08:00"), date(2026, 12, 7));
    assert_eq!(e.dates.len(), MAX_OCCURRENCES);
    assert_eq!(e.dates[0].date(), date(2026, 12, 7));
    assert!(e.capped);
    // A rule that never gives a date (31 February) looks at a bounded number of months.
    let r = rule::parse("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2", Lang::Fr).unwrap();
    let e = rule::expand(&r, at("2026-01-31T08:00"), date(2026, 1, 1));
    assert_eq!(e.dates.len(), 1);
    assert!(e.capped);
    // Over years, until a far date: capped at MAX_OCCURRENCES.
    let r = rule::parse("FREQ=WEEKLY;UNTIL=2099-12-31", Lang::Fr).unwrap();
    let e = rule::expand(&r, at("2026-01-05T08:00"), date(2026, 1, 1));
    assert_eq!(e.dates.len(), MAX_OCCURRENCES);
    assert!(e.capped);
}

#[test]
fn dates_in_words() {
    let fr = words::when(
        at("2026-03-12T19:00"),
        Some(at("2026-03-12T21:30")),
        Lang::Fr,
    );
    assert_eq!(fr, "jeudi 12 mars 2026, de 19\u{a0}h à 21\u{a0}h\u{a0}30");
    let en = words::when(
        at("2026-03-12T19:00"),
        Some(at("2026-03-12T21:30")),
        Lang::En,
    );
    assert_eq!(en, "Thursday 12 March 2026, 7\u{a0}pm to 9:30\u{a0}pm");
    assert_eq!(
        words::when(at("2026-10-01T09:00"), None, Lang::Fr),
        "jeudi 1er octobre 2026 à 9\u{a0}h"
    );
    assert_eq!(
        words::when(
            at("2026-03-12T19:00"),
            Some(at("2026-03-14T17:00")),
            Lang::Fr
        ),
        "du jeudi 12 mars 2026, 19\u{a0}h, au samedi 14 mars 2026, 17\u{a0}h"
    );
    assert_eq!(
        words::time(at("2026-03-12T00:05").time(), Lang::En),
        "12:05\u{a0}am"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text as a rule: parsed, or an error whose range is inside the text on
    /// character boundaries.
    #[test]
    fn hostile_rules_never_panic(text in crate::cut::hostile::text(16), tail in crate::cut::hostile::text(4)) {
        for candidate in [text.clone(), format!("FREQ=MONTHLY;BYDAY={text}"), format!("FREQ=WEEKLY;{tail}={text}")] {
            match rule::parse(&candidate, Lang::Fr) {
                Ok(r) => {
                    let e = rule::expand(&r, at("2026-01-01T10:00"), date(2026, 1, 1));
                    prop_assert!(e.dates.len() <= MAX_OCCURRENCES);
                    let _ = words::rule(&r, date(2026, 1, 1), Lang::Fr);
                }
                Err(e) => {
                    prop_assert!(candidate.get(e.range.clone()).is_some(), "{:?} {:?}", candidate, e.range);
                }
            }
        }
    }

    /// Every rule of the subset, at random: its dates come in order, after the start,
    /// never past UNTIL, at most COUNT of them.
    #[test]
    fn expansions_keep_their_promises(
        freq in prop::sample::select(vec!["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
        interval in 1u32..5,
        days in prop::collection::vec(prop::sample::select(vec!["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), 0..3),
        count in prop::option::of(1u32..50),
        month_day in prop::option::of(1i8..=31),
    ) {
        let mut text = format!("FREQ={freq};INTERVAL={interval}");
        if !days.is_empty() && freq != "YEARLY" {
            text.push_str(&format!(";BYDAY={}", days.join(",")));
        }
        if freq == "MONTHLY" && let Some(d) = month_day {
            text.push_str(&format!(";BYMONTHDAY={d}"));
        }
        match count {
            Some(c) => text.push_str(&format!(";COUNT={c}")),
            None => text.push_str(";UNTIL=2027-12-31"),
        }
        let r = rule::parse(&text, Lang::Fr).unwrap();
        let start = at("2026-01-15T18:00");
        let e = rule::expand(&r, start, date(2000, 1, 1));
        prop_assert_eq!(e.dates[0], start);
        prop_assert!(e.dates.windows(2).all(|w| w[0] < w[1]));
        if let Some(c) = count {
            prop_assert!(e.dates.len() <= c as usize);
        } else {
            prop_assert!(e.dates.iter().all(|d| d.date() <= date(2027, 12, 31)));
        }
    }
}

/// The break-it round's rules: each read or refused at its place, none panics,
/// none expands past the caps, whatever the start (year 9999 included).
#[test]
fn hostile_rules_of_the_break_it_round() {
    let starts = [
        at("2026-01-30T10:00"),
        at("2026-02-28T23:59"),
        at("9999-12-31T23:00"),
        jiff::civil::DateTime::MIN,
        at("2028-02-29T10:00"),
    ];
    let rules = [
        "FREQ=DAILY;COUNT=1000",
        "FREQ=DAILY;COUNT=4294967295",
        "FREQ=YEARLY;INTERVAL=1000",
        "FREQ=DAILY;INTERVAL=1000",
        "FREQ=MONTHLY;BYDAY=5FR;BYMONTH=2",
        "FREQ=MONTHLY;BYDAY=-5MO",
        "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU",
        "FREQ=WEEKLY;UNTIL=2020-01-01",
        "freq=monthly;byday=1th;until=2026-06-30",
        " FREQ = MONTHLY ; BYDAY = 1TH ",
        "FREQ=MONTHLY;\u{a0}BYDAY=1TH",
        "FREQ=MONTHLY;BYDAY=1TH\u{a0}",
        "FREQ=MONTHLY;BYDAY=🎉",
        "FREQ=🎉",
        "FREQ=MONTHLY;BYDAY=1ＴＨ",
        "FREQ=MONTHLY;BYDAY=١TH",
        "FREQ=MONTHLY;UNTIL=9999-12-31",
        "FREQ=DAILY;UNTIL=99999-12-31",
        "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11",
        "RRULE:FREQ=WEEKLY;;;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO",
        "\u{202e}FREQ=DAILY",
        "FREQ=DAILY\u{0}",
        "",
    ];
    for text in rules {
        match rule::parse(text, Lang::Fr) {
            Ok(r) => {
                for start in starts {
                    let e = rule::expand(&r, start, start.date());
                    assert!(e.dates.len() <= MAX_OCCURRENCES, "{text}");
                    assert!(e.dates.windows(2).all(|w| w[0] < w[1]), "{text}");
                    let _ = words::rule(&r, start.date(), Lang::Fr);
                    let _ = r.text_until_utc(crate::agenda::zone("Europe/Paris").as_ref());
                }
            }
            Err(e) => assert!(text.get(e.range.clone()).is_some(), "{text} {:?}", e.range),
        }
    }
    // What reads: any case, spaces around parts; what does not: BYSETPOS, a rank of
    // full-width or Arabic digits.
    assert!(rule::parse("freq=monthly;byday=1th;until=2026-06-30", Lang::Fr).is_ok());
    assert!(rule::parse(" FREQ = MONTHLY ; BYDAY = 1TH ", Lang::Fr).is_ok());
    assert!(rule::parse("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU", Lang::Fr).is_err());
    assert!(rule::parse("FREQ=MONTHLY;BYDAY=1ＴＨ", Lang::Fr).is_err());
    // A fifth Friday in February: only in the Februaries that have one (2036).
    let r = rule::parse("FREQ=MONTHLY;BYDAY=5FR;BYMONTH=2", Lang::Fr).unwrap();
    let e = rule::expand(&r, at("2026-01-30T10:00"), date(2026, 1, 1));
    assert_eq!(e.dates[1], at("2036-02-29T10:00"));
    // UNTIL before the start: the start alone.
    let r = rule::parse("FREQ=WEEKLY;UNTIL=2020-01-01", Lang::Fr).unwrap();
    assert_eq!(
        rule::expand(&r, at("2026-01-30T10:00"), date(2026, 1, 1)).dates,
        [at("2026-01-30T10:00")]
    );
}
