//! The two languages a site (and its diagnostics) can speak, and what depends on them
//! in code rather than in the theme: dates and author-facing messages.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Picks the text for this language. Both texts are built by the caller: messages
    /// are rare, and keeping both side by side keeps translations honest.
    pub fn pick(self, fr: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Fr => fr.into(),
            Lang::En => en.into(),
        }
    }

    /// The name of month `m` (1 to 12) as written inside a date: « mars », "March".
    pub fn month(self, m: u8) -> Option<&'static str> {
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let names = match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        };
        names.get(usize::from(m).checked_sub(1)?).copied()
    }

    /// A whole number as readers of the language write it: `2 001` (with a no-break
    /// space, so it never splits across lines) or `2,001`.
    pub fn number(self, n: usize) -> String {
        let sep = match self {
            Lang::Fr => '\u{a0}',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(d);
        }
        out
    }

    /// `n` followed by the noun agreeing with it: French keeps the singular for 0 and
    /// 1 (`0 erreur`), English only for 1 (`0 errors`).
    pub fn count(self, n: usize, one: &str, many: &str) -> String {
        let singular = match self {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        };
        format!("{} {}", self.number(n), if singular { one } else { many })
    }
}

/// A calendar date as TOML writes it (`2018-01-15`); times are not needed by fiches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses `YYYY-MM-DD` strictly, rejecting impossible days such as 31 April.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let date = Date {
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        };
        date.is_valid().then_some(date)
    }

    /// The civil date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    pub fn is_valid(self) -> bool {
        let y = self.year;
        let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        // Fiches tell of actions of our time; a year such as 0024 is a typing mistake.
        self.year >= 1000 && self.day >= 1 && self.day <= days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(Date::parse_iso("2023-04-31").is_none());
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("2023-13-01").is_none());
        assert!(Date::parse_iso("23-01-01").is_none());
        assert!(Date::parse_iso("0024-01-01").is_none());
    }

    #[test]
    fn unix_days_to_civil_dates() {
        assert_eq!(Date::from_unix_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_782).iso(), "2024-02-29");
        assert_eq!(Date::from_unix_days(20_413).iso(), "2025-11-21");
    }

    #[test]
    fn numbers_and_plurals_follow_the_language() {
        assert_eq!(Lang::Fr.number(2001), "2\u{a0}001");
        assert_eq!(Lang::En.number(2001), "2,001");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Fr.number(999), "999");
        assert_eq!(Lang::Fr.count(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(Lang::Fr.count(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(Lang::Fr.count(2, "erreur", "erreurs"), "2 erreurs");
        assert_eq!(Lang::En.count(0, "error", "errors"), "0 errors");
        assert_eq!(Lang::En.count(1, "error", "errors"), "1 error");
        assert_eq!(
            Lang::Fr.count(2001, "avertissement", "avertissements"),
            "2\u{a0}001 avertissements"
        );
    }

    #[test]
    fn iso_round_trip() {
        assert_eq!(Date::parse_iso("2021-11-05").unwrap().iso(), "2021-11-05");
    }
}
