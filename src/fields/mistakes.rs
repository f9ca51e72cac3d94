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
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = floor(at.min(text.len()));
    let lo = floor(at.saturating_sub(AROUND));
    let hi = floor((at + AROUND).min(text.len()));
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

/// The known name closest to `input`, if one is close enough to be a likely typo.
pub fn closest<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = input.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&folded, &k.to_lowercase()), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
