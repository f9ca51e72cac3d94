//! Text made fit for XML and HTML: markup escaped, and the characters XML 1.0 forbids
//! (and HTML reads as parse errors) taken out. Every XML and HTML writer goes through
//! here: the templates' formatter (see `theme`), the badges, the players, the sitemap.

use std::fmt;

/// Whether `c` may not appear in an XML 1.0 document, or is a parse error in HTML:
/// the C0 controls but tab, line feed and carriage return (U+000B is Word's manual
/// line break, and the contribution form writes it), DEL and the C1 controls, and
/// the noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and their kin in every plane).
pub fn unfit(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => true,
        c => u32::from(c) & 0xfffe == 0xfffe,
    }
}

/// What takes the place of an unfit character: a space for those that break a line
/// (vertical tab, form feed, next line), so that words stay apart; nothing for the others.
pub fn replacement(c: char) -> &'static str {
    match c {
        '\u{b}' | '\u{c}' | '\u{85}' => " ",
        _ => "",
    }
}

/// Writes `s` into `out` without its unfit characters, and with `& < > " '`
/// escaped when `markup` (text or an attribute's value); without `markup`, `s` is
/// markup already (a fiche's HTML) and only loses its unfit characters.
pub fn write<W: fmt::Write + ?Sized>(out: &mut W, s: &str, markup: bool) -> fmt::Result {
    let into = if markup {
        Context::Value
    } else {
        Context::Markup
    };
    write_into(out, s, into)
}

/// Where a text goes, which says what must be escaped in it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Anywhere, an attribute's value included: `& < > " '`.
    Value,
    /// Between tags only: `& < >`; quotes stay as they are typed.
    Element,
    /// Markup already: nothing.
    Markup,
}

fn write_into<W: fmt::Write + ?Sized>(out: &mut W, s: &str, into: Context) -> fmt::Result {
    let markup = into != Context::Markup;
    let quotes = into == Context::Value;
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Only ASCII and the lead bytes of U+0080–U+00BF, U+F000–U+FFFF and the
        // astral planes can start a character to replace: the rest is skipped unread.
        let (rep, len) = match b {
            b'&' if markup => ("&amp;", 1),
            b'<' if markup => ("&lt;", 1),
            b'>' if markup => ("&gt;", 1),
            b'"' if quotes => ("&quot;", 1),
            b'\'' if quotes => ("&#39;", 1),
            0xc2 | 0xef | 0xf0..=0xf4 | 0..=0x1f | 0x7f => {
                match s.get(i..).and_then(|r| r.chars().next()) {
                    Some(c) if unfit(c) => (replacement(c), c.len_utf8()),
                    _ => {
                        i += 1;
                        continue;
                    }
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_str(&s[last..i])?;
        out.write_str(rep)?;
        i += len;
        last = i;
    }
    out.write_str(&s[last..])
}

/// `s` as XML or HTML text or attribute value: escaped, its unfit characters out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = write(&mut out, s, true);
    out
}

/// `s` as the text of an element, never of an attribute: [`escape`] with the
/// quotes left as they are typed (a page read as its source stays readable).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = write_into(&mut out, s, Context::Element);
    out
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` (a `</script>`,
/// a `<!--` then `<script` would make the HTML parser run past the element) and the
/// two line separators written as `\uXXXX` escapes, which only strings can hold, so
/// that `JSON.parse` reads the same value.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_text_of_an_element_keeps_its_quotes() {
        assert_eq!(
            escape_text("l'« atelier » \"<b>\" & co\u{0}\u{b}ﬁ"),
            "l'« atelier » \"&lt;b&gt;\" &amp; co ﬁ"
        );
    }

    #[test]
    fn markup_is_escaped_and_controls_go() {
        assert_eq!(
            escape("a\u{b}b & <c> \"d\" 'e'\u{0}\u{fffe}"),
            "a b &amp; &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
        let mut html = String::new();
        write(&mut html, "<p>a\u{c}b</p>\u{1f}ﬁ 𝐛 « » é\u{a0}", false).unwrap();
        assert_eq!(html, "<p>a b</p>ﬁ 𝐛 « » é\u{a0}");
        for c in [
            '\t', '\n', '\r', '\u{a0}', '\u{202f}', '\u{2028}', '\u{fffd}', '😀',
        ] {
            assert!(!unfit(c), "{c:?}");
        }
        for c in [
            '\u{0}', '\u{8}', '\u{b}', '\u{7f}', '\u{85}', '\u{fdd0}', '\u{ffff}',
        ] {
            assert!(unfit(c), "{c:?}");
        }
        assert!(unfit('\u{1fffe}') && unfit('\u{10ffff}') && !unfit('\u{1fffd}'));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the text, an XML parser reads it back, as text and as an
        /// attribute, with only its unfit characters changed.
        #[test]
        fn any_text_parses_back(s in any::<String>()) {
            let e = escape(&s);
            let doc = format!("<a b=\"{e}\" c='{e}'>{e}</a>");
            let parsed = roxmltree::Document::parse(&doc);
            prop_assert!(parsed.is_ok(), "{:?} → {:?}", s, parsed.err());
            let parsed = parsed.unwrap();
            let root = parsed.root_element();
            let expected: String = s
                .chars()
                .map(|c| if unfit(c) { replacement(c).to_string() } else { c.to_string() })
                .collect::<String>()
                // XML reads a line break as \n (and \t, \n, \r in an attribute as a space).
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            prop_assert_eq!(root.text().unwrap_or(""), expected.as_str());
            let in_attribute = expected.replace(['\n', '\t'], " ");
            prop_assert_eq!(root.attribute("b"), Some(in_attribute.as_str()));
            let mut markup = String::new();
            write(&mut markup, &s, false).unwrap();
            prop_assert_eq!(markup.chars().filter(|c| unfit(*c)).count(), 0);
        }
    }
}
