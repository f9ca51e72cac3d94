//! A `VTIMEZONE` made from the tz database compiled in (jiff's): for the years an
//! agenda uses, each change of offset as an observance of its own (`STANDARD` or
//! `DAYLIGHT`), with the one in force when the first year begins, so that a
//! calendar that does not know the zone's name still places every time right.

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::lines::{push_line, text};

/// The most years one `VTIMEZONE` covers: a rule that recurs for centuries does
/// not make the file grow past a few hundred lines.
pub const MAX_YEARS: i16 = 60;

/// The `VTIMEZONE` of zone `name` for the years `first..=last` (at most
/// [`MAX_YEARS`] of them), appended to `out`; nothing when the database does not
/// know the zone.
pub fn push_zone(out: &mut String, name: &str, first: i16, last: i16) {
    let Some(tz) = crate::agenda::zone(name) else {
        return;
    };
    let last = last.clamp(first, first.saturating_add(MAX_YEARS - 1));
    let at = |year: i16| {
        Date::new(year, 1, 1)
            .ok()
            .and_then(|d| {
                d.to_datetime(jiff::civil::Time::MIN)
                    .to_zoned_datetime(tz.clone())
                    .ok()
            })
            .map(|z| z.timestamp())
    };
    let Some(from) = at(first) else { return };
    let until = at(last.saturating_add(1)).unwrap_or(Timestamp::MAX);
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{}", text(name)));
    match tz
        .preceding(
            from.checked_add(SignedDuration::from_secs(1))
                .unwrap_or(from),
        )
        .next()
    {
        Some(t) => observance(
            out,
            &tz,
            t.timestamp(),
            t.offset(),
            t.abbreviation(),
            t.dst().is_dst(),
        ),
        None => {
            // A zone that never changed: one observance from the epoch on.
            let offset = tz.to_offset(from);
            let info = tz.to_offset_info(from);
            let start = Timestamp::UNIX_EPOCH;
            let dst = info.dst().is_dst();
            observance_from(out, start, offset, offset, info.abbreviation(), dst);
        }
    }
    for t in tz.following(from) {
        if t.timestamp() >= until {
            break;
        }
        observance(
            out,
            &tz,
            t.timestamp(),
            t.offset(),
            t.abbreviation(),
            t.dst().is_dst(),
        );
    }
    push_line(out, "END:VTIMEZONE");
}

/// One change of offset, at `at`: the offset before it is the zone's a second earlier.
fn observance(out: &mut String, tz: &TimeZone, at: Timestamp, to: Offset, name: &str, dst: bool) {
    let before = at.checked_sub(SignedDuration::from_secs(1)).unwrap_or(at);
    observance_from(out, at, tz.to_offset(before), to, name, dst);
}

/// An observance: its onset written in the local time of the offset it replaces
/// (RFC 5545, 3.6.5), the offsets from and to, its name.
fn observance_from(
    out: &mut String,
    at: Timestamp,
    from: Offset,
    to: Offset,
    name: &str,
    dst: bool,
) {
    let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
    let local = from.to_datetime(at);
    push_line(out, &format!("BEGIN:{kind}"));
    push_line(out, &format!("DTSTART:{}", local.strftime("%Y%m%dT%H%M%S")));
    push_line(out, &format!("TZOFFSETFROM:{}", offset(from)));
    push_line(out, &format!("TZOFFSETTO:{}", offset(to)));
    if !name.is_empty() {
        push_line(out, &format!("TZNAME:{}", text(name)));
    }
    push_line(out, &format!("END:{kind}"));
}

/// `+0100`, `-0330`, `+053028` (seconds only when there are some).
fn offset(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_in_2026_changes_on_the_last_sundays_of_march_and_october() {
        let mut out = String::new();
        push_zone(&mut out, "Europe/Paris", 2026, 2026);
        let text = out.replace("\r\n", "\n");
        // In force on 1 January: winter time, since October 2025.
        assert!(text.contains("BEGIN:STANDARD\nDTSTART:20251026T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD"), "{text}");
        assert!(text.contains("BEGIN:DAYLIGHT\nDTSTART:20260329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT"), "{text}");
        assert!(
            text.contains(
                "BEGIN:STANDARD\nDTSTART:20261025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100"
            ),
            "{text}"
        );
        assert_eq!(text.matches("BEGIN:DAYLIGHT").count(), 1);
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 2);
    }

    #[test]
    fn a_zone_without_changes_has_one_observance_and_an_unknown_one_none() {
        let mut out = String::new();
        push_zone(&mut out, "UTC", 2026, 2027);
        assert!(
            out.contains("TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n"),
            "{out}"
        );
        assert_eq!(out.matches("BEGIN:STANDARD").count(), 1);
        let mut none = String::new();
        push_zone(&mut none, "Mars/Olympus", 2026, 2026);
        assert_eq!(none, "");
    }

    #[test]
    fn centuries_of_years_are_capped() {
        let mut out = String::new();
        push_zone(&mut out, "Europe/Paris", 2026, 9000);
        assert!(out.matches("BEGIN:DAYLIGHT").count() <= MAX_YEARS as usize);
        assert_eq!(
            offset(Offset::from_seconds(-(3 * 3600 + 30 * 60)).unwrap()),
            "-0330"
        );
        assert_eq!(offset(Offset::from_seconds(561).unwrap()), "+000921");
    }
}
