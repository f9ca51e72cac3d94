//! Local times the clocks skip or say twice: inside a daylight-saving gap (02:30 on
//! the last Sunday of March does not exist in Europe/Paris) or fold (02:30 on the
//! last Sunday of October comes twice). Calendars read a skipped time with the
//! offset before the gap, an hour later (RFC 5545, 3.3.5), and a repeated one as
//! its first time: `check` warns, so that the author writes the time meant.

use jiff::civil::{DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use toml::de::DeTable;

use super::{Event, words};
use crate::fields::{Local, Reader};
use crate::lang::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The clocks jump forward over the time: it does not exist.
    Gap,
    /// The clocks go back over the time: it comes twice.
    Fold,
}

/// A clock change a local time falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    pub kind: Kind,
    /// The clocks' time when they change (« 2 h » in March, « 3 h » in October)…
    pub from: Time,
    /// … and the time they show then (« 3 h », « 2 h »).
    pub to: Time,
    /// The local time calendars take it for: an hour later in a gap, itself in a fold.
    pub read_as: DateTime,
}

/// The clock change `dt` falls in, in `tz`; `None` for a time that is said once.
pub fn shift(tz: &TimeZone, dt: DateTime) -> Option<Shift> {
    let (kind, before, after) = match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { .. } => return None,
        AmbiguousOffset::Gap { before, after } => (Kind::Gap, before, after),
        AmbiguousOffset::Fold { before, after } => (Kind::Fold, before, after),
    };
    let (a, b) = (before.to_timestamp(dt).ok()?, after.to_timestamp(dt).ok()?);
    // The change lies between the two readings of `dt`.
    let since = a
        .min(b)
        .checked_sub(jiff::SignedDuration::from_secs(1))
        .ok()?;
    let change = tz.following(since).next()?.timestamp();
    Some(Shift {
        kind,
        from: before.to_datetime(change).time(),
        to: after.to_datetime(change).time(),
        read_as: tz.to_datetime(a),
    })
}

/// Warns of `start` or `end` inside a clock change, at its value; for a series whose
/// start is said once, of its first date that is not, at `recurrence`.
pub fn warn(r: &mut Reader, table: &DeTable, event: &Event) {
    let Some(tz) = super::zone(&event.zone) else {
        return;
    };
    let mut start_shifts = false;
    for (key, at) in [("start", Some(event.start)), ("end", event.end)] {
        if let (Some(at), Some(v)) = (at, table.get(key))
            && let Some(s) = shift(&tz, at)
        {
            start_shifts |= key == "start";
            let (message, hint) = said(key, at, &s, &event.zone, r.lang);
            r.warning(v.local(), message, Some(hint));
        }
    }
    let (Some(rule), Some(v)) = (&event.recurrence, table.get("recurrence")) else {
        return;
    };
    if start_shifts {
        return;
    }
    // The dates the agenda and the calendars show: the expansion's, capped.
    let dates = super::rule::expand(rule, event.start, event.start.date()).dates;
    if let Some((at, s)) = (dates.into_iter()).find_map(|at| Some((at, shift(&tz, at)?))) {
        let (message, hint) = said("recurrence", at, &s, &event.zone, r.lang);
        r.warning(v.local(), message, Some(hint));
    }
}

/// What to say of `at`, given as `key`, in the change `s` of `zone`.
fn said(key: &str, at: DateTime, s: &Shift, zone: &str, lang: Lang) -> (String, String) {
    let day = words::date(at.date(), lang);
    let (time, from, to) = (
        words::time(at.time(), lang),
        words::time(s.from, lang),
        words::time(s.to, lang),
    );
    let series = key == "recurrence";
    let read_as = words::time(s.read_as.time(), lang);
    match s.kind {
        Kind::Gap => (
            match series {
                false => lang.pick(
                    format!("le {day} à {time} n'existe pas à l'heure de {zone} : cette nuit-là, les horloges passent de {from} à {to}"),
                    format!("{time} on {day} does not exist in {zone}: that night the clocks go from {from} to {to}"),
                ),
                true => lang.pick(
                    format!("la série tombe le {day} à {time}, heure qui n'existe pas à {zone} : cette nuit-là, les horloges passent de {from} à {to}"),
                    format!("the series falls on {day} at {time}, a time that does not exist in {zone}: that night the clocks go from {from} to {to}"),
                ),
            },
            match series {
                false => lang.pick(
                    format!("les agendas le liraient {read_as} ; écrivez l'heure voulue, par exemple {key} = {}", s.read_as),
                    format!("calendars would read it as {read_as}; write the time meant, for example {key} = {}", s.read_as),
                ),
                true => lang.pick(
                    format!("ce jour-là, les agendas liraient {read_as} ; choisissez une heure avant {from} ou à partir de {to}"),
                    format!("that day, calendars would read {read_as}; choose a time before {from} or from {to} on"),
                ),
            },
        ),
        Kind::Fold => (
            match series {
                false => lang.pick(
                    format!("le {day}, {time} revient deux fois à {zone} : cette nuit-là, les horloges reculent de {from} à {to}"),
                    format!("{time} on {day} comes twice in {zone}: that night the clocks go back from {from} to {to}"),
                ),
                true => lang.pick(
                    format!("la série tombe le {day} à {time}, heure qui revient deux fois à {zone} : cette nuit-là, les horloges reculent de {from} à {to}"),
                    format!("the series falls on {day} at {time}, a time that comes twice in {zone}: that night the clocks go back from {from} to {to}"),
                ),
            },
            lang.pick(
                format!("les agendas prendront la première fois, avant le changement d'heure ; pour lever le doute, choisissez une heure avant {to} ou à partir de {from}"),
                format!("calendars will take the first time, before the change; to leave no doubt, choose a time before {to} or from {from} on"),
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn paris() -> TimeZone {
        super::super::zone("Europe/Paris").unwrap()
    }

    #[test]
    fn the_spring_gap_and_the_autumn_fold_of_paris() {
        let tz = paris();
        let gap = shift(&tz, date(2026, 3, 29).at(2, 30, 0, 0)).unwrap();
        assert_eq!(gap.kind, Kind::Gap);
        assert_eq!((gap.from, gap.to), (time(2, 0, 0, 0), time(3, 0, 0, 0)));
        assert_eq!(gap.read_as, date(2026, 3, 29).at(3, 30, 0, 0));
        // The gap's first minute is in it; its end is not.
        assert!(shift(&tz, date(2026, 3, 29).at(2, 0, 0, 0)).is_some());
        assert_eq!(shift(&tz, date(2026, 3, 29).at(3, 0, 0, 0)), None);
        assert_eq!(shift(&tz, date(2026, 3, 29).at(1, 59, 59, 0)), None);
        let fold = shift(&tz, date(2026, 10, 25).at(2, 30, 0, 0)).unwrap();
        assert_eq!(fold.kind, Kind::Fold);
        assert_eq!((fold.from, fold.to), (time(3, 0, 0, 0), time(2, 0, 0, 0)));
        assert_eq!(fold.read_as, date(2026, 10, 25).at(2, 30, 0, 0));
        assert_eq!(shift(&tz, date(2026, 10, 25).at(3, 0, 0, 0)), None);
        assert_eq!(shift(&tz, date(2026, 3, 12).at(19, 0, 0, 0)), None);
    }

    #[test]
    fn other_zones_and_the_ends_of_time() {
        // Santiago changes at midnight: 00:30 on its spring day does not exist.
        let tz = super::super::zone("America/Santiago").unwrap();
        let gap = shift(&tz, date(2026, 9, 6).at(0, 30, 0, 0)).unwrap();
        assert_eq!(gap.kind, Kind::Gap);
        assert_eq!(gap.read_as, date(2026, 9, 6).at(1, 30, 0, 0));
        // Lord Howe moves its clocks by half an hour.
        let tz = super::super::zone("Australia/Lord_Howe").unwrap();
        let gap = shift(&tz, date(2026, 10, 4).at(2, 10, 0, 0)).unwrap();
        assert_eq!(gap.read_as, date(2026, 10, 4).at(2, 40, 0, 0));
        for tz in [
            paris(),
            TimeZone::UTC,
            super::super::zone("Asia/Tokyo").unwrap(),
        ] {
            for dt in [
                DateTime::MIN,
                DateTime::MAX,
                date(9999, 12, 31).at(23, 59, 59, 0),
            ] {
                let _ = shift(&tz, dt);
            }
        }
        assert_eq!(
            shift(&TimeZone::UTC, date(2026, 3, 29).at(2, 30, 0, 0)),
            None
        );
    }
}
