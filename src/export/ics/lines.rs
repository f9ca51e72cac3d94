//! iCalendar's text rules (RFC 5545, 3.1 and 3.3.11): a TEXT value escaped, a
//! content line folded at 75 octets without cutting a UTF-8 character, CRLF ends.

/// The longest a physical line may be, in octets, its CRLF not counted.
pub const MAX_OCTETS: usize = 75;

/// A TEXT value: `\`, `;` and `,` escaped, each line break (CRLF, CR or LF) written
/// `\n`; the other control characters, which TEXT may not hold, dropped (a tab
/// becomes a space).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends the content line `content` to `out`, folded: at most [`MAX_OCTETS`]
/// octets a line, each continuation after a CRLF and one space, a character never
/// cut; every line ends with CRLF.
pub fn push_line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        if used + c.len_utf8() > MAX_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The content lines of `folded` taken back apart: each continuation joined to the
/// line it continues (RFC 5545's unfolding, for tests and readers).
pub fn unfold(folded: &str) -> String {
    folded.replace("\r\n ", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_text_may_not_hold() {
        assert_eq!(text("a,b;c\\d"), "a\\,b\\;c\\\\d");
        assert_eq!(
            text("un\r\ndeux\rtrois\nquatre"),
            "un\\ndeux\\ntrois\\nquatre"
        );
        assert_eq!(text("a\u{7}b\tc\u{85}"), "ab c");
        assert_eq!(text("Salle « Jean Zay » 🎉"), "Salle « Jean Zay » 🎉");
    }

    #[test]
    fn folds_at_75_octets_without_cutting_a_character() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 2);
        // "SUMMARY:" is 8 octets, then 33 "é" of 2 octets: 74; a 34th would make 76.
        assert_eq!(lines[0].len(), 74);
        assert!(lines[1].starts_with(' '));
        assert_eq!(unfold(&out), format!("SUMMARY:{}\r\n", "é".repeat(60)));
        let mut short = String::new();
        push_line(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Any text, escaped and folded: no physical line past 75 octets, every line
        /// ends with CRLF and no CR or LF is left inside one, every continuation
        /// starts with a space, and unfolding gives back the line whole.
        #[test]
        fn any_text_folds_and_unfolds(s in "\\PC*|[\\s\\S]{0,400}", name in "[A-Z]{1,12}") {
            let content = format!("{name}:{}", text(&s));
            let mut out = String::new();
            push_line(&mut out, &content);
            proptest::prop_assert!(out.ends_with("\r\n"));
            for (i, line) in out.split_terminator("\r\n").enumerate() {
                proptest::prop_assert!(line.len() <= MAX_OCTETS, "{} octets", line.len());
                proptest::prop_assert!(!line.contains(['\r', '\n']));
                proptest::prop_assert!(i == 0 || line.starts_with(' '));
                proptest::prop_assert!(!line.chars().any(|c| c.is_control()));
            }
            proptest::prop_assert_eq!(unfold(&out), format!("{content}\r\n"));
        }
    }
}
