//! What a reader of TOML says about a mistake: the type a key expects, the wrong
//! value it got, the mistakes authors make most, the key they probably meant.

use toml::de::DeValue;

use crate::lang::Lang;

#[derive(Clone, Copy)]
pub(super) enum Expected {
    Text,
    TextInList,
    TextList,
    Bool,
    Integer,
    Date,
    Table,
    Blocks,
}

impl Expected {
    pub(super) fn describe(self, lang: Lang, key: &str) -> (String, String) {
        match self {
            Expected::Text => (
                lang.pick("un texte entre guillemets", "a text between quotes"),
                format!("{key} = \"...\""),
            ),
            Expected::TextInList => (
                lang.pick(
                    "une liste de textes entre guillemets",
                    "a list of texts between quotes",
                ),
                format!("{key} = [\"...\", \"...\"]"),
            ),
            Expected::TextList => (
                lang.pick("une liste de textes", "a list of texts"),
                format!("{key} = [\"...\", \"...\"]"),
            ),
            Expected::Bool => (
                lang.pick("true ou false", "true or false"),
                format!("{key} = true"),
            ),
            Expected::Integer => (
                lang.pick("un nombre entier", "a whole number"),
                format!("{key} = 20"),
            ),
            Expected::Date => (
                lang.pick(
                    "une date réelle au format année-mois-jour",
                    "a real date written year-month-day",
                ),
                format!("{key} = 2024-03-14"),
            ),
            Expected::Table => (
                lang.pick(format!("un bloc [{key}]"), format!("a [{key}] block")),
                format!("[{key}]"),
            ),
            Expected::Blocks => (
                lang.pick(
                    format!("un ou plusieurs blocs [[{key}]]"),
                    format!("one or more [[{key}]] blocks"),
                ),
                format!("[[{key}]] puis, dessous, name = \"...\""),
            ),
        }
    }
}

/// The line of `text` holding byte `at`, cut to a few hundred bytes around it: enough
/// to recognise a known mistake, and bounded when a file holds many mistakes on one
/// very long line.
pub(super) fn line_at(text: &str, at: usize) -> &str {
    const AROUND: usize = 256;
    let floor = |i| crate::cut::floor(text, i);
    let at = floor(at);
    let lo = floor(at.saturating_sub(AROUND));
    let hi = floor(at + AROUND);
    let start = text[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1);
    let end = text[at..hi].find('\n').map_or(hi, |i| at + i);
    &text[start..end]
}

/// Advice for the mistakes authors make most: quotes turned curly by a word
/// processor, dates written the French way.
pub(super) fn known_mistake(line: &str, lang: Lang) -> Option<(String, String)> {
    if line.contains(['“', '”', '«', '»', '‘', '’']) && !line.contains('"') {
        return Some((
            lang.pick("guillemets typographiques", "curly quotes"),
            lang.pick(
                "les textes s'écrivent entre guillemets droits \"...\" : remplacez « » ou “ ” (souvent changés par un traitement de texte)",
                "texts go between straight quotes \"...\": replace “ ” (often changed by a word processor)",
            ),
        ));
    }
    let digits: Vec<&str> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    if line.contains('/') && digits.len() == 3 && digits[2].len() == 4 {
        let iso = format!("{}-{:0>2}-{:0>2}", digits[2], digits[1], digits[0]);
        return Some((
            lang.pick("date écrite jour/mois/année", "date written day/month/year"),
            lang.pick(
                format!("une date s'écrit année-mois-jour, sans guillemets : {iso}"),
                format!("a date is written year-month-day, without quotes: {iso}"),
            ),
        ));
    }
    None
}

/// A date written year-month-day that no calendar has (`2024-02-30`): what to say
/// about it, in words (« le 30 février 2024 n'existe pas »), and how to fix it.
pub(super) fn impossible_date(line: &str, lang: Lang) -> Option<(String, String)> {
    let value = line.split_once('=')?.1.trim();
    let b = value.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| value.get(r)?.parse::<u16>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let date = crate::lang::Date {
        year,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    };
    if date.is_valid() {
        return None;
    }
    let names = Lang::Fr.month(date.month).zip(Lang::En.month(date.month));
    let message = match names {
        Some((fr, en)) if date.year >= 1000 => lang.pick(
            format!("le {day} {fr} {year} n'existe pas"),
            format!("{en} {day}, {year} does not exist"),
        ),
        Some(_) => lang.pick(
            format!("l'année {year} n'est pas une année de notre temps"),
            format!("the year {year} is not a year of our time"),
        ),
        None => lang.pick(
            format!("il n'y a pas de mois {month} : une année en a 12"),
            format!("there is no month {month}: a year has 12"),
        ),
    };
    Some((
        message,
        lang.pick(
            "vérifiez le jour et le mois : une date s'écrit année-mois-jour, sans guillemets (2024-02-29)",
            "check the day and the month: a date is written year-month-day, without quotes (2024-02-29)",
        ),
    ))
}

/// The warning for a text holding a control that forces the direction of writing
/// (U+202A to U+202E: embeddings and overrides): pasted or planted, it can show the
/// text after it reversed, in a title or a term that other pages list; `None` for
/// most texts. Marks and isolates (U+200E, U+200F, U+2066 to U+2069) are left to
/// texts mixing directions.
pub(super) fn overriding(key: &str, text: &str, lang: Lang) -> Option<(String, String)> {
    let c = text
        .chars()
        .find(|c| ('\u{202a}'..='\u{202e}').contains(c))?;
    let code = format!("U+{:04X}", u32::from(c));
    Some((
        lang.pick(
            format!("`{key}` contient un caractère invisible qui force le sens d'écriture ({code}) : le texte qui le suit peut s'afficher à l'envers"),
            format!("`{key}` holds an invisible character that forces the direction of writing ({code}): the text after it may show reversed"),
        ),
        lang.pick(
            "retapez ce texte, ou collez-le sans sa mise en forme (Ctrl+Maj+V)",
            "type this text again, or paste it without formatting (Ctrl+Shift+V)",
        ),
    ))
}

/// The error for a key written twice (`key` as written, quotes and all).
pub(super) fn twice(key: &str, lang: Lang) -> (String, String) {
    // A key longer than a line is shortened: the place shows it whole.
    let key = crate::cut::chars(key, 80);
    (
        lang.pick(
            format!("`{key}` est écrit deux fois : une clé ne s'écrit qu'une fois"),
            format!("`{key}` is written twice: a key is written once"),
        ),
        lang.pick(
            "gardez une seule ligne : pour plusieurs valeurs, réunissez-les dans une liste, par exemple tags = [\"jardin\", \"entraide\"]",
            "keep one line: for several values, put them in one list, for example tags = [\"garden\", \"mutual aid\"]",
        ),
    )
}

pub(super) fn describe(v: &DeValue, lang: Lang) -> String {
    match v {
        DeValue::String(s) => lang.pick(format!("le texte \"{s}\""), format!("the text \"{s}\"")),
        DeValue::Integer(_) | DeValue::Float(_) => lang.pick("un nombre", "a number"),
        DeValue::Boolean(_) => lang.pick("un booléen (true/false)", "a boolean (true/false)"),
        DeValue::Datetime(_) => lang.pick("une date ou une heure", "a date or time"),
        DeValue::Array(_) => lang.pick("une liste", "a list"),
        DeValue::Table(_) => lang.pick("une table", "a table"),
    }
}

/// The warning for a text holding a character that pages and feeds cannot carry
/// (see [`crate::escape::unfit`]), saying what becomes of it; `None` for most texts.
pub(super) fn invisible(key: &str, text: &str, lang: Lang) -> Option<(String, String)> {
    let c = text.chars().find(|c| crate::escape::unfit(*c))?;
    let code = format!("U+{:04X}", u32::from(c));
    let space = crate::escape::replacement(c) == " ";
    let message = match (lang, c == '\u{b}') {
        (Lang::Fr, true) => format!(
            "`{key}` contient un saut de ligne forcé ({code}, Maj+Entrée dans Word) : il devient une espace dans les pages et les flux"
        ),
        (Lang::En, true) => format!(
            "`{key}` holds a manual line break ({code}, Shift+Enter in Word): it becomes a space in pages and feeds"
        ),
        (Lang::Fr, false) => format!(
            "`{key}` contient un caractère invisible ({code}) : il {}",
            if space {
                "devient une espace dans les pages et les flux"
            } else {
                "est retiré des pages et des flux"
            }
        ),
        (Lang::En, false) => format!(
            "`{key}` holds an invisible character ({code}): it {} pages and feeds",
            if space {
                "becomes a space in"
            } else {
                "is left out of"
            }
        ),
    };
    let hint = lang.pick(
        "retapez ce texte, ou collez-le sans sa mise en forme (Ctrl+Maj+V) : ces caractères viennent d'un copier-coller depuis un traitement de texte",
        "type this text again, or paste it without formatting (Ctrl+Shift+V): such characters come from copying out of a word processor",
    );
    Some((message, hint))
}
