//! An event's fields read from its fiche's front matter, each mistake an error at its
//! line and column with a hint: a start after its end, an impossible date, an unknown
//! time zone, an on-site event without a place, a recurrence rule that cannot be read.

use jiff::civil::DateTime;
use toml::de::{DeTable, DeValue};

use super::rule::{self, Rule};
use super::{Attendance, Event, Status};
use crate::fields::{Local, Reader, Value};
use crate::lang::Lang;
use crate::schema::{is_email, is_url};
use crate::span::{FileSpan, LocalSpan};

/// The event a fiche of the `event` variant gives; `None` when it has no readable
/// `start` (the fiche then has an error). `zone` is the site's time zone, used when
/// the event names none.
pub fn read(r: &mut Reader, table: &DeTable, zone: &str) -> Option<Event> {
    let start = table.get("start").and_then(|v| date_time(r, "start", v));
    let end = table.get("end").and_then(|v| date_time(r, "end", v));
    let mut event = Event {
        start: start?,
        end: None,
        zone: zone.to_string(),
        attendance: Attendance::default(),
        place: text(r, table, "place"),
        address: text(r, table, "address"),
        town: text(r, table, "town"),
        online_url: None,
        registration: None,
        price: text(r, table, "price"),
        status: Status::default(),
        organizers: Vec::new(),
        recurrence: None,
    };
    if let (Some(end), Some(v)) = (end, table.get("end")) {
        event.end = check_end(r, event.start, end, v);
    }
    read_choices(r, table, &mut event);
    read_links(r, table, &mut event);
    if let Some(v) = table.get("organizers") {
        event.organizers = r.string_list("organizers", v).unwrap_or_default();
    }
    if let Some(v) = table.get("recurrence") {
        event.recurrence = recurrence(r, v);
    }
    check_place(r, table, &event);
    super::shift::warn(r, table, &event);
    Some(event)
}

/// A local date and time: a TOML local date-time (`2026-03-12T19:00:00`) or the same
/// in a string; a day alone, an offset or an impossible date is an error.
fn date_time(r: &mut Reader, key: &str, v: &Value) -> Option<DateTime> {
    let lang = r.lang;
    let parsed = match v.get_ref() {
        DeValue::Datetime(dt) if dt.offset.is_some() => Err(lang.pick(
            format!("`{key}` s'écrit en heure locale, sans décalage horaire : le fuseau se donne à part (`timezone`)"),
            format!("`{key}` is written in local time, without an offset: the time zone is given apart (`timezone`)"),
        )),
        DeValue::Datetime(dt) if dt.time.is_none() => Err(lang.pick(
            format!("`{key}` donne le jour mais pas l'heure"),
            format!("`{key}` gives the day but not the time"),
        )),
        DeValue::Datetime(dt) => dt.to_string().parse::<DateTime>().map_err(|_| impossible(key, lang)),
        DeValue::String(s) => s.trim().parse::<DateTime>().map_err(|_| impossible(key, lang)),
        _ => Err(lang.pick(
            format!("`{key}` doit être une date et une heure"),
            format!("`{key}` must be a date and a time"),
        )),
    };
    match parsed {
        Ok(dt) => Some(dt),
        Err(message) => {
            r.error(
                v.local(),
                message,
                Some(lang.pick(
                    format!("par exemple : {key} = 2026-03-12T19:00:00 (le 12 mars 2026 à 19 h)"),
                    format!("for example: {key} = 2026-03-12T19:00:00 (12 March 2026 at 7 pm)"),
                )),
            );
            None
        }
    }
}

fn impossible(key: &str, lang: Lang) -> String {
    lang.pick(
        format!("`{key}` n'est pas une date et une heure possibles"),
        format!("`{key}` is not a possible date and time"),
    )
}

/// The end, when it comes after the start; an error at the end otherwise.
fn check_end(r: &mut Reader, start: DateTime, end: DateTime, v: &Value) -> Option<DateTime> {
    if end > start {
        return Some(end);
    }
    let lang = r.lang;
    r.error(
        v.local(),
        lang.pick(
            "l'événement finit avant d'avoir commencé : `end` doit venir après `start`",
            "the event ends before it starts: `end` must come after `start`",
        ),
        Some(lang.pick(
            "vérifiez le jour et l'heure de fin ; pour un événement sur plusieurs jours, donnez le dernier jour",
            "check the end's day and time; for an event over several days, give the last day",
        )),
    );
    None
}

fn text(r: &mut Reader, table: &DeTable, key: &str) -> Option<String> {
    r.nonempty_string(key, table.get(key)?)
}

/// `attendance`, `status` and `timezone`: values from a closed list.
fn read_choices(r: &mut Reader, table: &DeTable, event: &mut Event) {
    let lang = r.lang;
    if let Some(v) = table.get("attendance")
        && let Some(s) = r.nonempty_string("attendance", v)
    {
        match Attendance::parse(&s) {
            Some(a) => event.attendance = a,
            None => r.unknown_value(
                v.local(),
                &s,
                &Attendance::NAMES,
                &lang.pick("pour `attendance`", "for `attendance`"),
            ),
        }
    }
    if let Some(v) = table.get("status")
        && let Some(s) = r.nonempty_string("status", v)
    {
        match Status::parse(&s) {
            Some(st) => event.status = st,
            None => r.unknown_value(
                v.local(),
                &s,
                &Status::NAMES,
                &lang.pick("pour `status`", "for `status`"),
            ),
        }
    }
    if let Some(v) = table.get("timezone")
        && let Some(name) = r.nonempty_string("timezone", v)
    {
        if super::zone(&name).is_some() {
            event.zone = name;
        } else {
            unknown_zone(r, v.local(), &name);
        }
    }
}

/// A time zone the tz database does not know, with the closest name.
pub fn unknown_zone(r: &mut Reader, span: LocalSpan, name: &str) {
    let lang = r.lang;
    let names = super::zone_names();
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    let best = crate::fields::closest(name, known.iter().copied()).map(str::to_string);
    r.error(
        span,
        lang.pick(
            format!("fuseau horaire inconnu « {name} »"),
            format!("unknown time zone \"{name}\""),
        ),
        Some(match best {
            Some(b) => lang.pick(
                format!("vouliez-vous dire « {b} » ? Les fuseaux s'écrivent Continent/Ville : Europe/Paris, America/Montreal"),
                format!("did you mean \"{b}\"? Time zones are written Continent/City: Europe/Paris, America/Montreal"),
            ),
            None => lang.pick(
                "les fuseaux s'écrivent Continent/Ville : Europe/Paris, America/Montreal, Indian/Reunion",
                "time zones are written Continent/City: Europe/Paris, America/Montreal, Indian/Reunion",
            ),
        }),
    );
}

/// `online_url` (a web address) and `registration` (a web or e-mail address).
fn read_links(r: &mut Reader, table: &DeTable, event: &mut Event) {
    let lang = r.lang;
    if let Some(v) = table.get("online_url")
        && let Some(s) = r.nonempty_string("online_url", v)
    {
        if is_url(&s) {
            event.online_url = Some(s);
        } else {
            r.error(
                v.local(),
                lang.pick(
                    "`online_url` doit être une adresse web complète",
                    "`online_url` must be a full web address",
                ),
                Some(lang.pick(
                    "par exemple : online_url = \"https://visio.exemple.org/salle\"",
                    "for example: online_url = \"https://visio.example.org/room\"",
                )),
            );
        }
    }
    if let Some(v) = table.get("registration")
        && let Some(s) = r.nonempty_string("registration", v)
    {
        if is_url(&s) || is_email(&s) {
            event.registration = Some(s);
        } else {
            r.error(
                v.local(),
                lang.pick(
                    "`registration` doit être une adresse web ou une adresse e-mail",
                    "`registration` must be a web address or an e-mail address",
                ),
                Some(lang.pick(
                    "par exemple : registration = \"inscriptions@exemple.org\"",
                    "for example: registration = \"signup@example.org\"",
                )),
            );
        }
    }
}

/// The rule, or an error at the part of it that is wrong.
fn recurrence(r: &mut Reader, v: &Value) -> Option<Rule> {
    let text = r.nonempty_string("recurrence", v)?;
    match rule::parse(&text, r.lang) {
        Ok(rule) => Some(rule),
        Err(e) => {
            let span = inside_string(r, v.local(), &text, e.range);
            r.error(span, e.message, Some(e.hint));
            None
        }
    }
}

/// `range` of a string's value, placed in the file when the string is written as it
/// reads (quotes, no escapes); the whole value otherwise.
fn inside_string(
    r: &Reader,
    span: LocalSpan,
    text: &str,
    range: std::ops::Range<usize>,
) -> FileSpan {
    let whole = r.in_file(span);
    let raw = r.src.get(whole.range()).unwrap_or_default();
    let quoted = raw.len() == text.len() + 2
        && (raw.starts_with('"') || raw.starts_with('\''))
        && raw.get(1..raw.len() - 1) == Some(text);
    if quoted && range.end <= text.len() && range.start < range.end {
        FileSpan::new(
            whole.start() + 1 + range.start,
            whole.start() + 1 + range.end,
        )
    } else {
        whole
    }
}

/// An event where people come needs a place; one they follow online, its link (a
/// warning: the link may be sent to those who register).
fn check_place(r: &mut Reader, table: &DeTable, event: &Event) {
    let lang = r.lang;
    let at = table
        .get("attendance")
        .map(|v| v.local())
        .or_else(|| table.get_key_value("start").map(|(k, _)| k.local()));
    let Some(at) = at else { return };
    if event.attendance.on_site() && event.place.is_none() && event.town.is_none() {
        r.error(
            at,
            lang.pick(
                "l'événement a lieu sur place, mais ne dit pas où (`place`, `town`)",
                "the event takes place on site, but does not say where (`place`, `town`)",
            ),
            Some(lang.pick(
                "ajoutez place = \"Salle des fêtes\" et town = \"Lyon\" ; pour un événement en ligne : attendance = \"online\"",
                "add place = \"Village hall\" and town = \"Lyon\"; for an online event: attendance = \"online\"",
            )),
        );
    }
    if event.attendance.online() && event.online_url.is_none() && event.registration.is_none() {
        r.warning(
            at,
            lang.pick(
                "l'événement se suit en ligne, mais ne dit ni où (`online_url`) ni comment s'inscrire (`registration`)",
                "the event is followed online, but says neither where (`online_url`) nor how to register (`registration`)",
            ),
            Some(lang.pick(
                "ajoutez online_url = \"https://…\" ou registration = \"contact@exemple.org\"",
                "add online_url = \"https://…\" or registration = \"contact@example.org\"",
            )),
        );
    }
}
