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

/// Bytes looked at together: a run of them that holds nothing to replace is skipped
/// in one test, which the compiler makes a few vector instructions (a fiche's body,
/// most of what a page prints, is long and mostly plain).
const LANES: usize = 16;

/// Whether byte `b`, followed by `next`, may start something to replace: ASCII markup
/// or a control but tab, line feed and carriage return, or the lead byte of U+0080–U+009F
/// (`C2` before `80`–`9F`; the no-break space and the guillemets, `C2 A0`, `C2 AB`,
/// `C2 BB`, are in every line of a French page), U+F000–U+FFFF or an astral
/// character (the only ones that hold unfit characters). The rest is skipped unread.
#[inline(always)]
fn suspect(b: u8, next: u8, markup: bool, quotes: bool) -> bool {
    ((b < 0x20) & (b != b'\n') & (b != b'\t') & (b != b'\r'))
        | (b == 0x7f)
        | ((b == 0xc2) & (next < 0xa0))
        | (b == 0xef)
        | (b >= 0xf0)
        | (markup & ((b == b'&') | (b == b'<') | (b == b'>')))
        | (quotes & ((b == b'"') | (b == b'\'')))
}

/// Whether no byte of the run `window[..LANES]` is [`suspect`] (the last byte of
/// `window` is the one after the run): no early exit, so that it vectorises.
#[inline(always)]
fn plain(window: &[u8; LANES + 1], markup: bool, quotes: bool) -> bool {
    let mut hit = false;
    for k in 0..LANES {
        hit |= suspect(window[k], window[k + 1], markup, quotes);
    }
    !hit
}

fn write_into<W: fmt::Write + ?Sized>(out: &mut W, s: &str, into: Context) -> fmt::Result {
    let markup = into != Context::Markup;
    let quotes = into == Context::Value;
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        while let Some(window) = bytes
            .get(i..i + LANES + 1)
            .and_then(|r| <&[u8; LANES + 1]>::try_from(r).ok())
            && plain(window, markup, quotes)
        {
            i += LANES;
        }
        // Byte by byte to the end of the run that holds a suspect byte (or of `s`).
        let end = (i + LANES).min(bytes.len());
        while i < end {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            if !suspect(b, next, markup, quotes) {
                i += 1;
                continue;
            }
            let (rep, len) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                b'\'' => ("&#39;", 1),
                _ => match s.get(i..).and_then(|r| r.chars().next()) {
                    Some(c) if unfit(c) => (replacement(c), c.len_utf8()),
                    _ => {
                        i += 1;
                        continue;
                    }
                },
            };
            out.write_str(&s[last..i])?;
            out.write_str(rep)?;
            i += len;
            last = i;
        }
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

    /// What [`write_into`] must give, a character at a time.
    fn reference(s: &str, into: Context) -> String {
        s.chars()
            .map(|c| match c {
                '&' if into != Context::Markup => "&amp;".to_string(),
                '<' if into != Context::Markup => "&lt;".to_string(),
                '>' if into != Context::Markup => "&gt;".to_string(),
                '"' if into == Context::Value => "&quot;".to_string(),
                '\'' if into == Context::Value => "&#39;".to_string(),
                c if unfit(c) => replacement(c).to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_suspect_byte_at_every_place_of_a_run() {
        // Each character to replace (or to keep, though its lead byte is suspect) at
        // every offset of a long plain text, across the runs the scan skips whole.
        let plain = "Une fiche sur l'atelier, assez longue pour plusieurs passages.";
        let odds =
            "&<>\"'\u{0}\u{b}\u{7f}\u{80}\u{85}\u{9f}\u{a0}«»\u{fdd0}\u{fffe}ﬁ😀\u{1fffe}\t\r\n";
        for odd in odds.chars() {
            for at in 0..40 {
                let s = format!("{}{odd}{}", &plain[..at], &plain[at..]);
                for into in [Context::Value, Context::Element, Context::Markup] {
                    let mut out = String::new();
                    write_into(&mut out, &s, into).unwrap();
                    assert_eq!(out, reference(&s, into), "{odd:?} at {at}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Long texts of any characters, plain runs among them: the same as the
        /// reference in every context.
        #[test]
        fn long_texts_match_the_reference(
            parts in proptest::collection::vec(
                (any::<String>(), 0usize..40),
                0..12,
            )
        ) {
            let filler = "abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJ";
            let s: String = parts
                .iter()
                .map(|(odd, n)| format!("{odd}{}", &filler[..*n]))
                .collect();
            for into in [Context::Value, Context::Element, Context::Markup] {
                let mut out = String::new();
                write_into(&mut out, &s, into).unwrap();
                prop_assert_eq!(out, reference(&s, into));
            }
        }

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
