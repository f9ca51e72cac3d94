//! The plain text of rendered HTML, for `fiches.json` and the search index: tags
//! dropped, character references decoded, one line per block, lines trimmed and
//! blank ones dropped. One pass over the bytes: it runs on every fiche's body.

/// Tags that end a line of text.
fn breaks_line(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"tr"
            | b"br"
            | b"blockquote"
            | b"pre"
            | b"section"
    )
}

/// The text being written: lines are trimmed as they are written, so that the
/// text is made in one pass.
struct Lines {
    out: String,
    /// Whether the line being written has a character that is not a space.
    started: bool,
    /// The last character the untrimmed text would have, and whether it has any.
    last: Option<char>,
}

impl Lines {
    /// Adds `s`, which holds no line break.
    fn push_str(&mut self, s: &str) {
        let Some(c) = s.chars().next_back() else {
            return;
        };
        self.last = Some(c);
        let s = if self.started { s } else { s.trim_start() };
        if s.is_empty() {
            return;
        }
        if !self.started && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.started = true;
        self.out.push_str(s);
    }

    fn push(&mut self, c: char) {
        if c == '\n' {
            self.last = Some(c);
            self.end_line();
        } else {
            self.push_str(c.encode_utf8(&mut [0; 4]));
        }
    }

    /// Ends the line: its trailing spaces are dropped.
    fn end_line(&mut self) {
        if self.started {
            let end = self.out.trim_end().len();
            self.out.truncate(end);
        }
        self.started = false;
    }

    /// Adds text that may hold line breaks.
    fn push_lines(&mut self, s: &str) {
        let mut start = 0;
        for at in memchr::memchr_iter(b'\n', s.as_bytes()) {
            self.push_str(&s[start..at]);
            self.push('\n');
            start = at + 1;
        }
        self.push_str(&s[start..]);
    }
}

/// The text of rendered HTML: tags dropped, entities decoded, one line per block.
pub fn html_to_text(html: &str) -> String {
    let mut text = Lines {
        out: String::with_capacity(html.len()),
        started: false,
        last: None,
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut run = 0;
    // Text runs are skipped at the speed of memory: only `<` and `&` stop it.
    while let Some(at) = memchr::memchr2(b'<', b'&', &bytes[i..]) {
        i += at;
        match bytes[i] {
            b'<' => {
                text.push_lines(&html[run..i]);
                let Some(gt) = memchr::memchr(b'>', &bytes[i..]) else {
                    return finish(text);
                };
                let tag = &bytes[i + 1..i + gt];
                let start = tag.iter().position(|&b| b != b'/').unwrap_or(tag.len());
                let tag = &tag[start..];
                let end = tag
                    .iter()
                    .position(|&b| matches!(b, b' ' | b'/' | b'\n'))
                    .unwrap_or(tag.len());
                let name = &tag[..end];
                if breaks_line(name) {
                    if text.last.is_some_and(|c| c != '\n') {
                        text.push('\n');
                    }
                } else if matches!(name, b"td" | b"th") && !matches!(text.last, Some('\n' | ' ')) {
                    text.push(' ');
                }
                i += gt + 1;
                run = i;
            }
            _ => {
                text.push_lines(&html[run..i]);
                match entity(&html[i..]) {
                    Some((c, len)) => {
                        text.push(c);
                        i += len;
                    }
                    None => {
                        text.push('&');
                        i += 1;
                    }
                }
                run = i;
            }
        }
    }
    text.push_lines(&html[run..]);
    finish(text)
}

/// The text of rendered HTML as a reader reads the prose: [`html_to_text`] without
/// the footnotes' calls and back-references, whose numbers would be glued to the
/// words they follow (« économique1 ? »); the notes' own text stays, a line each.
pub fn prose_text(html: &str) -> String {
    html_to_text(&without_note_marks(html))
}

/// `html` without comrak's footnote calls (`<sup class="footnote-ref">…</sup>`) and
/// back-references (`<a href="#fnref-…">↩…</a>`); copied only when it has some.
fn without_note_marks(html: &str) -> std::borrow::Cow<'_, str> {
    const CALL: (&str, &str) = ("<sup class=\"footnote-ref\">", "</sup>");
    const BACK: (&str, &str) = ("<a href=\"#fnref-", "</a>");
    let next = |(open, _): (&str, &str), from: usize| html[from..].find(open).map(|i| from + i);
    let (mut call, mut back) = (next(CALL, 0), next(BACK, 0));
    if call.is_none() && back.is_none() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    loop {
        // The nearer of the two; each anchor is looked for again only once passed,
        // so that the text is read once.
        let (at, (_, close)) = match (call, back) {
            (Some(c), Some(b)) if b < c => (b, BACK),
            (Some(c), _) => (c, CALL),
            (None, Some(b)) => (b, BACK),
            (None, None) => break,
        };
        out.push_str(&html[from..at]);
        from = html[at..]
            .find(close)
            .map_or(html.len(), |i| at + i + close.len());
        if call.is_some_and(|c| c < from) {
            call = next(CALL, from);
        }
        if back.is_some_and(|b| b < from) {
            back = next(BACK, from);
        }
    }
    out.push_str(&html[from..]);
    std::borrow::Cow::Owned(out)
}

fn finish(mut text: Lines) -> String {
    text.end_line();
    text.out
}

/// The character reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;`):
/// its character and its length, when it is one.
fn entity(s: &str) -> Option<(char, usize)> {
    // The longest reference read is 10 bytes before its `;`.
    let head = &s.as_bytes()[..s.len().min(11)];
    let e = head.iter().position(|&b| b == b';')?;
    let ent = s.get(1..e)?;
    let c = match ent {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let code = if let Some(hex) = ent.strip_prefix("#x").or(ent.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                ent.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code)?
        }
    };
    Some((c, e + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html() {
        let html = "<h2 id=\"a\">Titre<a href=\"#a\"></a></h2>\n<p>Un &amp; deux &lt;3 &#233;t&#xE9;</p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n<table><tr><td>a</td><td>b</td></tr></table>";
        assert_eq!(html_to_text(html), "Titre\nUn & deux <3 été\nun\ndeux\na b");
    }

    #[test]
    fn lines_are_trimmed_and_blank_ones_dropped() {
        let html = "<p>  un\n   deux  </p>\n\n<p>&nbsp;</p><p> trois&nbsp;</p>";
        assert_eq!(html_to_text(html), "un\ndeux\ntrois");
    }

    #[test]
    fn broken_markup_does_not_panic() {
        assert_eq!(html_to_text("a <b"), "a");
        assert_eq!(
            html_to_text("&;&&#xZZ;&toolongentityname;&#1114112;é&"),
            "&;&&#xZZ;&toolongentityname;&#1114112;é&"
        );
    }

    #[test]
    fn prose_leaves_out_the_footnotes_calls_and_back_references() {
        // As comrak writes them, a note called twice (its second back-reference
        // holds a <sup> of its own), and the French label markdown.rs gives.
        let html = "<p>Un modèle économique<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup> ? Oui<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" data-footnote-ref>1</a></sup>.</p>\n<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n<p>Voir le rapport. <a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref data-footnote-backref-idx=\"1\" aria-label=\"Retour à l'appel de note 1\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-backref\" aria-label=\"Retour à l'appel de note 1-2\">↩<sup class=\"footnote-ref\">2</sup></a></p>\n</li>\n</ol>\n</section>\n";
        assert_eq!(
            prose_text(html),
            "Un modèle économique ? Oui.\nVoir le rapport."
        );
        // Without notes: the text as html_to_text gives it, not copied.
        let plain = "<p>Un <sup>2</sup> et <a href=\"#fnrefx\">x</a></p>";
        assert!(matches!(
            without_note_marks(plain),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(prose_text(plain), html_to_text(plain));
        // Unclosed: the rest is dropped, nothing panics, on any boundary.
        assert_eq!(prose_text("<p>é<sup class=\"footnote-ref\">1 ça"), "é");
        assert_eq!(prose_text("<a href=\"#fnref-"), "");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any text around comrak's note marks, and pieces of them left unclosed:
        /// the prose is the text with each whole mark taken out, as a search by
        /// hand finds them; never a panic, whatever the characters (no-break
        /// spaces, emoji, astral letters, RTL marks, control characters).
        #[test]
        fn prose_is_the_text_without_each_whole_note_mark(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    "(\\PC|[\u{a0}\u{202f}\u{1f600}\u{10348}\u{202e}\u{7}\u{0}ש\n<>&;])*",
                    proptest::strategy::Just("<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup>".to_string()),
                    proptest::strategy::Just("<a href=\"#fnref-1\" class=\"footnote-backref\">↩<sup class=\"footnote-ref\">2</sup></a>".to_string()),
                    proptest::strategy::Just("<sup class=\"footnote-ref\">".to_string()),
                    proptest::strategy::Just("<a href=\"#fnref-".to_string()),
                    proptest::strategy::Just("</sup>".to_string()),
                    proptest::strategy::Just("</a>".to_string()),
                ],
                0..12,
            ),
        ) {
            let html: String = pieces.concat();
            // By hand: the nearer mark's start, then its end, again and again.
            let mut want = String::new();
            let mut rest = html.as_str();
            loop {
                let call = rest.find("<sup class=\"footnote-ref\">").map(|i| (i, "</sup>"));
                let back = rest.find("<a href=\"#fnref-").map(|i| (i, "</a>"));
                let Some((at, close)) = [call, back].into_iter().flatten().min() else {
                    want.push_str(rest);
                    break;
                };
                want.push_str(&rest[..at]);
                rest = rest[at..].find(close).map_or("", |i| &rest[at + i + close.len()..]);
            }
            proptest::prop_assert_eq!(prose_text(&html), html_to_text(&want));
        }
    }

    #[test]
    fn many_note_calls_stay_linear() {
        let call = "mot<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup> ";
        let html = call.repeat(50_000);
        assert_eq!(prose_text(&html), "mot ".repeat(50_000).trim_end());
    }

    #[test]
    fn many_ampersands_without_semicolon_stay_linear() {
        // Each `&` looks at most 11 bytes ahead for its `;`.
        let html = "&".repeat(200_000);
        assert_eq!(html_to_text(&html).len(), 200_000);
    }
}
