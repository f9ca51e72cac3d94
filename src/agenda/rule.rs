//! The recurrence rules an event may give (`recurrence`): a subset of iCalendar's
//! RRULE (RFC 5545, 3.3.10) — FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY,
//! BYMONTH — parsed with the place of each mistake (each part read by its own
//! function, in `parts`) and written back as RFC 5545 does; `expand` turns it into
//! dates.

use jiff::civil::{Date, Weekday};

use super::parts::{
    part_by_day, part_by_month, part_by_month_day, part_count, part_freq, part_interval, part_until,
};
use crate::lang::Lang;

pub use super::expand::{Expansion, MAX_OCCURRENCES, MAX_PERIODS, expand};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Freq {
    pub fn name(self) -> &'static str {
        match self {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        }
    }
}

/// A day of the week, with its rank in the month when given (`1TH`, `-1FR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByDay {
    pub nth: Option<i8>,
    pub day: Weekday,
}

/// A parsed rule; [`Rule::text`] writes it back as RFC 5545 does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u32,
    pub count: Option<u32>,
    /// The last day a date may fall on.
    pub until: Option<Date>,
    pub by_day: Vec<ByDay>,
    pub by_month_day: Vec<i8>,
    pub by_month: Vec<i8>,
}

/// A mistake in a rule: its byte range in the rule's text, and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub range: std::ops::Range<usize>,
    pub message: String,
    pub hint: String,
}

pub(super) const DAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Monday),
    ("TU", Weekday::Tuesday),
    ("WE", Weekday::Wednesday),
    ("TH", Weekday::Thursday),
    ("FR", Weekday::Friday),
    ("SA", Weekday::Saturday),
    ("SU", Weekday::Sunday),
];

/// The parts a rule may hold, each read by its own function.
type PartReader = fn(&mut Rule, &str, Lang) -> Result<(), (String, String)>;
const PARTS: [(&str, PartReader); 7] = [
    ("FREQ", part_freq),
    ("INTERVAL", part_interval),
    ("COUNT", part_count),
    ("UNTIL", part_until),
    ("BYDAY", part_by_day),
    ("BYMONTHDAY", part_by_month_day),
    ("BYMONTH", part_by_month),
];

/// An example that reads well, for hints.
pub const EXAMPLE: &str = "FREQ=MONTHLY;BYDAY=1TH;UNTIL=2026-06-30";

/// Parses `text` (`FREQ=MONTHLY;BYDAY=1TH`); names are read in any case, an
/// `RRULE:` prefix is allowed.
pub fn parse(text: &str, lang: Lang) -> Result<Rule, RuleError> {
    let mut rule = Rule {
        freq: Freq::Daily,
        interval: 1,
        count: None,
        until: None,
        by_day: Vec::new(),
        by_month_day: Vec::new(),
        by_month: Vec::new(),
    };
    let body_start = prefix_len(text);
    let mut seen: Vec<&str> = Vec::new();
    let mut at = body_start;
    for part in text[body_start..].split(';') {
        let range = at..at + part.len();
        at += part.len() + 1;
        if part.trim().is_empty() {
            continue;
        }
        let name = read_part(&mut rule, part, &seen, lang).map_err(|(message, hint)| {
            let range = trimmed(part, range);
            RuleError {
                range,
                message,
                hint,
            }
        })?;
        seen.push(name);
    }
    check_whole(&rule, &seen, text, lang)?;
    Ok(rule)
}

/// How long an `RRULE:` prefix is, in any case.
fn prefix_len(text: &str) -> usize {
    match text.get(..6) {
        Some(p) if p.eq_ignore_ascii_case("RRULE:") => 6,
        _ => 0,
    }
}

/// `range` without the spaces around `part`.
fn trimmed(part: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    range.start + lead..range.end - trail
}

/// One `NAME=VALUE` part, read into `rule`; returns the part's name.
fn read_part(
    rule: &mut Rule,
    part: &str,
    seen: &[&str],
    lang: Lang,
) -> Result<&'static str, (String, String)> {
    let (name, value) = part.split_once('=').ok_or_else(|| {
        (
            lang.pick(
                format!("« {} » n'est pas de la forme NOM=VALEUR", part.trim()),
                format!("\"{}\" is not of the form NAME=VALUE", part.trim()),
            ),
            example_hint(lang),
        )
    })?;
    let name = name.trim();
    let Some((known, read)) = PARTS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) else {
        let names: Vec<&str> = PARTS.iter().map(|(n, _)| *n).collect();
        return Err((
            lang.pick(
                format!("partie de règle inconnue « {name} »"),
                format!("unknown rule part \"{name}\""),
            ),
            lang.pick(
                format!("les parties possibles sont : {}", names.join(", ")),
                format!("the possible parts are: {}", names.join(", ")),
            ),
        ));
    };
    if seen.contains(known) {
        return Err((
            lang.pick(
                format!("{known} est écrit deux fois"),
                format!("{known} is written twice"),
            ),
            lang.pick("gardez-en un seul", "keep only one"),
        ));
    }
    read(rule, value.trim(), lang)?;
    Ok(known)
}

pub(super) fn example_hint(lang: Lang) -> String {
    lang.pick(
        format!("par exemple : recurrence = \"{EXAMPLE}\" (le premier jeudi de chaque mois)"),
        format!("for example: recurrence = \"{EXAMPLE}\" (the first Thursday of each month)"),
    )
}

/// What no single part can tell: FREQ given, COUNT and UNTIL not both, ranks only
/// where they mean something.
fn check_whole(rule: &Rule, seen: &[&str], text: &str, lang: Lang) -> Result<(), RuleError> {
    let whole = |message: String, hint: String| RuleError {
        range: 0..text.len(),
        message,
        hint,
    };
    if !seen.contains(&"FREQ") {
        return Err(whole(
            lang.pick(
                "la règle ne dit pas à quel rythme (FREQ)",
                "the rule does not say how often (FREQ)",
            ),
            lang.pick(
                "commencez par FREQ=DAILY, WEEKLY, MONTHLY ou YEARLY",
                "start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY",
            ),
        ));
    }
    if rule.count.is_some() && rule.until.is_some() {
        return Err(whole(
            lang.pick(
                "COUNT et UNTIL ne vont pas ensemble",
                "COUNT and UNTIL do not go together",
            ),
            lang.pick(
                "gardez le nombre de fois (COUNT) ou la date de fin (UNTIL)",
                "keep either the number of times (COUNT) or the end date (UNTIL)",
            ),
        ));
    }
    let ranked = rule.by_day.iter().any(|d| d.nth.is_some());
    if ranked && rule.freq != Freq::Monthly {
        return Err(whole(
            lang.pick(
                "un rang (1TH, -1FR) dans BYDAY ne s'utilise qu'avec FREQ=MONTHLY",
                "a rank (1TH, -1FR) in BYDAY is only used with FREQ=MONTHLY",
            ),
            example_hint(lang),
        ));
    }
    // A weekday in a yearly rule means every such day of the year: not in the subset.
    if !rule.by_day.is_empty() && rule.freq == Freq::Yearly {
        return Err(whole(
            lang.pick(
                "BYDAY ne s'utilise pas avec FREQ=YEARLY",
                "BYDAY is not used with FREQ=YEARLY",
            ),
            lang.pick(
                "pour un jour de la semaine de certains mois : FREQ=MONTHLY;BYMONTH=9;BYDAY=1TH",
                "for a weekday of some months: FREQ=MONTHLY;BYMONTH=9;BYDAY=1TH",
            ),
        ));
    }
    if !rule.by_month_day.is_empty() && rule.freq != Freq::Monthly {
        return Err(whole(
            lang.pick(
                "BYMONTHDAY ne s'utilise qu'avec FREQ=MONTHLY",
                "BYMONTHDAY is only used with FREQ=MONTHLY",
            ),
            lang.pick(
                "par exemple : FREQ=MONTHLY;BYMONTHDAY=15",
                "for example: FREQ=MONTHLY;BYMONTHDAY=15",
            ),
        ));
    }
    Ok(())
}

impl Rule {
    /// The rule as RFC 5545 writes it (`FREQ=MONTHLY;BYDAY=1TH;UNTIL=20260630T235959`),
    /// UNTIL given as the end of its day in the event's own time (a floating time).
    pub fn text(&self) -> String {
        self.text_with(&|u: Date| format!("{}T235959", u.strftime("%Y%m%d")))
    }

    /// The rule for an iCalendar file whose start has a time zone (`tz`): RFC 5545
    /// then wants UNTIL in UTC, here the end of its last day in that zone
    /// (`UNTIL=20270630T215959Z` in Paris in summer); floating without a zone.
    pub fn text_until_utc(&self, tz: Option<&jiff::tz::TimeZone>) -> String {
        let Some(tz) = tz else { return self.text() };
        self.text_with(&|u: Date| {
            let end = u.to_datetime(jiff::civil::Time::MAX);
            match end.to_zoned_datetime(tz.clone()) {
                Ok(z) => {
                    let utc = jiff::tz::TimeZone::UTC.to_datetime(z.timestamp());
                    format!("{}Z", utc.strftime("%Y%m%dT%H%M%S"))
                }
                // Past the last instant jiff knows (year 9999 in a zone west of
                // UTC, or UTC itself): that instant, still in UTC as RFC 5545 wants.
                Err(_) => {
                    let last = jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::MAX);
                    format!("{}Z", last.strftime("%Y%m%dT%H%M%S"))
                }
            }
        })
    }

    fn text_with(&self, until: &dyn Fn(Date) -> String) -> String {
        let mut parts = vec![format!("FREQ={}", self.freq.name())];
        if self.interval > 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        if let Some(c) = self.count {
            parts.push(format!("COUNT={c}"));
        }
        if let Some(u) = self.until {
            parts.push(format!("UNTIL={}", until(u)));
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self.by_day.iter().map(|d| d.text()).collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        let join = |l: &[i8]| l.iter().map(i8::to_string).collect::<Vec<_>>().join(",");
        if !self.by_month_day.is_empty() {
            parts.push(format!("BYMONTHDAY={}", join(&self.by_month_day)));
        }
        if !self.by_month.is_empty() {
            parts.push(format!("BYMONTH={}", join(&self.by_month)));
        }
        parts.join(";")
    }

    /// Whether the series never ends (no COUNT, no UNTIL).
    pub fn is_endless(&self) -> bool {
        self.count.is_none() && self.until.is_none()
    }
}

impl ByDay {
    fn text(&self) -> String {
        let name = DAYS
            .iter()
            .find(|(_, d)| *d == self.day)
            .map_or("MO", |(n, _)| *n);
        match self.nth {
            Some(n) => format!("{n}{name}"),
            None => name.to_string(),
        }
    }
}
