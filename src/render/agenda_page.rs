//! The agenda page (`agenda/`, `events/`): the upcoming dates first, by month (a
//! series shows its next few), then the past events, the latest first; each with
//! its date and time, place and status, its themes and territory (the page's
//! filters). Upcoming is told by the day of the build, which the page shows; its
//! script moves what has passed since. The home page's next events come from here.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime};
use minijinja::Value;
use serde::Serialize;

use super::context::Ctx;
use super::views::TermRef;
use crate::agenda::{Event, Status, words};
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::output::Page;
use crate::paths;
use crate::site::TaxonomyKind;

/// The next dates of one series the agenda lists.
pub const SERIES_DATES: usize = 6;
/// The next events the home page shows.
pub const HOME_EVENTS: usize = 3;
/// The upcoming dates the agenda lists at most, the earliest: a network announcing
/// thousands of events would make one huge page. The search lists them all (« À
/// venir »), and so does `agenda.ics`.
pub const UPCOMING_MAX: usize = 100;
/// The past events the agenda lists at most, those of the last [`crate::agenda::PAST_MONTHS`]: a
/// network's history would make the page grow without end. The search lists them
/// all (« Passés »).
pub const PAST_MAX: usize = 60;

/// One date of an event, as the agenda lists it.
#[derive(Serialize)]
pub(super) struct Item<'a> {
    title: &'a str,
    url: String,
    /// The fiche's slug: the dates of one series share it (the script's key).
    series: &'a str,
    /// With its offset, for `<time datetime>` and the script.
    start: Option<String>,
    end: Option<String>,
    day: i8,
    month: &'static str,
    when: String,
    place: Option<String>,
    online: bool,
    status: &'static str,
    status_notice: bool,
    recurrence: Option<String>,
    themes: Vec<TermRef>,
    territory: Option<TermRef>,
    /// The slugs the filters match, separated by spaces.
    theme_keys: String,
    territory_key: String,
    /// The fiches written after it.
    outcomes: Vec<TermRef>,
}

/// The upcoming dates of a month.
#[derive(Serialize)]
struct Month<'a> {
    id: String,
    label: String,
    items: Vec<Item<'a>>,
}

impl Ctx<'_> {
    pub(super) fn agenda_page(&self, path: String) -> Result<Page, Diagnostic> {
        let today = self.site.config.today;
        let (upcoming, later) = self.upcoming(SERIES_DATES, UPCOMING_MAX);
        let (past, older) = self.past(today);
        let mut months: Vec<Month> = Vec::new();
        for (at, item) in upcoming {
            let id = at.strftime("%Y-%m").to_string();
            if months.last().is_none_or(|m| m.id != id) {
                let name = words::month(at.month(), self.lang);
                let mut chars = name.chars();
                let first: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .collect();
                let label = format!("{first}{} {}", chars.as_str(), at.year());
                months.push(Month {
                    id,
                    label,
                    items: Vec::new(),
                });
            }
            if let Some(m) = months.last_mut() {
                m.items.push(item);
            }
        }
        let past: Vec<Item> = past.into_iter().map(|(_, i)| i).collect();
        let filters = |pick: &dyn Fn(&Item) -> Vec<TermRef>| {
            let mut all: BTreeMap<String, String> = BTreeMap::new();
            for i in months.iter().flat_map(|m| &m.items).chain(&past) {
                for t in pick(i) {
                    all.insert(slug_of(&t.url), t.name);
                }
            }
            all.into_iter()
                .map(|(slug, name)| minijinja::context! { slug, name })
                .collect::<Vec<_>>()
        };
        let themes = filters(&|i| i.themes.clone());
        let territories = filters(&|i| i.territory.clone().into_iter().collect());
        let built = today.map(|d| {
            let date = crate::lang::Date {
                year: d.year() as u16,
                month: d.month() as u8,
                day: d.day() as u8,
            };
            minijinja::context! { iso => date.iso(), text => self.theme.long_date(date) }
        });
        let title = self.t("agenda_title");
        let page = self.page("agenda", title, self.t("agenda_intro"), path.clone());
        self.emit(
            &paths::index_html(&path),
            "agenda.html",
            page,
            minijinja::context! { agenda => minijinja::context! {
                upcoming => super::ser(months),
                past => super::ser(past),
                themes, territories, built, older, later,
            } },
        )
    }

    /// The upcoming dates, the earliest first: at most `per_series` of each event
    /// and `max` in all; and whether there are more. Only those kept are made
    /// into items.
    pub(super) fn upcoming(
        &self,
        per_series: usize,
        max: usize,
    ) -> (Vec<(DateTime, Item<'_>)>, bool) {
        let today = self.site.config.today;
        let mut all: Vec<(DateTime, &Fiche, &Event)> = (self.events())
            .flat_map(|(f, e)| {
                (e.dates_from(today, per_series).into_iter()).map(move |at| (at, f, e))
            })
            .collect();
        // The earliest first, the slug telling equal dates apart.
        let order = |(a, x, _): &(DateTime, &Fiche, &Event),
                     (b, y, _): &(DateTime, &Fiche, &Event)| {
            a.cmp(b).then_with(|| x.slug.cmp(&y.slug))
        };
        let later = all.len() > max;
        if later {
            all.select_nth_unstable_by(max, order);
            all.truncate(max);
        }
        all.sort_by(order);
        let items = (all.into_iter())
            .map(|(at, f, e)| (at, self.item(f, e, at)))
            .collect();
        (items, later)
    }

    /// The events whose last date is before `today`, the latest first: those of
    /// the last [`crate::agenda::PAST_MONTHS`], at most [`PAST_MAX`]; and whether there are more.
    fn past(&self, today: Option<Date>) -> (Vec<(DateTime, Item<'_>)>, bool) {
        let Some(today) = today else {
            return (Vec::new(), false);
        };
        let since = crate::agenda::past_since(today).to_datetime(jiff::civil::Time::midnight());
        let mut all = 0;
        let mut kept: Vec<(DateTime, &Fiche, &Event)> = (self.events())
            .filter(|(_, e)| e.dates_from(Some(today), 1).is_empty())
            .filter_map(|(f, e)| Some((e.last_start()?, f, e)))
            .inspect(|_| all += 1)
            .filter(|(last, ..)| *last >= since)
            .collect();
        // The latest first, the slug telling equal dates apart.
        let order = |(a, x, _): &(DateTime, &Fiche, &Event),
                     (b, y, _): &(DateTime, &Fiche, &Event)| {
            b.cmp(a).then_with(|| x.slug.cmp(&y.slug))
        };
        if kept.len() > PAST_MAX {
            kept.select_nth_unstable_by(PAST_MAX, order);
            kept.truncate(PAST_MAX);
        }
        kept.sort_by(order);
        let older = all > kept.len();
        let items = (kept.into_iter())
            .map(|(last, f, e)| (last, self.item(f, e, last)))
            .collect();
        (items, older)
    }

    fn events(&self) -> impl Iterator<Item = (&Fiche, &Event)> {
        (self.site.fiches.iter()).filter_map(|f| Some((f, f.event.as_ref()?)))
    }

    /// The date `at` of event `e`, fiche `f`.
    fn item<'f>(&self, f: &'f Fiche, e: &Event, at: DateTime) -> Item<'f> {
        let lang = self.lang;
        let end = e.length().and_then(|l| at.checked_add(l).ok());
        let themes = self.term_refs(TaxonomyKind::Themes, &f.themes);
        let territory = self
            .term_refs(TaxonomyKind::Territories, f.territory.as_slice())
            .pop();
        let place = if e.attendance.on_site() {
            let parts: Vec<&str> = [&e.place, &e.town]
                .into_iter()
                .filter_map(|p| p.as_deref())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        } else {
            None
        };
        Item {
            title: &f.title,
            url: paths::fiche_dir(&f.slug),
            series: &f.slug,
            start: e.with_offset(at),
            end: e.with_offset(end.unwrap_or(at)),
            day: at.day(),
            month: words::month(at.month(), lang),
            when: words::when(at, end, lang),
            place,
            online: e.attendance.online(),
            status: e.status.name(),
            status_notice: e.status != Status::Scheduled,
            recurrence: e.rule_words(lang),
            theme_keys: themes
                .iter()
                .map(|t| slug_of(&t.url))
                .collect::<Vec<_>>()
                .join(" "),
            territory_key: territory
                .as_ref()
                .map(|t| slug_of(&t.url))
                .unwrap_or_default(),
            themes,
            territory,
            outcomes: self.outcomes(f),
        }
    }

    /// The next events for the home page: one date each, the earliest first.
    pub(super) fn next_events(&self) -> Value {
        let items: Vec<Item> = (self.upcoming(1, HOME_EVENTS).0.into_iter())
            .map(|(_, i)| i)
            .collect();
        super::ser(items)
    }
}

/// A term's slug, the last part of its address (`themes/SLUG/`).
fn slug_of(url: &str) -> String {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}
