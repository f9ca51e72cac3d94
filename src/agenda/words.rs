//! An event's date, time and recurrence in words, as a reader says them: « jeudi
//! 12 mars 2026, de 19 h à 21 h 30 », « chaque mois, le premier jeudi, de septembre
//! à juin » (French typography: a no-break space inside « 19 h »), or in English.

use jiff::civil::{Date, DateTime, Time, Weekday};

use super::rule::{Freq, Rule};
use crate::lang::Lang;

const NBSP: char = '\u{a0}';

pub fn weekday(d: Weekday, lang: Lang) -> &'static str {
    let i = d.to_monday_zero_offset() as usize;
    let (fr, en) = (
        [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ],
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
    );
    match lang {
        Lang::Fr => fr[i],
        Lang::En => en[i],
    }
}

pub fn month(m: i8, lang: Lang) -> &'static str {
    // A clamped month is always named.
    lang.month(m.clamp(1, 12) as u8).unwrap_or_default()
}

/// « 12 mars 2026 », « 1er octobre 2026 », "12 March 2026".
pub fn day_month_year(d: Date, lang: Lang) -> String {
    let day = match (lang, d.day()) {
        (Lang::Fr, 1) => "1er".to_string(),
        (_, n) => n.to_string(),
    };
    format!("{day} {} {}", month(d.month(), lang), d.year())
}

/// « jeudi 12 mars 2026 », "Thursday 12 March 2026".
pub fn date(d: Date, lang: Lang) -> String {
    format!("{} {}", weekday(d.weekday(), lang), day_month_year(d, lang))
}

/// « 19 h », « 21 h 30 »; "7 pm", "9:30 pm", "noon".
pub fn time(t: Time, lang: Lang) -> String {
    let (h, m) = (t.hour(), t.minute());
    match lang {
        Lang::Fr if m == 0 => format!("{h}{NBSP}h"),
        Lang::Fr => format!("{h}{NBSP}h{NBSP}{m:02}"),
        Lang::En => {
            let (h12, half) = match h {
                0 => (12, "am"),
                1..=11 => (h, "am"),
                12 => (12, "pm"),
                _ => (h - 12, "pm"),
            };
            match m {
                0 => format!("{h12}{NBSP}{half}"),
                _ => format!("{h12}:{m:02}{NBSP}{half}"),
            }
        }
    }
}

/// When an event takes place: « jeudi 12 mars 2026, de 19 h à 21 h 30 », « jeudi
/// 12 mars 2026 à 19 h », « du jeudi 12 mars 2026, 19 h, au samedi 14 mars 2026, 17 h ».
pub fn when(start: DateTime, end: Option<DateTime>, lang: Lang) -> String {
    let day = date(start.date(), lang);
    let from = time(start.time(), lang);
    match end {
        None => lang.pick(format!("{day} à {from}"), format!("{day} at {from}")),
        Some(end) if end.date() == start.date() => {
            let to = time(end.time(), lang);
            lang.pick(
                format!("{day}, de {from} à {to}"),
                format!("{day}, {from} to {to}"),
            )
        }
        Some(end) => {
            let (last, to) = (date(end.date(), lang), time(end.time(), lang));
            lang.pick(
                format!("du {day}, {from}, au {last}, {to}"),
                format!("from {day}, {from}, to {last}, {to}"),
            )
        }
    }
}

/// A recurrence in words: « chaque mois, le premier jeudi, de septembre à juin,
/// jusqu'au 30 juin 2026 ».
pub fn rule(rule: &Rule, start: Date, lang: Lang) -> String {
    let mut parts = vec![rhythm(rule, lang)];
    parts.extend(days(rule, start, lang));
    parts.extend(months(&rule.by_month, lang));
    if let Some(u) = rule.until {
        let u = day_month_year(u, lang);
        parts.push(lang.pick(format!("jusqu'au {u}"), format!("until {u}")));
    }
    if let Some(c) = rule.count {
        let n = lang.number(c as usize);
        parts.push(match (lang, c) {
            (Lang::Fr, _) => format!("{n}{NBSP}fois"),
            (Lang::En, 1) => "once".into(),
            (Lang::En, _) => format!("{n} times"),
        });
    }
    parts.join(", ")
}

/// « chaque semaine », « toutes les 2 semaines ».
fn rhythm(rule: &Rule, lang: Lang) -> String {
    let n = rule.interval;
    let (one_fr, many_fr, one_en, many_en) = match rule.freq {
        Freq::Daily => ("chaque jour", "jours", "every day", "days"),
        Freq::Weekly => ("chaque semaine", "semaines", "every week", "weeks"),
        Freq::Monthly => ("chaque mois", "mois", "every month", "months"),
        Freq::Yearly => ("chaque année", "ans", "every year", "years"),
    };
    if n == 1 {
        return lang.pick(one_fr, one_en);
    }
    let all = match rule.freq {
        Freq::Weekly => "toutes les",
        _ => "tous les",
    };
    lang.pick(
        format!("{all} {n} {many_fr}"),
        format!("every {n} {many_en}"),
    )
}

/// Which days of the period: « le premier jeudi », « le lundi et le jeudi », « le 15 ».
fn days(rule: &Rule, start: Date, lang: Lang) -> Option<String> {
    let mut names: Vec<String> = rule
        .by_day
        .iter()
        .map(|b| {
            let day = weekday(b.day, lang);
            match (b.nth, lang) {
                (Some(n), Lang::Fr) if n < -2 => format!("le {}e {day} avant la fin du mois", -n),
                (Some(n), Lang::Fr) => format!("le {} {day}", rank(n, lang)),
                (Some(n), Lang::En) => format!("the {} {day}", rank(n, lang)),
                (None, Lang::Fr) => format!("le {day}"),
                (None, Lang::En) => format!("on {day}s"),
            }
        })
        .collect();
    names.extend(rule.by_month_day.iter().map(|&d| month_day(d, lang)));
    if names.is_empty() {
        names.push(match rule.freq {
            Freq::Daily => return None,
            Freq::Weekly => lang.pick(
                format!("le {}", weekday(start.weekday(), lang)),
                format!("on {}s", weekday(start.weekday(), lang)),
            ),
            Freq::Monthly => month_day(start.day(), lang),
            Freq::Yearly => lang.pick(
                format!(
                    "le {} {}",
                    day_in_words(start.day(), lang),
                    month(start.month(), lang)
                ),
                format!("on {} {}", start.day(), month(start.month(), lang)),
            ),
        });
    }
    Some(and_list(&names, lang))
}

fn day_in_words(d: i8, lang: Lang) -> String {
    match (lang, d) {
        (Lang::Fr, 1) => "1er".into(),
        _ => d.to_string(),
    }
}

/// « le 15 », « le dernier jour du mois »; "on the 15th".
fn month_day(d: i8, lang: Lang) -> String {
    match (d, lang) {
        (-1, Lang::Fr) => "le dernier jour du mois".into(),
        (-1, Lang::En) => "on the last day of the month".into(),
        (d, Lang::Fr) if d < 0 => format!("le {}e jour avant la fin du mois", -d),
        (d, Lang::En) if d < 0 => format!("on the {} day from the end", ordinal_en(-d)),
        (d, Lang::Fr) => format!("le {}", day_in_words(d, lang)),
        (d, Lang::En) => format!("on the {}", ordinal_en(d)),
    }
}

fn ordinal_en(n: i8) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// « premier », « dernier », « avant-dernier »; "first", "last".
fn rank(n: i8, lang: Lang) -> String {
    const FR: [&str; 5] = ["premier", "deuxième", "troisième", "quatrième", "cinquième"];
    const EN: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    let i = (n.unsigned_abs().clamp(1, 5) - 1) as usize;
    match (n, lang) {
        (-1, Lang::Fr) => "dernier".into(),
        (-1, Lang::En) => "last".into(),
        (-2, Lang::Fr) => "avant-dernier".into(),
        (n, Lang::En) if n < 0 => format!("{} to last", EN[i]),
        (_, Lang::Fr) => FR[i].into(),
        (_, Lang::En) => EN[i].into(),
    }
}

/// « de septembre à juin » when the months follow each other (across the new year
/// too), « en mars et en mai » otherwise.
fn months(list: &[i8], lang: Lang) -> Option<String> {
    let first = *list.first()?;
    let last = *list.last()?;
    let follows = list.windows(2).all(|w| w[1] == w[0] % 12 + 1);
    if list.len() > 2 && follows {
        let (a, b) = (month(first, lang), month(last, lang));
        // « d'avril », « d'octobre », « de juin ».
        let de = if a.starts_with(['a', 'o']) {
            "d'"
        } else {
            "de "
        };
        return Some(lang.pick(format!("{de}{a} à {b}"), format!("{a} to {b}")));
    }
    let names: Vec<String> = list
        .iter()
        .map(|&m| {
            lang.pick(
                format!("en {}", month(m, lang)),
                format!("in {}", month(m, lang)),
            )
        })
        .collect();
    Some(and_list(&names, lang))
}

fn and_list(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let and = lang.pick("et", "and");
            format!("{} {and} {last}", init.join(", "))
        }
    }
}
