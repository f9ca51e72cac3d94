//! The parts of a recurrence rule, one function each (FREQ, INTERVAL, COUNT, UNTIL,
//! BYDAY, BYMONTHDAY, BYMONTH): each reads its value into the rule or says, in the
//! site's language, what is wrong and how to write it.

use jiff::civil::Date;

use super::rule::{ByDay, DAYS, Freq, Rule};
use crate::lang::Lang;

/// The most values a BY* part may list, and the largest INTERVAL and COUNT.
const MAX_LIST: usize = 31;
const MAX_NUMBER: u32 = 1_000;

/// What is wrong with a part, and the hint.
type Mistake = (String, String);

pub(super) fn part_freq(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    rule.freq = match value.to_ascii_uppercase().as_str() {
        "DAILY" => Freq::Daily,
        "WEEKLY" => Freq::Weekly,
        "MONTHLY" => Freq::Monthly,
        "YEARLY" => Freq::Yearly,
        _ => {
            return Err((
                lang.pick(
                    format!("rythme inconnu « {value} »"),
                    format!("unknown frequency \"{value}\""),
                ),
                lang.pick(
                    "FREQ=DAILY (chaque jour), WEEKLY (semaine), MONTHLY (mois) ou YEARLY (année)",
                    "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY",
                ),
            ));
        }
    };
    Ok(())
}

/// A whole number from 1 to [`MAX_NUMBER`].
fn number(name: &str, value: &str, lang: Lang) -> Result<u32, Mistake> {
    match value.parse::<u32>() {
        Ok(n) if (1..=MAX_NUMBER).contains(&n) => Ok(n),
        _ => Err((
            lang.pick(
                format!("{name} doit être un nombre entier de 1 à {MAX_NUMBER}"),
                format!("{name} must be a whole number from 1 to {MAX_NUMBER}"),
            ),
            lang.pick(
                format!("par exemple : {name}=2"),
                format!("for example: {name}=2"),
            ),
        )),
    }
}

pub(super) fn part_interval(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    rule.interval = number("INTERVAL", value, lang)?;
    Ok(())
}

pub(super) fn part_count(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    rule.count = Some(number("COUNT", value, lang)?);
    Ok(())
}

/// `2026-06-30`, `20260630` or `20260630T235959` (the time is dropped: the last
/// date counts whole).
pub(super) fn part_until(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    let day = value.split(['T', 't']).next().unwrap_or(value);
    let iso = match day.len() {
        8 if day.is_ascii() => format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..]),
        _ => day.to_string(),
    };
    let date = crate::lang::Date::parse_iso(&iso)
        .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok());
    match date {
        Some(d) => {
            rule.until = Some(d);
            Ok(())
        }
        None => Err((
            lang.pick(
                format!("« {value} » n'est pas une date possible"),
                format!("\"{value}\" is not a possible date"),
            ),
            lang.pick(
                "écrivez la dernière date ainsi : UNTIL=2026-06-30",
                "write the last date as: UNTIL=2026-06-30",
            ),
        )),
    }
}

/// The items of a comma list, at most `most` (a part's own bound: twelve months, at
/// most [`MAX_LIST`] otherwise), none empty.
fn items<'v>(name: &str, value: &'v str, most: usize, lang: Lang) -> Result<Vec<&'v str>, Mistake> {
    let list: Vec<&str> = value.split(',').map(str::trim).collect();
    if list.len() > most || list.iter().any(|i| i.is_empty()) {
        return Err((
            lang.pick(
                format!("{name} attend une liste de 1 à {most} valeurs séparées par des virgules"),
                format!("{name} expects a list of 1 to {most} values separated by commas"),
            ),
            lang.pick(
                format!("par exemple : {name}={}", list_example(name)),
                format!("for example: {name}={}", list_example(name)),
            ),
        ));
    }
    Ok(list)
}

fn list_example(name: &str) -> &'static str {
    match name {
        "BYDAY" => "MO,TH",
        "BYMONTHDAY" => "1,15",
        _ => "9,10,11,12,1,2,3,4,5,6",
    }
}

pub(super) fn part_by_day(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    for item in items("BYDAY", value, MAX_LIST, lang)? {
        rule.by_day.push(by_day(item).ok_or_else(|| {
            (
                lang.pick(
                    format!("« {item} » n'est pas un jour de la semaine"),
                    format!("\"{item}\" is not a day of the week"),
                ),
                lang.pick(
                    "MO, TU, WE, TH, FR, SA, SU (lundi… dimanche), précédé du rang dans le mois s'il le faut : 1TH, -1FR",
                    "MO, TU, WE, TH, FR, SA, SU, after the rank in the month if needed: 1TH, -1FR",
                ),
            )
        })?);
    }
    Ok(())
}

/// `TH`, `1TH`, `+2MO`, `-1FR`: ranks from 1 to 5, counted from either end.
fn by_day(item: &str) -> Option<ByDay> {
    let split = item.len().checked_sub(2)?;
    let (rank, name) = (item.get(..split)?, item.get(split..)?);
    let day = DAYS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?.1;
    let nth = match rank {
        "" => None,
        r => {
            let n: i8 = r.parse().ok()?;
            (n != 0 && (-5..=5).contains(&n)).then_some(n)?;
            Some(n)
        }
    };
    Some(ByDay { nth, day })
}

pub(super) fn part_by_month_day(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    for item in items("BYMONTHDAY", value, MAX_LIST, lang)? {
        match item.parse::<i8>() {
            Ok(n) if n != 0 && (-31..=31).contains(&n) => rule.by_month_day.push(n),
            _ => {
                return Err((
                    lang.pick(
                        format!(
                            "« {item} » n'est pas un jour du mois (1 à 31, ou -1 pour le dernier)"
                        ),
                        format!(
                            "\"{item}\" is not a day of the month (1 to 31, or -1 for the last)"
                        ),
                    ),
                    lang.pick("par exemple : BYMONTHDAY=15", "for example: BYMONTHDAY=15"),
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn part_by_month(rule: &mut Rule, value: &str, lang: Lang) -> Result<(), Mistake> {
    for item in items("BYMONTH", value, 12, lang)? {
        match item.parse::<i8>() {
            Ok(n) if (1..=12).contains(&n) => rule.by_month.push(n),
            _ => {
                return Err((
                    lang.pick(
                        format!("« {item} » n'est pas un mois (1 à 12)"),
                        format!("\"{item}\" is not a month (1 to 12)"),
                    ),
                    lang.pick(
                        "de septembre à juin : BYMONTH=9,10,11,12,1,2,3,4,5,6",
                        "September to June: BYMONTH=9,10,11,12,1,2,3,4,5,6",
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use crate::lang::Lang;

    #[test]
    fn a_list_longer_than_its_part_allows_says_that_part_s_bound() {
        let months = (1..=13)
            .map(|m| (1 + m % 12).to_string())
            .collect::<Vec<_>>();
        let text = format!("FREQ=YEARLY;BYMONTH={}", months.join(","));
        let e = rule::parse(&text, Lang::Fr).unwrap_err();
        assert_eq!(
            e.message,
            "BYMONTH attend une liste de 1 à 12 valeurs séparées par des virgules"
        );
        let days = (1..=32)
            .map(|d| (1 + d % 31).to_string())
            .collect::<Vec<_>>();
        let text = format!("FREQ=MONTHLY;BYMONTHDAY={}", days.join(","));
        let e = rule::parse(&text, Lang::En).unwrap_err();
        assert_eq!(
            e.message,
            "BYMONTHDAY expects a list of 1 to 31 values separated by commas"
        );
        // Twelve months are still a rule.
        let text = format!("FREQ=YEARLY;BYMONTH={}", months[..12].join(","));
        assert!(rule::parse(&text, Lang::Fr).is_ok());
    }
}
