//! The agenda as iCalendar files (RFC 5545): `agenda.ics`, the site's events but
//! those past for more than a year, which a phone or another organisation's agenda subscribes to, and one file per
//! event, « Ajouter à mon agenda ». Reproducible: a UID made of the site's address
//! and the fiche's slug, a DTSTAMP from the fiche's own dates, times in the event's
//! zone (TZID) with the `VTIMEZONE`s the files use (`zone`), text escaped and lines
//! folded as the RFC says (`lines`).

mod lines;
mod zone;

use std::collections::BTreeMap;

use jiff::civil::DateTime;

use crate::agenda::{Event, Status};
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::paths;
use crate::site::Site;
use lines::{push_line, text};

pub use lines::{MAX_OCTETS, unfold};

/// `agenda.ics`: every upcoming event and series of the site and the past ones of
/// the last [`crate::agenda::PAST_MONTHS`] (the agenda page's window), the earliest
/// first; every event when the build has no day. A network's whole history would
/// make the file every subscriber downloads grow without end; each event's own file
/// stays.
pub fn agenda_ics(site: &Site) -> String {
    let since = site.config.today.map(crate::agenda::past_since);
    let mut events: Vec<(&Fiche, &Event)> = (site.fiches.iter())
        .filter_map(|f| Some((f, f.event.as_ref()?)))
        .filter(|(_, e)| since.is_none_or(|d| !e.dates_from(Some(d), 1).is_empty()))
        .collect();
    events.sort_by(|(a, ea), (b, eb)| ea.start.cmp(&eb.start).then_with(|| a.slug.cmp(&b.slug)));
    let lang = site.config.language;
    let name = format!("{} — {}", site.config.title, lang.pick("agenda", "events"));
    calendar(site, &events, &name)
}

/// The file of fiche `i`'s event; empty when it is not an event.
pub fn event_ics(site: &Site, i: usize) -> String {
    let Some((f, e)) = site
        .fiches
        .get(i)
        .and_then(|f| Some((f, f.event.as_ref()?)))
    else {
        return String::new();
    };
    calendar(site, &[(f, e)], &f.title)
}

fn calendar(site: &Site, events: &[(&Fiche, &Event)], name: &str) -> String {
    let cfg = &site.config;
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//fiches//fiches//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    // RFC 7986's name and refresh interval, and the older names many apps read.
    push_line(&mut out, &format!("NAME:{}", text(name)));
    push_line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    if !cfg.description.is_empty() {
        push_line(
            &mut out,
            &format!("X-WR-CALDESC:{}", text(&cfg.description)),
        );
    }
    push_line(&mut out, &format!("X-WR-TIMEZONE:{}", text(&cfg.timezone)));
    push_line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
    push_line(&mut out, "X-PUBLISHED-TTL:PT12H");
    let mut zones: BTreeMap<&str, (i16, i16)> = BTreeMap::new();
    for (_, e) in events {
        let (first, last) = years(e);
        let span = zones.entry(e.zone.as_str()).or_insert((first, last));
        *span = (span.0.min(first), span.1.max(last));
    }
    for (name, (first, last)) in zones {
        zone::push_zone(&mut out, name, first, last);
    }
    for (f, e) in events {
        push_event(&mut out, site, f, e);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// The years an event's dates fall in: its start to its end, or to the last date
/// of its series (the series expanded under its cap).
fn years(e: &Event) -> (i16, i16) {
    let first = e.start.year();
    let mut last = e.end.map_or(first, |end| end.year());
    if let Some(rule) = &e.recurrence {
        let until = rule.until.map(|u| u.year());
        let expanded = || {
            let dates = crate::agenda::rule::expand(rule, e.start, e.start.date()).dates;
            dates.last().map(|d| d.year())
        };
        last = last.max(until.or_else(expanded).unwrap_or(first));
    }
    (first, last)
}

fn push_event(out: &mut String, site: &Site, f: &Fiche, e: &Event) {
    let lang = site.config.language;
    let page = site
        .config
        .base_url
        .as_deref()
        .map(|b| format!("{b}{}", paths::fiche_dir(&f.slug)));
    let zone = text(&e.zone);
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", text(&uid(site, &f.slug))));
    push_line(out, &format!("DTSTAMP:{}", stamp(f, e)));
    push_line(out, &format!("DTSTART;TZID={zone}:{}", local(e.start)));
    if let Some(end) = e.end {
        push_line(out, &format!("DTEND;TZID={zone}:{}", local(end)));
    }
    if let Some(rule) = &e.recurrence {
        let tz = crate::agenda::zone(&e.zone);
        push_line(out, &format!("RRULE:{}", rule.text_until_utc(tz.as_ref())));
    }
    push_line(out, &format!("SUMMARY:{}", text(&summary(f, e, lang))));
    push_line(
        out,
        &format!(
            "DESCRIPTION:{}",
            text(&description(f, e, page.as_deref(), lang))
        ),
    );
    if let Some(place) = location(e, lang) {
        push_line(out, &format!("LOCATION:{}", text(&place)));
    }
    if let Some(page) = &page {
        push_line(out, &format!("URL:{}", text(page)));
    }
    let status = match e.status {
        Status::Scheduled | Status::Full => "CONFIRMED",
        Status::Cancelled => "CANCELLED",
        Status::Postponed => "TENTATIVE",
    };
    push_line(out, &format!("STATUS:{status}"));
    push_line(out, "END:VEVENT");
}

/// The event's identifier, the same from one build to the next: its slug at the
/// site's host (at the site's name in a slug, for a site without an address).
pub fn uid(site: &Site, slug: &str) -> String {
    let host = (site.config.base_url.as_deref())
        .map(|b| b.split_once("://").map_or(b, |(_, rest)| rest))
        .and_then(|rest| rest.split('/').next())
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}.fiches", crate::slug::slugify(&site.config.title)));
    format!("{slug}@{host}")
}

/// When the entry was last written: the fiche's `updated`, else its `date`, else
/// the event's start, at midnight UTC (never the clock, so that builds agree).
fn stamp(f: &Fiche, e: &Event) -> String {
    match f.updated.or(f.date) {
        Some(d) => format!("{:04}{:02}{:02}T000000Z", d.year, d.month, d.day),
        None => format!("{}Z", e.start.date().strftime("%Y%m%dT000000")),
    }
}

fn local(at: DateTime) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

/// The title, after the status when it is worth saying: many calendar apps do not
/// show STATUS.
fn summary(f: &Fiche, e: &Event, lang: Lang) -> String {
    let status = match e.status {
        Status::Scheduled => return f.title.clone(),
        Status::Cancelled => lang.pick("Annulé", "Cancelled"),
        Status::Postponed => lang.pick("Reporté", "Postponed"),
        Status::Full => lang.pick("Complet", "Full"),
    };
    format!("{status} — {}", f.title)
}

/// The summary, then how to follow it online, register, what it costs, the page.
fn description(f: &Fiche, e: &Event, page: Option<&str>, lang: Lang) -> String {
    let mut parts = vec![f.summary.clone()];
    if let Some(u) = &e.online_url {
        parts.push(format!("{} {u}", lang.pick("En ligne :", "Online:")));
    }
    if let Some(r) = &e.registration {
        parts.push(format!(
            "{} {r}",
            lang.pick("Inscription :", "Registration:")
        ));
    }
    if let Some(p) = &e.price {
        parts.push(format!("{} {p}", lang.pick("Tarif :", "Price:")));
    }
    if !e.organizers.is_empty() {
        let who = e.organizers.join(", ");
        parts.push(format!(
            "{} {who}",
            lang.pick("Organisé par", "Organised by")
        ));
    }
    parts.extend(page.map(str::to_string));
    parts.retain(|p| !p.trim().is_empty());
    parts.join("\n\n")
}

/// Where: the place, its address and town; online only, the link (or « En ligne »).
fn location(e: &Event, lang: Lang) -> Option<String> {
    if e.attendance.on_site() {
        let parts: Vec<&str> = [&e.place, &e.address, &e.town]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        return (!parts.is_empty()).then(|| parts.join(", "));
    }
    Some(
        e.online_url
            .clone()
            .unwrap_or_else(|| lang.pick("En ligne", "Online")),
    )
}
