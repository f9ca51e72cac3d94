//! Tests of an event read from its fiche: every field, the site's time zone, each
//! mistake an error at its line and column, hostile text in every field.

use std::path::Path;

use jiff::civil::DateTime;
use proptest::prelude::*;

use super::{Fiche, parse};
use crate::agenda::{Attendance, Status};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

fn at(s: &str) -> DateTime {
    s.parse().unwrap()
}

const HEAD: &str = "+++\ntitle = \"Soirée-débat\"\nvariant = \"event\"\nsummary = \"S.\"\norganizers = [\"Réseau\"]\n";

fn event(front: &str) -> (Option<Fiche>, Vec<Diagnostic>) {
    event_in("title = \"t\"", front)
}

fn event_in(config: &str, front: &str) -> (Option<Fiche>, Vec<Diagnostic>) {
    let (cfg, diags) = crate::config::parse(config);
    let cfg = cfg.unwrap_or_else(|| panic!("{diags:?}"));
    let text = format!("{HEAD}{front}+++\nCorps.\n");
    parse(text, Path::new("content/e.md"), "e", None, &cfg)
}

fn errors(diags: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
    diags
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect()
}

#[test]
fn an_event_is_read_whole() {
    let (f, diags) = event(
        "start = 2026-03-12T19:00:00\nend = 2026-03-12T21:30:00\nplace = \"Centre social\"\ntown = \"Lyon\"\nattendance = \"mixed\"\nonline_url = \"https://visio.exemple.org/s\"\nstatus = \"full\"\nregistration = \"inscription@exemple.org\"\nprice = \"gratuit\"\nrecurrence = \"FREQ=MONTHLY;BYDAY=2TH\"\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let f = f.unwrap();
    let e = f.event.unwrap();
    assert_eq!(e.start, at("2026-03-12T19:00"));
    assert_eq!(e.zone, "Europe/Paris");
    assert_eq!((e.attendance, e.status), (Attendance::Mixed, Status::Full));
    assert_eq!(e.organizers, ["Réseau"]);
    assert_eq!(f.date.unwrap().iso(), "2026-03-12");
    assert_eq!(
        e.rule_words(Lang::Fr).unwrap(),
        "chaque mois, le deuxième jeudi"
    );
    // The site's own zone, when it names one.
    let (f, diags) = event_in(
        "title = \"t\"\ntimezone = \"America/Montreal\"",
        "start = \"2026-03-12T19:00\"\nattendance = \"online\"\nonline_url = \"https://visio.exemple.org/s\"\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(f.unwrap().event.unwrap().zone, "America/Montreal");
}

#[test]
fn mistakes_are_errors_at_their_place() {
    let (_, diags) =
        event("start = 2026-03-12T19:00:00\nend = 2026-03-12T18:00:00\ntown = \"Lyon\"\n");
    assert_eq!(
        errors(&diags),
        [(
            7,
            7,
            "l'événement finit avant d'avoir commencé : `end` doit venir après `start`"
        )]
    );
    let (_, diags) = event("start = \"2026-02-30T19:00\"\ntown = \"Lyon\"\n");
    assert_eq!(
        errors(&diags),
        [(6, 9, "`start` n'est pas une date et une heure possibles")]
    );
    let (_, diags) = event("start = 2026-03-12\ntown = \"Lyon\"\n");
    assert_eq!(
        errors(&diags),
        [(6, 9, "`start` donne le jour mais pas l'heure")]
    );
    let (_, diags) =
        event("start = 2026-03-12T19:00:00\ntown = \"Lyon\"\ntimezone = \"Europe/Pariss\"\n");
    assert_eq!(
        errors(&diags),
        [(8, 12, "fuseau horaire inconnu « Europe/Pariss »")]
    );
    assert!(diags[0].hint.as_deref().unwrap().contains("Europe/Paris"));
    let (_, diags) = event("start = 2026-03-12T19:00:00\n");
    assert_eq!(
        errors(&diags),
        [(
            6,
            1,
            "l'événement a lieu sur place, mais ne dit pas où (`place`, `town`)"
        )]
    );
    let (_, diags) = event(
        "start = 2026-03-12T19:00:00\ntown = \"Lyon\"\nrecurrence = \"FREQ=MONTHLY;BYDAY=1JE\"\n",
    );
    // The column of BYDAY inside the string.
    assert_eq!(
        errors(&diags),
        [(8, 28, "« 1JE » n'est pas un jour de la semaine")]
    );
    let (_, diags) = event("town = \"Lyon\"\n");
    assert!(diags[0].message.contains("`start`"), "{:?}", errors(&diags));
}

#[test]
fn only_events_carry_event_fields() {
    let (cfg, _) = crate::config::parse("title = \"t\"");
    let text = "+++\ntitle = \"T\"\ndate = 2024-03-14\nvariant = \"factual\"\nsummary = \"S.\"\nauthors = [\"A\"]\nstart = 2026-03-12T19:00:00\n+++\n";
    let (_, diags) = parse(text.into(), Path::new("a.md"), "a", None, &cfg.unwrap());
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].line, diags[0].column), (7, 1));
    assert!(diags[0].message.contains("`start`"));
}

#[test]
fn an_unknown_site_zone_is_an_error_in_fiches_toml() {
    let (cfg, diags) = crate::config::parse("title = \"t\"\ntimezone = \"Paris\"");
    assert!(cfg.is_none());
    assert_eq!((diags[0].line, diags[0].column), (2, 12));
}

fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text in any field of an event is read, refused with a diagnostic, or both,
    /// but never panics; the texts it keeps are those written.
    #[test]
    fn hostile_text_in_every_event_field(
        place in crate::cut::hostile::text(12),
        town in crate::cut::hostile::text(12),
        price in crate::cut::hostile::text(12),
        organizer in crate::cut::hostile::text(12),
        recurrence in crate::cut::hostile::text(12),
        zone in crate::cut::hostile::text(6),
    ) {
        let front = format!(
            "start = 2026-03-12T19:00:00\nplace = {}\ntown = {}\nprice = {}\norganizers = [{}]\nrecurrence = {}\ntimezone = {}\n",
            quoted(&place), quoted(&town), quoted(&price), quoted(&organizer), quoted(&recurrence), quoted(&zone),
        );
        let (f, diags) = event(&front);
        for d in &diags {
            prop_assert!(d.line >= 1 && d.column >= 1);
        }
        if let Some(e) = f.and_then(|f| f.event) {
            if !place.trim().is_empty() {
                prop_assert_eq!(e.place.as_deref(), Some(place.as_str()));
            }
            let _ = e.when(Lang::Fr);
            let _ = e.rule_words(Lang::En);
        }
    }

}

/// Each warning: (line, column, message, hint).
fn warnings(diags: &[Diagnostic]) -> Vec<(usize, usize, &str, &str)> {
    (diags.iter())
        .filter(|d| !d.is_error())
        .map(|d| {
            (
                d.line,
                d.column,
                d.message.as_str(),
                d.hint.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

#[test]
fn a_time_the_clocks_skip_or_say_twice_is_a_warning_at_its_place() {
    // 02:30 on 29 March 2026 does not exist in Paris: calendars read 03:30.
    let (f, diags) =
        event("start = 2026-03-29T02:30:00\nend = 2026-03-29T04:00:00\ntown = \"Lyon\"\n");
    assert!(f.unwrap().event.is_some());
    assert_eq!(
        warnings(&diags),
        [(
            6,
            9,
            "le dimanche 29 mars 2026 à 2\u{a0}h\u{a0}30 n'existe pas à l'heure de Europe/Paris : cette nuit-là, les horloges passent de 2\u{a0}h à 3\u{a0}h",
            "les agendas le liraient 3\u{a0}h\u{a0}30 ; écrivez l'heure voulue, par exemple start = 2026-03-29T03:30:00"
        )]
    );
    // 02:30 on 25 October comes twice; an end there too.
    let (_, diags) =
        event("start = 2026-10-25T01:00:00\nend = 2026-10-25T02:30:00\ntown = \"Lyon\"\n");
    assert_eq!(
        warnings(&diags),
        [(
            7,
            7,
            "le dimanche 25 octobre 2026, 2\u{a0}h\u{a0}30 revient deux fois à Europe/Paris : cette nuit-là, les horloges reculent de 3\u{a0}h à 2\u{a0}h",
            "les agendas prendront la première fois, avant le changement d'heure ; pour lever le doute, choisissez une heure avant 2\u{a0}h ou à partir de 3\u{a0}h"
        )]
    );
    // A weekly night meeting meets the gap on its fourth Sunday: said at the rule.
    let (_, diags) = event(
        "start = 2026-03-08T02:30:00\ntown = \"Lyon\"\nrecurrence = \"FREQ=WEEKLY;COUNT=5\"\n",
    );
    assert_eq!(
        warnings(&diags),
        [(
            8,
            14,
            "la série tombe le dimanche 29 mars 2026 à 2\u{a0}h\u{a0}30, heure qui n'existe pas à Europe/Paris : cette nuit-là, les horloges passent de 2\u{a0}h à 3\u{a0}h",
            "ce jour-là, les agendas liraient 3\u{a0}h\u{a0}30 ; choisissez une heure avant 2\u{a0}h ou à partir de 3\u{a0}h"
        )]
    );
    // Three weeks only: it never meets the change.
    let (_, diags) = event(
        "start = 2026-03-08T02:30:00\ntown = \"Lyon\"\nrecurrence = \"FREQ=WEEKLY;COUNT=3\"\n",
    );
    assert_eq!(warnings(&diags), []);
    // In English, and in a zone that has no change (Tokyo), nothing.
    let (_, diags) = event_in(
        "title = \"t\"\nlanguage = \"en\"",
        "start = 2026-03-29T02:15:00\ntown = \"Lyon\"\n",
    );
    assert_eq!(
        warnings(&diags),
        [(
            6,
            9,
            "2:15\u{a0}am on Sunday 29 March 2026 does not exist in Europe/Paris: that night the clocks go from 2\u{a0}am to 3\u{a0}am",
            "calendars would read it as 3:15\u{a0}am; write the time meant, for example start = 2026-03-29T03:15:00"
        )]
    );
    let (_, diags) =
        event("start = 2026-03-29T02:30:00\ntimezone = \"Asia/Tokyo\"\ntown = \"Lyon\"\n");
    assert_eq!(warnings(&diags), []);
}
