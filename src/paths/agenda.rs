//! The agenda's addresses: its page, its calendar, each event's own calendar file.

use super::{FICHES_DIR, Job};
use crate::lang::Lang;
use crate::site::Site;

/// The whole agenda as an iCalendar feed, which calendars subscribe to.
pub const AGENDA_ICS: &str = "agenda.ics";

/// The folder of the agenda page, in the site's language.
pub fn agenda_dir(lang: Lang) -> String {
    lang.pick("agenda/", "events/")
}

/// An event's own iCalendar file, beside its page (`fiches/SLUG/SLUG.ics`): the
/// name a download keeps.
pub fn event_ics(slug: &str) -> String {
    format!("{FICHES_DIR}/{slug}/{slug}.ics")
}

/// Whether a published fiche is an event: the site then has an agenda.
pub fn has_events(site: &Site) -> bool {
    site.fiches.iter().any(|f| f.event.is_some())
}

/// The iCalendar file of each event.
pub fn event_jobs(site: &Site) -> impl Iterator<Item = Job> + '_ {
    (site.fiches.iter().enumerate())
        .filter(|(_, f)| f.event.is_some())
        .map(|(i, _)| Job::EventIcs(i))
}
