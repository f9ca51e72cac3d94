//! Events of the network's agenda (the `event` variant): the fields of an event read
//! and checked (`read`), its recurrence rule parsed and expanded (`rule`), its date
//! and rule said in words (`words`). Times are local to the event's time zone, whose
//! rules come from the tz database compiled into the binary (jiff's bundled copy).

mod expand;
mod parts;
pub mod read;
pub mod rule;
pub mod shift;
pub mod words;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

pub use read::read;
pub use rule::Rule;

/// The front-matter keys an event may give, in the order forms show them.
pub const KEYS: [&str; 13] = crate::schema::EVENT_KEYS;

/// The time zone of a site that names none: the networks `fiches` serves are French.
pub const DEFAULT_ZONE: &str = "Europe/Paris";

/// How far back the agenda keeps past events, its page and `agenda.ics` alike: a
/// network's history would make both grow without end.
pub const PAST_MONTHS: i8 = 12;

/// The first day of the past the agenda keeps, [`PAST_MONTHS`] before `today`.
pub fn past_since(today: jiff::civil::Date) -> jiff::civil::Date {
    today
        .checked_sub(jiff::Span::new().months(PAST_MONTHS))
        .unwrap_or(jiff::civil::Date::MIN)
}

/// How people take part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Attendance {
    #[default]
    OnSite,
    Online,
    Mixed,
}

impl Attendance {
    pub const NAMES: [&str; 3] = crate::schema::ATTENDANCE;

    pub fn parse(s: &str) -> Option<Attendance> {
        Some(match s {
            "on-site" => Attendance::OnSite,
            "online" => Attendance::Online,
            "mixed" => Attendance::Mixed,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Attendance::NAMES[self as usize]
    }

    /// Whether people come to a place.
    pub fn on_site(self) -> bool {
        self != Attendance::Online
    }

    /// Whether people follow it from a screen.
    pub fn online(self) -> bool {
        self != Attendance::OnSite
    }
}

/// Where an event stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Scheduled,
    Cancelled,
    Postponed,
    Full,
}

impl Status {
    pub const NAMES: [&str; 4] = crate::schema::STATUS;

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "scheduled" => Status::Scheduled,
            "cancelled" => Status::Cancelled,
            "postponed" => Status::Postponed,
            "full" => Status::Full,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Status::NAMES[self as usize]
    }
}

/// An event, as its fiche gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Local date and time, in `zone`.
    pub start: DateTime,
    pub end: Option<DateTime>,
    /// Its time zone's IANA name (`Europe/Paris`), known to the tz database.
    pub zone: String,
    pub attendance: Attendance,
    pub place: Option<String>,
    pub address: Option<String>,
    pub town: Option<String>,
    pub online_url: Option<String>,
    /// A web address or an e-mail address.
    pub registration: Option<String>,
    pub price: Option<String>,
    pub status: Status,
    pub organizers: Vec<String>,
    pub recurrence: Option<Rule>,
}

/// The time zone named `name` in the bundled tz database.
pub fn zone(name: &str) -> Option<TimeZone> {
    jiff::tz::db().get(name).ok()
}

/// Every time zone name the database knows, for suggestions.
pub fn zone_names() -> Vec<String> {
    jiff::tz::db().available().map(|n| n.to_string()).collect()
}

impl Event {
    /// The event's date and time in words, as its page says it.
    pub fn when(&self, lang: crate::lang::Lang) -> String {
        words::when(self.start, self.end, lang)
    }

    /// A local date-time of this event with its UTC offset that day, as schema.org
    /// and HTML's `<time>` write it (`2026-03-12T19:00:00+01:00`): the offset follows
    /// daylight saving. `None` only for a zone the database lost.
    pub fn with_offset(&self, at: DateTime) -> Option<String> {
        let tz = zone(&self.zone)?;
        let zoned = at.to_zoned_datetime(tz).ok()?;
        Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
    }

    /// Its dates from day `from` on (every date when `None`), the first `max`: its
    /// start alone, while it has not ended, or its series' dates.
    pub fn dates_from(&self, from: Option<jiff::civil::Date>, max: usize) -> Vec<DateTime> {
        let from = from.unwrap_or(jiff::civil::Date::MIN);
        match &self.recurrence {
            None => {
                let last_day = self.end.unwrap_or(self.start).date();
                if last_day >= from {
                    vec![self.start]
                } else {
                    Vec::new()
                }
            }
            Some(rule) => {
                let mut dates = rule::expand(rule, self.start, from).dates;
                dates.truncate(max);
                dates
            }
        }
    }

    /// When its last date starts; `None` for a series without end.
    pub fn last_start(&self) -> Option<DateTime> {
        match &self.recurrence {
            None => Some(self.start),
            Some(rule) if rule.is_endless() => None,
            Some(rule) => {
                let expansion = rule::expand(rule, self.start, self.start.date());
                // A series cut by the cap goes on: it has no last date we know.
                (!expansion.capped)
                    .then(|| expansion.dates.last().copied())
                    .flatten()
            }
        }
    }

    /// When its last date ends (its start when it has no end), as a moment in
    /// Unix minutes; `None` for a series without end, which never passes.
    pub fn last_end_minutes(&self) -> Option<i64> {
        let last = self.last_start()?;
        let end = self.length().and_then(|l| last.checked_add(l).ok());
        let zoned = end
            .unwrap_or(last)
            .to_zoned_datetime(zone(&self.zone)?)
            .ok()?;
        Some(zoned.timestamp().as_second().div_euclid(60))
    }

    /// How long one date lasts (its end less its start); `None` without an end.
    pub fn length(&self) -> Option<jiff::SignedDuration> {
        Some(self.end?.duration_since(self.start))
    }

    /// The recurrence in words, when it recurs.
    pub fn rule_words(&self, lang: crate::lang::Lang) -> Option<String> {
        let rule = self.recurrence.as_ref()?;
        Some(words::rule(rule, self.start.date(), lang))
    }
}

#[cfg(test)]
mod tests;
