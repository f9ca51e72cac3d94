//! A small YAML writer for the CMS's configuration: block mappings and sequences, and
//! every string double-quoted with only the escapes JSON shares, so that no value can be
//! read as a number, a boolean or a date, break its line or end the document.

/// A YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Str(String),
    Bool(bool),
    Seq(Vec<Yaml>),
    /// Keys in the order written.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn str(s: impl Into<String>) -> Yaml {
        Yaml::Str(s.into())
    }

    /// A mapping from `(key, value)` pairs.
    pub fn map<'a>(entries: impl IntoIterator<Item = (&'a str, Yaml)>) -> Yaml {
        Yaml::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// The value at `key` of a mapping.
    #[cfg(test)]
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    #[cfg(test)]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn strs<'a>(items: impl IntoIterator<Item = &'a String>) -> Yaml {
        Yaml::Seq(items.into_iter().map(|s| Yaml::str(s.as_str())).collect())
    }
}

/// The document of a mapping, ending with a line break.
pub fn document(root: &Yaml) -> String {
    let mut out = String::new();
    match root {
        Yaml::Map(entries) if !entries.is_empty() => map(&mut out, entries, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn map(out: &mut String, entries: &[(String, Yaml)], indent: usize) {
    for (k, v) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&key(k));
        out.push(':');
        nested(out, v, indent);
    }
}

fn seq(out: &mut String, items: &[Yaml], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            // The mapping's first key goes on the dash's line, the others under it.
            Yaml::Map(entries) if !entries.is_empty() => {
                let mut inner = String::new();
                map(&mut inner, entries, indent + 2);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            other => nested(out, other, indent),
        }
    }
}

/// What follows `key:` or `-`: a scalar on the line, or a block on the next ones.
fn nested(out: &mut String, v: &Yaml, indent: usize) {
    match v {
        Yaml::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            map(out, entries, indent + 2);
        }
        Yaml::Seq(items) if !items.is_empty() => {
            out.push('\n');
            seq(out, items, indent + 2);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn inline(v: &Yaml) -> String {
    match v {
        Yaml::Str(s) => quote(s),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Seq(_) => "[]".into(),
        Yaml::Map(_) => "{}".into(),
    }
}

/// A key as is when it is a plain name (`media_folder`), else quoted.
fn key(k: &str) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain { k.to_string() } else { quote(k) }
}

/// `s` as a double-quoted YAML scalar. Outside printable ASCII, only characters that
/// YAML prints as they are stay raw; every other one (controls, line and paragraph
/// separators, the BOM, non-characters) is written `\uXXXX`, which YAML and JSON read
/// alike.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            c if printable(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// YAML 1.2's printable characters beyond ASCII, less the line and paragraph
/// separators and the BOM, which some readers take for breaks or markers.
fn printable(c: char) -> bool {
    let n = c as u32;
    (0xA0..=0xD7FF).contains(&n) && !matches!(n, 0x2028 | 0x2029)
        || (0xE000..=0xFFFD).contains(&n) && n != 0xFEFF
        || n >= 0x1_0000
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn blocks_nest_and_empty_ones_stay_inline() {
        let doc = Yaml::map([
            ("backend", Yaml::map([("name", Yaml::str("github"))])),
            ("flag", Yaml::Bool(true)),
            (
                "collections",
                Yaml::Seq(vec![
                    Yaml::map([
                        ("name", Yaml::str("a")),
                        ("fields", Yaml::Seq(vec![Yaml::str("x")])),
                    ]),
                    Yaml::str("b"),
                ]),
            ),
            ("empty", Yaml::Seq(vec![])),
            ("Clé à part", Yaml::Map(vec![])),
        ]);
        assert_eq!(
            document(&doc),
            "backend:\n  name: \"github\"\nflag: true\ncollections:\n  - name: \"a\"\n    fields:\n      - \"x\"\n  - \"b\"\nempty: []\n\"Clé à part\": {}\n"
        );
    }

    #[test]
    fn strings_that_yaml_would_misread_are_quoted() {
        assert_eq!(quote("yes"), "\"yes\"");
        assert_eq!(quote("2026-12-07"), "\"2026-12-07\"");
        assert_eq!(quote("a: b # c"), "\"a: b # c\"");
        assert_eq!(quote("l'\"été\"\\"), "\"l'\\\"été\\\"\\\\\"");
        assert_eq!(
            quote("a\u{2028}b\u{feff}\u{85}\u{7f}\u{0}"),
            "\"a\\u2028b\\uFEFF\\u0085\\u007F\\u0000\""
        );
        assert_eq!(quote("𝐛 👩‍👩‍👧 \u{a0}\u{202f}ﬁ"), "\"𝐛 👩‍👩‍👧 \u{a0}\u{202f}ﬁ\"");
        assert_eq!(quote("\u{fffe}\u{ffff}"), "\"\\uFFFE\\uFFFF\"");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the text, its quoted form reads back as the same text (JSON reads
        /// these escapes as YAML does) and holds only characters YAML prints as is.
        #[test]
        fn any_text_reads_back(s in any::<String>()) {
            let q = quote(&s);
            let back: String = serde_json::from_str(&q).unwrap();
            prop_assert_eq!(back, s);
            prop_assert!(q.chars().all(|c| (' '..='~').contains(&c) || printable(c)));
        }
    }
}
