//! Reads TOML (front matter or `fiches.toml`) with every value's position kept, so a
//! type mistake is reported at its line and column in the file, in the site's language,
//! and every mistake of a table is reported rather than the first one only.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::lang::{Date, Lang};
use crate::span::{FileSpan, LocalSpan, Origin, Place, Spanned};

mod mistakes;
mod suggest;

use mistakes::{Expected, describe, invisible, known_mistake, line_at};
pub use suggest::{Memo, Suggester, closest};

pub type Value<'i> = toml::Spanned<DeValue<'i>>;

/// Where a TOML value or key is written in the fragment the parser read.
pub trait Local {
    fn local(&self) -> LocalSpan;
}

impl<T> Local for toml::Spanned<T> {
    fn local(&self) -> LocalSpan {
        self.span().into()
    }
}

/// The most names of possible fields a hint lists.
pub const LISTED: usize = 40;

/// A TOML fragment inside a file, and the diagnostics found while reading it.
pub struct Reader<'s> {
    /// The whole file, as positions are reported against it.
    pub src: &'s str,
    /// Where the TOML fragment starts in `src`.
    origin: Origin,
    pub file: PathBuf,
    pub lang: Lang,
    pub diags: Vec<Diagnostic>,
    /// The lines of `src`, indexed at the first diagnostic: a file may hold thousands
    /// of mistakes, and each would otherwise read it from the start.
    index: OnceCell<LineIndex<'s>>,
}

impl<'s> Reader<'s> {
    pub fn new(src: &'s str, origin: Origin, file: &Path, lang: Lang) -> Self {
        Reader {
            src,
            origin,
            file: file.to_path_buf(),
            lang,
            diags: Vec::new(),
            index: OnceCell::new(),
        }
    }

    /// `span`, of the fragment or of the whole file, counted in the whole file.
    pub fn in_file(&self, span: impl Place) -> FileSpan {
        span.in_file(self.origin)
    }

    /// `d` in this file, at `span`.
    fn place(&self, d: Diagnostic, span: impl Place) -> Diagnostic {
        let index = self.index.get_or_init(|| LineIndex::new(self.src));
        d.in_file(self.file.clone())
            .at_in(index, span.in_file(self.origin))
    }

    /// Parses the fragment, reporting every syntax error found. Returns what could be
    /// read; `None` when the syntax is broken (what was read would only mislead).
    pub fn parse<'i>(&mut self, fragment: &'i str) -> Option<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(fragment);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        for e in errors {
            let range = e.span().unwrap_or(0..0);
            let line = line_at(fragment, range.start);
            let span = LocalSpan::from(range.clone());
            let detail = e.message().trim().to_string();
            if let Some((message, hint)) = mistakes::impossible_date(line, self.lang) {
                let d = Diagnostic::error(message).hint(hint);
                self.push(d, span);
                continue;
            }
            if detail.starts_with("duplicate key")
                && let Some(key) = fragment.get(range).filter(|k| !k.is_empty())
            {
                let (message, hint) = mistakes::twice(key, self.lang);
                self.push(Diagnostic::error(message).hint(hint), span);
                continue;
            }
            if let Some((label, hint)) = known_mistake(line, self.lang) {
                let d = Diagnostic::error(self.lang.pick(
                    "cette ligne n'est pas écrite correctement",
                    "this line is not written correctly",
                ))
                .label(label)
                .hint(hint);
                self.push(d, span);
                continue;
            }
            let d = Diagnostic::error(self.lang.pick(
                "cette ligne n'est pas écrite correctement",
                "this line is not written correctly",
            ))
            .label(self.lang.pick(format!("détail technique : {detail}"), detail))
            .hint(self.lang.pick(
                "chaque ligne s'écrit `clé = valeur` ; le texte va entre guillemets (\"...\"), \
                 les listes entre crochets ([\"a\", \"b\"]), les dates sans guillemets (2024-03-14)",
                "each line reads `key = value`; text goes between quotes (\"...\"), lists between \
                 brackets ([\"a\", \"b\"]), dates without quotes (2024-03-14)",
            ));
            self.push(d, span);
        }
        None
    }

    /// Adds a diagnostic pointing at `span`, of the fragment or of the whole file.
    pub fn push(&mut self, d: Diagnostic, span: impl Place) {
        let d = self.place(d, span);
        self.diags.push(d);
    }

    pub fn error(&mut self, span: impl Place, message: String, hint: Option<String>) {
        let mut d = Diagnostic::error(message);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.push(d, span);
    }

    pub fn warning(&mut self, span: impl Place, message: String, hint: Option<String>) {
        let mut d = Diagnostic::warning(message);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.push(d, span);
    }

    /// Warns of a character the outputs cannot carry in the text at `span`.
    fn invisible(&mut self, key: &str, span: LocalSpan, text: &str) {
        if let Some((message, hint)) = invisible(key, text, self.lang) {
            self.warning(span, message, Some(hint));
        }
        if let Some((message, hint)) = mistakes::overriding(key, text, self.lang) {
            self.warning(span, message, Some(hint));
        }
    }

    /// A number, whole or decimal, as written (`12`, `1.5`).
    pub fn number(&mut self, key: &str, v: &Value) -> Option<String> {
        match v.get_ref() {
            DeValue::Integer(i) => Some(i.as_str().replace('_', "")),
            DeValue::Float(x) => Some(x.as_str().replace('_', "")),
            _ => {
                self.wrong_type(key, v, Expected::Integer);
                None
            }
        }
    }

    fn wrong_type(&mut self, key: &str, v: &Value, expected: Expected) {
        let lang = self.lang;
        let (want, example) = expected.describe(lang, key);
        let found = describe(v.get_ref(), lang);
        let message = match expected {
            Expected::TextInList => lang.pick(
                format!(
                    "chaque élément de `{key}` doit être un texte entre guillemets, pas {found}"
                ),
                format!("each item of `{key}` must be a text between quotes, not {found}"),
            ),
            _ => lang.pick(
                format!("`{key}` doit être {want}, pas {found}"),
                format!("`{key}` must be {want}, not {found}"),
            ),
        };
        self.error(
            v.local(),
            message,
            Some(lang.pick(
                format!("par exemple : {example}"),
                format!("for example: {example}"),
            )),
        );
    }

    pub fn string(&mut self, key: &str, v: &Value) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => {
                self.invisible(key, v.local(), s);
                Some(s.to_string())
            }
            _ => {
                self.wrong_type(key, v, Expected::Text);
                None
            }
        }
    }

    /// A text that must not be blank once trimmed.
    pub fn nonempty_string(&mut self, key: &str, v: &Value) -> Option<String> {
        let s = self.string(key, v)?;
        if s.trim().is_empty() {
            let lang = self.lang;
            self.error(
                v.local(),
                lang.pick(format!("`{key}` est vide"), format!("`{key}` is empty")),
                Some(lang.pick(
                    "écrivez le texte entre les guillemets, ou retirez la ligne",
                    "write the text between the quotes, or remove the line",
                )),
            );
            return None;
        }
        Some(s.trim().to_string())
    }

    /// A list of texts; a single text is accepted as a list of one, as authors often
    /// write `tags = "accueil"`.
    pub fn string_list(&mut self, key: &str, v: &Value) -> Option<Vec<String>> {
        self.string_list_spanned(key, v)
            .map(|l| l.into_iter().map(|s| s.value).collect())
    }

    /// Like [`Reader::string_list`], with each text's span in the whole file.
    pub fn string_list_spanned(&mut self, key: &str, v: &Value) -> Option<Vec<Spanned<String>>> {
        let origin = self.origin;
        let at = |s: &str, span: LocalSpan| Spanned::new(s.trim().to_string(), origin.file(span));
        match v.get_ref() {
            DeValue::String(s) => {
                self.invisible(key, v.local(), s);
                Some(vec![at(s, v.local())])
            }
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) if !s.trim().is_empty() => {
                            self.invisible(key, item.local(), s);
                            out.push(at(s, item.local()))
                        }
                        DeValue::String(_) => {
                            let lang = self.lang;
                            self.error(
                                item.local(),
                                lang.pick(
                                    format!("`{key}` contient un texte vide"),
                                    format!("`{key}` holds an empty text"),
                                ),
                                Some(
                                    lang.pick("retirez-le de la liste", "remove it from the list"),
                                ),
                            );
                            ok = false;
                        }
                        _ => {
                            self.wrong_type(key, item, Expected::TextInList);
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.wrong_type(key, v, Expected::TextList);
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str, v: &Value) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, Expected::Bool);
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str, v: &Value) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', "").parse().ok().or_else(|| {
                self.wrong_type(key, v, Expected::Integer);
                None
            }),
            _ => {
                self.wrong_type(key, v, Expected::Integer);
                None
            }
        }
    }

    /// A calendar date: a TOML date (`2024-03-14`), a date-time (its day is kept), or
    /// the same written between quotes, which authors often do.
    pub fn date(&mut self, key: &str, v: &Value) -> Option<Date> {
        let date = match v.get_ref() {
            DeValue::Datetime(dt) => dt.date.map(|d| Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            DeValue::String(s) => s
                .get(..10)
                .and_then(Date::parse_iso)
                .filter(|_| s.len() == 10 || s[10..].starts_with(['T', 't', ' '])),
            _ => None,
        };
        match date {
            Some(d) if d.is_valid() => Some(d),
            _ => {
                self.wrong_type(key, v, Expected::Date);
                None
            }
        }
    }

    pub fn table<'a, 'i>(&mut self, key: &str, v: &'a Value<'i>) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, v, Expected::Table);
                None
            }
        }
    }

    /// An array of tables (`[[testimonies]]`), or a single table taken as one.
    pub fn tables<'a, 'i>(&mut self, key: &str, v: &'a Value<'i>) -> Vec<&'a Value<'i>> {
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    if matches!(item.get_ref(), DeValue::Table(_)) {
                        out.push(item);
                    } else {
                        self.wrong_type(key, item, Expected::Blocks);
                    }
                }
                out
            }
            DeValue::Table(_) => vec![v],
            _ => {
                self.wrong_type(key, v, Expected::Blocks);
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> (Vec<Diagnostic>, Vec<(String, String)>) {
        let mut r = Reader::new(src, Origin::WHOLE, Path::new("x.md"), Lang::En);
        let mut seen = Vec::new();
        if let Some(t) = r.parse(src) {
            for (k, v) in t.iter() {
                let s = match k.get_ref().as_ref() {
                    "d" => r.date("d", v).map(|d| d.iso()),
                    "l" => r.string_list("l", v).map(|l| l.join("|")),
                    _ => r.string(k.get_ref(), v),
                };
                if let Some(s) = s {
                    seen.push((k.get_ref().to_string(), s));
                }
            }
        }
        (r.diags, seen)
    }

    #[test]
    fn quoted_dates_and_single_texts_are_accepted() {
        let (diags, seen) = read("d = \"2024-03-14\"\nl = \"solo\"\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            seen,
            vec![
                ("d".into(), "2024-03-14".into()),
                ("l".into(), "solo".into())
            ]
        );
    }

    #[test]
    fn a_hint_lists_a_few_of_thousands_of_possible_fields() {
        let names: Vec<String> = (0..3000).map(|i| format!("champ{i}")).collect();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        for (lang, n, more) in [
            (Lang::Fr, 3000, ", … et 2\u{a0}960 autres"),
            (Lang::En, 3000, ", … and 2,960 more"),
            (Lang::Fr, 41, ", … et 1 autre"),
            (Lang::Fr, 40, ", champ39"),
        ] {
            let mut r = Reader::new("x = 1\n", Origin::WHOLE, Path::new("x.md"), lang);
            r.unknown_key(LocalSpan::from(0..1), "x", &known[..n], "ici");
            let hint = r.diags[0].hint.clone().unwrap();
            assert!(hint.contains("champ0, champ1, "), "{hint}");
            assert!(hint.ends_with(more), "{hint}");
            assert!(hint.len() < 600, "{hint}");
        }
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let src = "+++\ntitle = \"a\"\ntags = [\"x\"\n+++\n";
        let mut r = Reader::new(src, Origin::at(4), Path::new("x.md"), Lang::Fr);
        assert!(r.parse(&src[4..src.len() - 4]).is_none());
        assert!(!r.diags.is_empty());
        assert!(r.diags[0].line >= 3, "{:?}", r.diags);
    }

    #[test]
    fn curly_quotes_and_french_dates_get_their_own_advice() {
        let mut r = Reader::new(
            "title = “Été”\n",
            Origin::WHOLE,
            Path::new("x.md"),
            Lang::Fr,
        );
        assert!(r.parse("title = “Été”\n").is_none());
        assert_eq!(
            r.diags[0].label.as_deref(),
            Some("guillemets typographiques")
        );
        assert!(
            r.diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("guillemets droits")
        );
        let mut r = Reader::new(
            "date = 2/5/2024\n",
            Origin::WHOLE,
            Path::new("x.md"),
            Lang::En,
        );
        assert!(r.parse("date = 2/5/2024\n").is_none());
        assert_eq!(
            r.diags[0].hint.as_deref(),
            Some("a date is written year-month-day, without quotes: 2024-05-02")
        );
    }

    #[test]
    fn values_and_all_type_errors_are_reported() {
        let (diags, seen) = read("a = \"x\"\nd = 12:30:00\nl = [\"p\", 3]\nb = 4\n");
        assert_eq!(seen, vec![("a".into(), "x".into())]);
        let mut lines: Vec<_> = diags.iter().map(|d| (d.line, d.column)).collect();
        lines.sort();
        assert_eq!(lines, vec![(2, 5), (3, 11), (4, 5)]);
        assert!(
            diags.iter().any(|d| d.message
                == "`d` must be a real date written year-month-day, not a date or time")
        );
    }
}
