//! An event in the Atom feed: a paragraph before its text (when, where, its status
//! when it is not the usual, how it recurs), and its dates, place and organisers as
//! the RSS event module's elements (`ev:startdate`…), which feed readers and
//! agendas read.

use serde::Serialize;

use super::context::Ctx;
use crate::agenda::{Event, Status};
use crate::escape::escape;
use crate::fiche::Fiche;

/// The namespace of the RSS event module, declared by a feed that has events.
pub const EV_NAMESPACE: &str = "http://purl.org/rss/1.0/modules/event/";

/// What the feed tells of an event.
#[derive(Serialize)]
pub(super) struct FeedEvent<'a> {
    /// With their offsets (`2026-03-12T19:00:00+01:00`).
    start: Option<String>,
    end: Option<String>,
    location: Option<String>,
    organizers: &'a [String],
    /// The paragraph put before its text, as HTML (the feed's content holds it).
    #[serde(skip)]
    intro: String,
}

impl Ctx<'_> {
    /// What the feed tells of `f`, when it is an event.
    pub(super) fn feed_event<'f>(&self, f: &'f Fiche) -> Option<FeedEvent<'f>> {
        let e = f.event.as_ref()?;
        let location = location(e);
        let mut intro = format!("<p><strong>{}</strong>", escape(&e.when(self.lang)));
        if let Some(rule) = e.rule_words(self.lang) {
            intro.push_str(&format!(" ({})", escape(&rule)));
        }
        let place = match (&location, e.attendance.online()) {
            (Some(l), false) => escape(l),
            (Some(l), true) => format!("{}, {}", escape(l), escape(&self.t("agenda_online"))),
            (None, _) => escape(&self.t("agenda_online")),
        };
        intro.push_str(&format!("<br>{place}"));
        if e.status != Status::Scheduled {
            let status = self.t(&format!("agenda_status_{}", e.status.name()));
            intro.push_str(&format!("<br><strong>{}</strong>", escape(&status)));
        }
        intro.push_str("</p>\n");
        Some(FeedEvent {
            start: e.with_offset(e.start),
            end: e.end.and_then(|end| e.with_offset(end)),
            location: location.or_else(|| e.online_url.clone()),
            organizers: &e.organizers,
            intro,
        })
    }
}

impl FeedEvent<'_> {
    pub(super) fn intro(&self) -> &str {
        &self.intro
    }
}

/// Where people come: its place, address and town, when it has one.
fn location(e: &Event) -> Option<String> {
    if !e.attendance.on_site() {
        return None;
    }
    let parts: Vec<&str> = [&e.place, &e.address, &e.town]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}
