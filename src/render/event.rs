//! An event as its page shows it: when in words (« jeudi 12 mars 2026, de 19 h à
//! 21 h 30 »), where, how to come or register, its status, its recurrence; and its
//! schema.org `Event` JSON-LD, for search engines and calendar tools.

use serde::Serialize;
use serde_json::{Value, json};

use crate::agenda::{Attendance, Event, Status};
use crate::lang::Lang;

/// What the event block of a page shows.
#[derive(Serialize)]
pub(super) struct EventView<'a> {
    /// « jeudi 12 mars 2026, de 19 h à 21 h 30 ».
    pub(super) when: String,
    /// `2026-03-12T19:00:00+01:00`, for `<time datetime>`.
    pub(super) start: Option<String>,
    pub(super) end: Option<String>,
    /// Its time zone, shown when it is not the site's.
    pub(super) zone: Option<&'a str>,
    /// « chaque mois, le premier jeudi ».
    pub(super) recurrence: Option<String>,
    pub(super) attendance: &'static str,
    pub(super) on_site: bool,
    pub(super) online: bool,
    pub(super) place: Option<&'a str>,
    pub(super) address: Option<&'a str>,
    pub(super) town: Option<&'a str>,
    pub(super) online_url: Option<&'a str>,
    /// The registration's link: a web address, or `mailto:` an e-mail address.
    pub(super) registration_href: Option<String>,
    pub(super) registration: Option<&'a str>,
    pub(super) price: Option<&'a str>,
    pub(super) status: &'static str,
    /// Whether the status is worth a notice (cancelled, postponed, full).
    pub(super) status_notice: bool,
    pub(super) organizers: &'a [String],
    /// Its own calendar file, beside its page.
    pub(super) ics: String,
    /// The fiches written after it, as links from the root.
    pub(super) outcomes: Vec<super::views::TermRef>,
}

pub(super) fn view<'a>(
    e: &'a Event,
    slug: &str,
    outcomes: Vec<super::views::TermRef>,
    site_zone: &str,
    lang: Lang,
) -> EventView<'a> {
    EventView {
        when: e.when(lang),
        start: e.with_offset(e.start),
        end: e.end.and_then(|end| e.with_offset(end)),
        zone: (e.zone != site_zone).then_some(e.zone.as_str()),
        recurrence: e.rule_words(lang),
        attendance: e.attendance.name(),
        on_site: e.attendance.on_site(),
        online: e.attendance.online(),
        place: e.place.as_deref(),
        address: e.address.as_deref(),
        town: e.town.as_deref(),
        online_url: e.online_url.as_deref(),
        registration_href: e.registration.as_deref().map(href),
        registration: e.registration.as_deref(),
        price: e.price.as_deref(),
        status: e.status.name(),
        status_notice: e.status != Status::Scheduled,
        organizers: &e.organizers,
        ics: crate::paths::event_ics(slug)
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string(),
        outcomes,
    }
}

/// A link to follow: a web address as it is, an e-mail address as `mailto:`.
fn href(s: &str) -> String {
    if crate::schema::is_email(s) && !s.contains("://") {
        format!("mailto:{s}")
    } else {
        s.to_string()
    }
}

/// The page's address and name, for the JSON-LD.
pub(super) struct Where<'a> {
    pub(super) url: Option<&'a str>,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) language: Lang,
}

/// schema.org `Event`: name, startDate, endDate, eventStatus, eventAttendanceMode,
/// location (a `Place` with its address, a `VirtualLocation`, or both), organizer,
/// offers when there is a price or a registration.
pub(super) fn json_ld(e: &Event, at: &Where) -> Value {
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": at.title,
        "description": at.summary,
        "inLanguage": at.language.code(),
        "startDate": e.with_offset(e.start),
        "eventStatus": format!("https://schema.org/{}", status_type(e.status)),
        "eventAttendanceMode": format!("https://schema.org/{}", attendance_type(e.attendance)),
        "location": location(e),
    });
    if let Some(end) = e.end.and_then(|end| e.with_offset(end)) {
        doc["endDate"] = json!(end);
    }
    if let Some(url) = at.url {
        doc["url"] = json!(url);
    }
    if !e.organizers.is_empty() {
        let list: Vec<Value> = e
            .organizers
            .iter()
            .map(|o| json!({ "@type": "Organization", "name": o }))
            .collect();
        doc["organizer"] = json!(list);
    }
    if e.price.is_some() || e.registration.is_some() {
        doc["offers"] = offer(e, at.url);
    }
    doc
}

fn status_type(s: Status) -> &'static str {
    match s {
        Status::Scheduled => "EventScheduled",
        Status::Cancelled => "EventCancelled",
        Status::Postponed => "EventPostponed",
        // schema.org has no "full": the event still takes place; the offer says it.
        Status::Full => "EventScheduled",
    }
}

fn attendance_type(a: Attendance) -> &'static str {
    match a {
        Attendance::OnSite => "OfflineEventAttendanceMode",
        Attendance::Online => "OnlineEventAttendanceMode",
        Attendance::Mixed => "MixedEventAttendanceMode",
    }
}

fn location(e: &Event) -> Value {
    let mut places = Vec::new();
    if e.attendance.on_site() {
        let mut address = json!({ "@type": "PostalAddress" });
        if let Some(a) = &e.address {
            address["streetAddress"] = json!(a);
        }
        if let Some(t) = &e.town {
            address["addressLocality"] = json!(t);
        }
        let name = e.place.as_deref().or(e.town.as_deref()).unwrap_or_default();
        let place = json!({
            "@type": "Place",
            "name": name,
            "address": if e.address.is_some() || e.town.is_some() { address } else { json!(name) },
        });
        places.push(place);
    }
    if e.attendance.online() {
        places.push(json!({ "@type": "VirtualLocation", "url": e.online_url }));
    }
    match places.len() {
        1 => places.remove(0),
        _ => json!(places),
    }
}

/// An `Offer`: its price when it is a number (« gratuit » is 0), where to register,
/// sold out when full.
fn offer(e: &Event, page: Option<&str>) -> Value {
    let mut o = json!({ "@type": "Offer" });
    if let Some(p) = &e.price {
        o["description"] = json!(p);
        let lower = p.to_lowercase();
        if ["gratuit", "free", "entrée libre"]
            .iter()
            .any(|w| lower.contains(w))
        {
            o["price"] = json!(0);
            o["priceCurrency"] = json!("EUR");
        }
    }
    if let Some(r) = e
        .registration
        .as_deref()
        .map(href)
        .filter(|r| r.starts_with("http"))
    {
        o["url"] = json!(r);
    } else if let Some(p) = page {
        o["url"] = json!(p);
    }
    let availability = match e.status {
        Status::Full => "SoldOut",
        _ => "InStock",
    };
    o["availability"] = json!(format!("https://schema.org/{availability}"));
    o
}
