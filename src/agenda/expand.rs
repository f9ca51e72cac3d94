//! A recurrence rule expanded into dates, in order, from the event's start: one
//! period (day, week, month, year) at a time, under a hard cap of dates and of
//! periods, so that no rule, however written, makes a build slow or endless.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Weekday};

use super::rule::{Freq, Rule};

/// The most dates one rule expands to: past it, the agenda says the series goes on.
pub const MAX_OCCURRENCES: usize = 500;
/// The most periods (days, weeks, months, years) one expansion looks at, whether
/// they hold a date or not (`BYMONTHDAY=31;BYMONTH=2` holds none).
pub const MAX_PERIODS: usize = 5_000;

/// The dates a rule gives from `start` on, in order, as many as [`MAX_OCCURRENCES`]
/// and looking at [`MAX_PERIODS`] periods at most; `capped` when it stopped there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    pub dates: Vec<DateTime>,
    pub capped: bool,
}

/// Expands `rule` from `start` (its first date, which counts even when the rule
/// would not give it, as RFC 5545 says), keeping the dates on or after `from`.
/// An endless daily or weekly rule begins its walk near `from`, so that a series
/// begun years ago still shows its next dates.
pub fn expand(rule: &Rule, start: DateTime, from: Date) -> Expansion {
    let mut walk = Walk {
        rule,
        from,
        counted: 0,
        out: Expansion {
            dates: Vec::new(),
            capped: false,
        },
    };
    if !walk.keep(start) {
        return walk.stopped();
    }
    let skip = skipped_periods(rule, start.date(), from);
    for period in skip..skip + MAX_PERIODS as i64 {
        let Some(first) = period_start(rule, start.date(), period) else {
            return walk.out;
        };
        for day in candidates(rule, start.date(), first) {
            if day <= start.date() {
                continue;
            }
            if rule.until.is_some_and(|u| day > u) {
                return walk.out;
            }
            if !walk.keep(day.to_datetime(start.time())) {
                return walk.stopped();
            }
        }
    }
    walk.out.capped = true;
    walk.out
}

/// An expansion under way: the dates met so far (COUNT counts them all) and those kept.
struct Walk<'r> {
    rule: &'r Rule,
    from: Date,
    counted: u32,
    out: Expansion,
}

impl Walk<'_> {
    /// Counts `d`, keeps it when it is on or after `from`; whether to go on.
    fn keep(&mut self, d: DateTime) -> bool {
        self.counted += 1;
        if d.date() >= self.from {
            self.out.dates.push(d);
        }
        self.rule.count.is_none_or(|c| self.counted < c) && self.out.dates.len() < MAX_OCCURRENCES
    }

    /// The expansion, `capped` when it stopped before the rule's own end.
    fn stopped(mut self) -> Expansion {
        self.out.capped = self.rule.count.is_none_or(|c| self.counted < c);
        self.out
    }
}

/// For an endless daily or weekly rule, the periods before the one holding `from`,
/// less one: walking them would only count dates that are not kept.
fn skipped_periods(rule: &Rule, start: Date, from: Date) -> i64 {
    let days_per_period = match rule.freq {
        Freq::Daily => 1,
        Freq::Weekly => 7,
        _ => return 0,
    } * i64::from(rule.interval);
    if rule.count.is_some() || from <= start {
        return 0;
    }
    let days = i64::from(from.since(start).map_or(0, |s| s.get_days()));
    (days / days_per_period - 1).max(0)
}

/// The first day of the `n`th period after the one holding `start`: the day itself,
/// the Monday of its week, the 1st of its month, the 1 January of its year.
fn period_start(rule: &Rule, start: Date, n: i64) -> Option<Date> {
    let steps = n.checked_mul(i64::from(rule.interval))?;
    // Spans have bounds of their own: a step past them ends the walk, as a date past
    // year 9999 does.
    let span = jiff::Span::new();
    match rule.freq {
        Freq::Daily => start.checked_add(span.try_days(steps).ok()?).ok(),
        Freq::Weekly => {
            let monday =
                start.checked_sub(i64::from(start.weekday().to_monday_zero_offset()).days());
            monday.ok()?.checked_add(span.try_weeks(steps).ok()?).ok()
        }
        Freq::Monthly => (start.first_of_month())
            .checked_add(span.try_months(steps).ok()?)
            .ok(),
        Freq::Yearly => Date::new(start.year(), 1, 1)
            .ok()?
            .checked_add(span.try_years(steps).ok()?)
            .ok(),
    }
}

/// The dates of one period, in order.
fn candidates(rule: &Rule, start: Date, first: Date) -> Vec<Date> {
    let mut days = match rule.freq {
        Freq::Daily => vec![first],
        Freq::Weekly => weekly(rule, start, first),
        Freq::Monthly => monthly(rule, start, first),
        Freq::Yearly => yearly(rule, start, first),
    };
    if !rule.by_month.is_empty() {
        days.retain(|d| rule.by_month.contains(&d.month()));
    }
    if rule.freq == Freq::Daily && !rule.by_day.is_empty() {
        days.retain(|d| rule.by_day.iter().any(|b| b.day == d.weekday()));
    }
    days.sort();
    days.dedup();
    days
}

fn weekly(rule: &Rule, start: Date, monday: Date) -> Vec<Date> {
    let wanted: Vec<Weekday> = if rule.by_day.is_empty() {
        vec![start.weekday()]
    } else {
        rule.by_day.iter().map(|b| b.day).collect()
    };
    wanted
        .into_iter()
        .filter_map(|w| {
            let offset = i64::from(w.to_monday_zero_offset());
            monday.checked_add(offset.days()).ok()
        })
        .collect()
}

/// A month's dates: BYMONTHDAY's days and BYDAY's weekdays, those that are both
/// when both are given (RFC 5545: each limits the other), the start's day else.
fn monthly(rule: &Rule, start: Date, first: Date) -> Vec<Date> {
    let len = first.days_in_month();
    let day = |n: i8| Date::new(first.year(), first.month(), n).ok();
    let mut by_number = Vec::new();
    for &d in &rule.by_month_day {
        let n = if d > 0 { d } else { len + 1 + d };
        if (1..=len).contains(&n) {
            by_number.extend(day(n));
        }
    }
    let mut by_weekday = Vec::new();
    for b in &rule.by_day {
        match b.nth {
            Some(n) => by_weekday.extend(first.nth_weekday_of_month(n, b.day).ok()),
            None => by_weekday.extend((1..=len).filter_map(day).filter(|d| d.weekday() == b.day)),
        }
    }
    match (rule.by_month_day.is_empty(), rule.by_day.is_empty()) {
        (true, true) => day(start.day()).into_iter().collect(),
        (false, true) => by_number,
        (true, false) => by_weekday,
        (false, false) => {
            by_number.retain(|d| by_weekday.contains(d));
            by_number
        }
    }
}

/// A year's dates: the start's day in each month of BYMONTH, or in the start's month.
fn yearly(rule: &Rule, start: Date, first: Date) -> Vec<Date> {
    let months = match rule.by_month.is_empty() {
        true => vec![start.month()],
        false => rule.by_month.clone(),
    };
    (months.into_iter())
        .filter_map(|m| Date::new(first.year(), m, start.day()).ok())
        .collect()
}
