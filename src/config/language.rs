//! The site's language read from the top of `fiches.toml` line by line, without
//! parsing the file: so that a file with mistakes still gets its messages in its
//! language, and the language is known before the one full parse.

use crate::lang::Lang;

/// What the top-level lines of `fiches.toml` say of the site's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// `language = "en"`, or another known code.
    Said(Lang),
    /// Every top-level line was read and none names a known language: the site is
    /// French, the default.
    Unsaid,
    /// A top-level line could not be read (a mistake), before any `language`.
    Unreadable,
}

impl Written {
    /// The language of the messages about the site: the one written, French when
    /// none is, `locale` (the user's) when the file cannot be read far enough to know.
    pub fn or_locale(self, locale: Lang) -> Lang {
        match self {
            Written::Said(lang) => lang,
            Written::Unsaid => Lang::Fr,
            Written::Unreadable => locale,
        }
    }
}

/// Reads the top-level lines (those before the first `[table]`) for `language`.
/// Tolerant: values spread over several lines (arrays, inline tables, multi-line
/// strings) are skipped; a line that is no `key = value` makes it [`Written::Unreadable`].
pub fn written_language(src: &str) -> Written {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    // The delimiter that closes the multi-line string the scan is in.
    let mut in_string: Option<&str> = None;
    // Brackets and braces still open in a value spread over several lines.
    let mut depth: i64 = 0;
    for line in src.lines() {
        let line = line.trim();
        if let Some(close) = in_string {
            if line.matches(close).count() % 2 == 1 {
                in_string = None;
            }
            continue;
        }
        if depth > 0 {
            depth += balance(line);
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Written::Unreadable;
        };
        let key = key.trim();
        let key = ["\"", "'"]
            .iter()
            .find_map(|q| key.strip_prefix(q).and_then(|k| k.strip_suffix(q)))
            .unwrap_or(key);
        let value = value.trim();
        if key == "language" {
            return match string_value(value) {
                Some(code) => Lang::from_code(code).map_or(Written::Unsaid, Written::Said),
                None => Written::Unreadable,
            };
        }
        if key.is_empty() {
            return Written::Unreadable;
        }
        for delim in ["\"\"\"", "'''"] {
            if let Some(rest) = value.strip_prefix(delim)
                && rest.matches(delim).count() % 2 == 0
            {
                in_string = Some(delim);
            }
        }
        if in_string.is_none() && (value.starts_with('[') || value.starts_with('{')) {
            depth = balance(value).max(0);
        }
    }
    Written::Unsaid
}

/// The text of a one-line string value (`"en"`, `'en'`), a comment after it allowed.
fn string_value(value: &str) -> Option<&str> {
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &value[1..];
    let end = rest.find(quote)?;
    let after = rest[end + 1..].trim_start();
    (after.is_empty() || after.starts_with('#')).then(|| &rest[..end])
}

/// Brackets and braces opened minus closed on a line, outside strings and comments.
fn balance(line: &str) -> i64 {
    let mut n = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => break,
                '[' | '{' => n += 1,
                ']' | '}' => n -= 1,
                _ => {}
            },
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_read_from_a_file_with_mistakes() {
        use Written::*;
        let en = Said(Lang::En);
        assert_eq!(written_language("title = \"T\"\nlanguage = \"en\"\n"), en);
        assert_eq!(written_language("language='en' # site anglais\r\n"), en);
        assert_eq!(written_language("\u{feff}\"language\" = \"en\""), en);
        // Mistakes after the language, at the top or in a table, do not hide it.
        assert_eq!(
            written_language("language = \"en\"\ntitle = \"T\nthis is no toml\n"),
            en
        );
        assert_eq!(
            written_language("title = \"T\"\n[network]\nname = \nlanguage = \"fr\"\n"),
            Unsaid
        );
        // Values over several lines are skipped, whatever they hold.
        let long = "description = \"\"\"\nlanguage = \"fr\"\nune ligne\n\"\"\"\n\
                    tags = [\n  \"a]\", # ]\n  \"b\",\n]\nlanguage = \"en\"\n";
        assert_eq!(written_language(long), en);
        assert_eq!(
            written_language("p = { a = 1,\n b = 2 }\nlanguage = \"en\""),
            en
        );
        // Nothing said: French. Unknown codes are reported by the full reading.
        assert_eq!(written_language("title = \"T\"\n"), Unsaid);
        assert_eq!(written_language("language = \"de\"\n"), Unsaid);
        assert_eq!(written_language(""), Unsaid);
        // A line that says nothing readable before any language.
        assert_eq!(
            written_language("ceci n'est pas du toml\nlanguage = \"en\""),
            Unreadable
        );
        assert_eq!(written_language("language = en\n"), Unreadable);
        assert_eq!(written_language("language = \"en\" x\n"), Unreadable);
        assert_eq!(written_language("= \"en\"\n"), Unreadable);
        assert_eq!(Unreadable.or_locale(Lang::En), Lang::En);
        assert_eq!(Unsaid.or_locale(Lang::En), Lang::Fr);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn any_text_is_scanned_without_panic(s in "\\PC*", t in "[\\[\\]{}\"'#=\n a-z]*") {
            let _ = written_language(&s);
            let _ = written_language(&t);
            let _ = written_language(&format!("language = \"en\"\n{s}"));
        }
    }

    #[test]
    fn hostile_text_never_panics() {
        for s in [
            "language = \"",
            "language = '",
            "\"",
            "[",
            "x = [[[[",
            "x = \"\"\"",
            "language = \"e\u{301}n\"",
            "language\u{a0}= \"en\"",
            "\u{0}\u{b}\u{fffe}=\u{202f}",
            "x = \"\\\"]\" \nlanguage = \"en\"",
        ] {
            let _ = written_language(s);
        }
    }
}
