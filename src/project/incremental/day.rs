//! A new day for a project kept in memory (`serve` across midnight): what the agenda
//! calls upcoming moves on, so the pages told by the day are rendered again — the
//! agenda, `agenda.ics` (which leaves out what passed more than a year ago) and the
//! home page's next events. No other page reads the day: an event's page says its
//! dates, not whether they have passed.

use jiff::Timestamp;
use jiff::civil::Date;

use super::Update;
use crate::diagnostic::Diagnostic;
use crate::paths::{self, Job};
use crate::project::Project;

impl Project {
    /// Until when the pages hold for the day they were rendered on: `None` when
    /// none reads the day (no event), else the end of that day in the site's time
    /// zone — the earliest instant when it cannot be told (no day), so that the
    /// next build renders again.
    pub fn day_ends(&self) -> Option<Timestamp> {
        if !paths::has_events(&self.site) {
            return None;
        }
        let cfg = &self.site.config;
        let end = (cfg.today.zip(crate::agenda::zone(&cfg.timezone))).and_then(|(day, zone)| {
            let midnight = day
                .tomorrow()
                .ok()?
                .to_datetime(jiff::civil::Time::midnight());
            zone.to_ambiguous_timestamp(midnight).compatible().ok()
        });
        Some(end.unwrap_or(Timestamp::MIN))
    }

    /// When the day the pages were rendered for began in the site's time zone: with
    /// [`Project::day_ends`], the span in which they hold (a clock set back a day
    /// is another day too). `None` when no page reads the day; the last instant
    /// when it cannot be told, so that they hold at no time.
    pub fn day_starts(&self) -> Option<Timestamp> {
        if !paths::has_events(&self.site) {
            return None;
        }
        let cfg = &self.site.config;
        let start = (cfg.today.zip(crate::agenda::zone(&cfg.timezone))).and_then(|(day, zone)| {
            let midnight = day.to_datetime(jiff::civil::Time::midnight());
            zone.to_ambiguous_timestamp(midnight).compatible().ok()
        });
        Some(start.unwrap_or(Timestamp::MAX))
    }

    /// The day `now` is in the site's time zone, when it is not the day the pages
    /// were rendered for.
    pub fn day_changed(&self, now: Timestamp) -> Option<Date> {
        let cfg = &self.site.config;
        let day = crate::agenda::zone(&cfg.timezone)?.to_datetime(now).date();
        (cfg.today != Some(day)).then_some(day)
    }

    /// Moves the project to the day of `now` ([`Project::day_changed`]) and renders
    /// again the pages that depend on it; `None` when the day is the same. All or
    /// nothing: when a page fails to render, the project keeps its day and pages.
    pub fn new_day(&mut self, now: Timestamp) -> Option<Update> {
        let day = self.day_changed(now)?;
        let before = self.site.config.today.replace(day);
        if !paths::has_events(&self.site) {
            return Some(Update::Pages(Vec::new()));
        }
        let jobs: Vec<Job> = [Job::Home(1), Job::Agenda, Job::AgendaIcs]
            .into_iter()
            .filter(|j| self.index.contains_key(&j.file(&self.site)))
            .collect();
        let (pages, diags) = self.render(&jobs);
        if diags.iter().any(Diagnostic::is_error) {
            self.site.config.today = before;
            return Some(Update::Failed(diags));
        }
        Some(Update::Pages(self.commit(pages, None)))
    }
}
