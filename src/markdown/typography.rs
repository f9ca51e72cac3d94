//! French typography in rendered text (a fiche's body, then every HTML page of a
//! French site, so that titles, summaries and testimonies get it too): the space
//! typed before `:` `;` `!` `?` `»` and after `«` becomes a no-break space, so that a
//! line never starts with the sign or leaves `«` alone at its end. Only spaces change,
//! only in the text: never inside a tag (addresses, attributes), nor in code,
//! preformatted text, scripts or styles. No space is ever added (`10:30`, `https://` stay as they are).

const NBSP: char = '\u{a0}';

/// Elements whose text is left exactly as written.
const VERBATIM: [&str; 7] = ["code", "pre", "kbd", "samp", "script", "style", "textarea"];

/// `html` with French no-break spaces in its text, copied only when a space
/// changes. The signs are found first (SIMD searches: most of a page has none), then
/// only the tags before the last of them are walked: a pass pushing every character
/// one by one took a twentieth of a build's CPU.
pub fn french(html: String) -> String {
    let spaces = candidates(html.as_bytes());
    if spaces.is_empty() {
        return html;
    }
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 16);
    // `html[copied..]` is not in `out` yet.
    let mut copied = 0;
    // How many verbatim elements are open around the text `at..end`, which ends
    // at the next tag.
    let mut verbatim = 0usize;
    let mut at = 0;
    let next_tag = |from: usize| memchr::memchr(b'<', &b[from..]).map_or(b.len(), |k| from + k);
    let mut end = next_tag(0);
    for p in spaces {
        while p >= end && end < b.len() {
            let tag = &html[end..end + tag_end(&html[end..])];
            verbatim = match tag_name(tag).filter(|_| may_be_verbatim(tag)) {
                Some((name, closing)) if VERBATIM.iter().any(|v| v.eq_ignore_ascii_case(name)) => {
                    if closing {
                        verbatim.saturating_sub(1)
                    } else if tag.ends_with("/>") {
                        verbatim
                    } else {
                        verbatim + 1
                    }
                }
                _ => verbatim,
            };
            at = end + tag.len();
            end = if at < b.len() { next_tag(at) } else { b.len() };
        }
        // Inside a tag (an attribute's value), or verbatim text: as written.
        if p < at || p >= end || verbatim > 0 {
            continue;
        }
        out.push_str(&html[copied..p]);
        out.push(NBSP);
        copied = p + 1;
    }
    if copied == 0 {
        return html;
    }
    out.push_str(&html[copied..]);
    out
}

/// The spaces of `b` that tie wherever they are (text, tag or code), in order: a
/// space after `«` (`C2 AB`; `C2` always starts a character) or before `:` `;` `!`
/// `?` `»` (`C2 BB`). A sign and its space are never on two sides of a tag's `<` or
/// `>`, so whether the space is in the text tells whether the pair is.
fn candidates(b: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let signs =
        memchr::memchr3_iter(b':', b';', b'!', b).chain(memchr::memchr2_iter(b'?', 0xC2, b));
    for q in signs {
        let before = q.checked_sub(1).filter(|&p| b[p] == b' ');
        match (b[q], b.get(q + 1)) {
            (0xC2, Some(0xAB)) if b.get(q + 2) == Some(&b' ') => out.push(q + 2),
            (0xC2, Some(0xBB)) | (b':' | b';' | b'!' | b'?', _) => out.extend(before),
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Where the tag that starts `s` (at its `<`) ends: after its `>`, quotes respected;
/// the whole of `s` when it is never closed. Jumps from quote to quote (memchr): the
/// pass runs over every page of a French site, whose tags are most of its bytes.
fn tag_end(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 1.min(b.len());
    while let Some(k) = memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        let j = i + k;
        if b[j] == b'>' {
            return j + 1;
        }
        match memchr::memchr(b[j], &b[j + 1..]) {
            Some(m) => i = j + 1 + m + 1,
            None => return b.len(),
        }
    }
    b.len()
}

/// Whether `tag` may name a verbatim element: its name starts with a letter that
/// one of them starts with (most tags are then told at a glance).
fn may_be_verbatim(tag: &str) -> bool {
    let name = tag.as_bytes().get(1..).unwrap_or_default();
    let name = name.strip_prefix(b"/").unwrap_or(name);
    matches!(
        name.first(),
        Some(b'c' | b'C' | b'p' | b'P' | b'k' | b'K' | b's' | b'S' | b't' | b'T')
    )
}

/// The name of tag `tag` (`<pre class="x">`, `</code>`) and whether it closes.
fn tag_name(tag: &str) -> Option<(&str, bool)> {
    let inner = tag.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    (end > 0).then(|| (&inner[..end], closing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spaces_before_signs_and_inside_guillemets_do_not_break() {
        assert_eq!(
            french("<p>« Bonjour » : oui ; non ! Quoi ? 10:30 https://x.org</p>".into()),
            "<p>«\u{a0}Bonjour\u{a0}»\u{a0}: oui\u{a0}; non\u{a0}! Quoi\u{a0}? 10:30 https://x.org</p>"
        );
        // Across an emphasis: the space is in the text beside the sign.
        assert_eq!(
            french("<p>« <em>mot</em> » et <strong>gras</strong> :</p>".into()),
            "<p>«\u{a0}<em>mot</em>\u{a0}» et <strong>gras</strong>\u{a0}:</p>"
        );
    }

    #[test]
    fn code_tags_and_attributes_are_left_as_written() {
        let html = "<p><a href=\"?a= :b\" title='x ; y'>lien ?</a> <code>a ? b</code></p>\n<pre><code class=\"language-sh\">echo « x » ; ls\n</code></pre>\n<p>fin !</p>";
        assert_eq!(
            french(html.into()),
            "<p><a href=\"?a= :b\" title='x ; y'>lien\u{a0}?</a> <code>a ? b</code></p>\n<pre><code class=\"language-sh\">echo « x » ; ls\n</code></pre>\n<p>fin\u{a0}!</p>"
        );
        // An element that is never closed, a tag cut short: nothing is lost.
        assert_eq!(french("<p>a <b".into()), "<p>a <b");
        assert_eq!(french("<code>a ?".into()), "<code>a ?");
    }

    /// Where a tag ends, as first written (byte by byte, quotes respected).
    fn model_tag_end(s: &str) -> usize {
        let mut quote: Option<u8> = None;
        for (i, b) in s.bytes().enumerate().skip(1) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => return i + 1,
                None => {}
            }
        }
        s.len()
    }

    /// The pass as first written, character by character: what the byte pass
    /// must give on any input.
    fn model(html: &str) -> String {
        let mut out = String::new();
        let mut verbatim = 0usize;
        let mut rest = html;
        let mut prev: Option<char> = None;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                let tag = &rest[..model_tag_end(rest)];
                verbatim = match tag_name(tag) {
                    Some((name, closing))
                        if VERBATIM.iter().any(|v| v.eq_ignore_ascii_case(name)) =>
                    {
                        if closing {
                            verbatim.saturating_sub(1)
                        } else if tag.ends_with("/>") {
                            verbatim
                        } else {
                            verbatim + 1
                        }
                    }
                    _ => verbatim,
                };
                out.push_str(tag);
                rest = &rest[tag.len()..];
                prev = None;
                continue;
            }
            let next = rest[c.len_utf8()..].chars().next();
            let tie = c == ' '
                && verbatim == 0
                && (prev == Some('«')
                    || next.is_some_and(|n| matches!(n, ':' | ';' | '!' | '?' | '»')));
            out.push(if tie { NBSP } else { c });
            prev = Some(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// Text as the renderer writes it: markup characters escaped.
    fn escaped(s: &str) -> String {
        crate::escape::escape(s)
    }

    proptest! {
        /// Any text, hostile or cut short (tags never closed, quotes in tags, nested
        /// and uppercase verbatim elements, signs beside multi-byte characters), is
        /// changed exactly as the character-by-character pass changes it.
        #[test]
        fn the_byte_pass_is_the_character_pass(
            parts in proptest::collection::vec(prop_oneof![
                Just(" ".to_string()), Just(":".to_string()), Just(";".to_string()), Just("!".to_string()), Just("?".to_string()), Just("«".to_string()), Just("»".to_string()),
                Just("<p>".to_string()), Just("</p>".to_string()), Just("<code>".to_string()), Just("</CODE>".to_string()), Just("<pre ".to_string()),
                Just("<br/>".to_string()), Just("<script/>".to_string()), Just("<a title=\"x > y\">".to_string()), Just("'".to_string()),
                Just(">".to_string()), Just("<".to_string()), Just("\u{a0}".to_string()), Just("\u{202f}".to_string()), Just("🙂".to_string()),
                Just("\u{10348}".to_string()), Just("\u{202e}".to_string()), Just("\u{7}".to_string()), Just("ש".to_string()), Just("Â«".to_string()),
                Just("<TEXTAREA>".to_string()), Just("</textarea>".to_string()), Just("<table>".to_string()),
                Just("<kbd>".to_string()), Just("</samp>".to_string()), Just("<Pre>".to_string()), Just("</style >".to_string()),
                Just("<span title='a \" b'>".to_string()), Just("\"".to_string()), Just("</".to_string()),
                "\\PC{0,6}",
            ], 0..40),
        ) {
            let html = parts.concat();
            prop_assert_eq!(french(html.clone()), model(&html));
        }

        #[test]
        fn only_spaces_of_the_text_change(
            a in any::<String>(), b in any::<String>(), c in any::<String>(), d in any::<String>(),
            signs in proptest::collection::vec(prop_oneof![
                Just(" :"), Just(" ;"), Just(" !"), Just(" ?"), Just("« "), Just(" »"),
                Just("\u{a0}"), Just("\u{202f}"), Just("ﬁ"), Just("🙂"), Just("\u{10348}"),
                Just("\u{202e}"), Just("\u{7}"), Just("\u{200d}"), Just("ש"),
            ], 0..8),
        ) {
            let text = format!("{}{}{}", escaped(&a), signs.concat(), escaped(&d));
            let code = format!("{}{}", escaped(&b), signs.concat());
            let attr = format!("{}{}", escaped(&c), signs.concat());
            let html = format!("<p>{text}<a href=\"{attr}\">{text}</a><code>{code}</code></p><pre><code>{code}</code></pre>");
            let out = french(html.clone());
            // Only spaces became no-break spaces.
            prop_assert_eq!(out.chars().count(), html.chars().count());
            for (x, y) in html.chars().zip(out.chars()) {
                prop_assert!(x == y || (x == ' ' && y == NBSP));
            }
            // Code and attributes as written.
            let verbatim = format!("<a href=\"{attr}\">");
            prop_assert!(out.contains(&verbatim));
            let inline = format!("<code>{code}</code></p>");
            prop_assert!(out.contains(&inline));
            let block = format!("<pre><code>{code}</code></pre>");
            prop_assert!(out.ends_with(&block));
            // No space left before a sign in the text, and a second pass changes nothing.
            let first = &out[..out.find("<a ").unwrap_or(out.len())];
            for sign in [" :", " ;", " !", " ?", " »", "« "] {
                prop_assert!(!first.contains(sign), "{:?} in {:?}", sign, first);
            }
            prop_assert_eq!(french(out.clone()), out);
        }
    }
}
