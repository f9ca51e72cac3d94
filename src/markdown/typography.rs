//! French typography in rendered text (a fiche's body, then every HTML page of a
//! French site, so that titles, summaries and testimonies get it too): the space
//! typed before `:` `;` `!` `?` `»` and after `«` becomes a no-break space, so that a
//! line never starts with the sign or leaves `«` alone at its end; the straight
//! apostrophe typed on a keyboard (`l'action`, `aujourd'hui`, escaped `&#39;` by the
//! templates) becomes the typographic one (`l’action`), or an opening `‘` before a
//! word that follows no letter (`'mot'` → `‘mot’`). Only these change, only in the
//! text: never inside a tag (addresses, attributes), nor in code, preformatted text,
//! scripts or styles, nor in a word that is an address (`://`, `www.`, `@`). No space
//! is ever added (`10:30`, `https://` stay as they are).

const NBSP: &str = "\u{a0}";

/// Elements whose text is left exactly as written.
const VERBATIM: [&str; 7] = ["code", "pre", "kbd", "samp", "script", "style", "textarea"];

/// The straight apostrophe as a page may hold it: typed, or escaped by the templates
/// (minijinja writes `&#39;`, others `&#x27;`).
const APOSTROPHES: [&str; 3] = ["'", "&#39;", "&#x27;"];

/// `html` with French typography in its text, copied only when something changes.
/// The signs are found first (SIMD searches: most of a page has none), then only the
/// tags before the last of them are walked: a pass pushing every character one by
/// one took a twentieth of a build's CPU.
pub fn french(html: String) -> String {
    let found = candidates(html.as_bytes());
    if found.is_empty() {
        return html;
    }
    let mut text = Text::new(&html);
    let mut words = Word::default();
    let mut out = String::new();
    // `html[copied..]` is not in `out` yet.
    let mut copied = 0;
    for c in found {
        // Inside a tag (an attribute's value), or verbatim text: as written.
        if !text.holds(c.at) {
            continue;
        }
        let rep = match c.kind {
            Kind::Space => NBSP,
            Kind::Apostrophe => match apostrophe(&html, c, text.before(c.at), &mut words) {
                Some(rep) => rep,
                None => continue,
            },
        };
        if out.is_empty() {
            out.reserve(html.len() + 16);
        }
        out.push_str(&html[copied..c.at]);
        out.push_str(rep);
        copied = c.at + c.len;
    }
    if copied == 0 {
        return html;
    }
    out.push_str(&html[copied..]);
    out
}

/// `text` (plain, not HTML) with its straight apostrophes made typographic as
/// [`french`] makes a page's: for the texts a script shows (the contribution form's
/// data), which the pass over the page leaves as written.
pub fn apostrophes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\'') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = Word {
        plain: true,
        ..Word::default()
    };
    let mut prev = None;
    for (i, c) in text.char_indices() {
        let next = || text[i + 1..].chars().next();
        match c {
            '\'' if word.is_address(text.as_bytes(), i) => out.push(c),
            '\'' if prev.is_some_and(letter) => out.push('’'),
            '\'' if next().is_some_and(letter) => out.push('‘'),
            _ => out.push(c),
        }
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

/// What a place found by [`candidates`] may become.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Space,
    Apostrophe,
}

/// A place the pass may change: `html[at..at + len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    at: usize,
    len: usize,
    kind: Kind,
}

/// The places of `b` that may change wherever they are (text, tag or code), in order:
/// a space after `«` (`C2 AB`; `C2` always starts a character) or before `:` `;` `!`
/// `?` `»` (`C2 BB`), and each straight apostrophe. A sign and its space are never
/// on two sides of a tag's `<` or `>`, so whether the space is in the text tells
/// whether the pair is.
fn candidates(b: &[u8]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let space = |at| Candidate {
        at,
        len: 1,
        kind: Kind::Space,
    };
    let signs =
        memchr::memchr3_iter(b':', b';', b'!', b).chain(memchr::memchr2_iter(b'?', 0xC2, b));
    for q in signs {
        let before = q.checked_sub(1).filter(|&p| b[p] == b' ');
        match (b[q], b.get(q + 1)) {
            (0xC2, Some(0xAB)) if b.get(q + 2) == Some(&b' ') => out.push(space(q + 2)),
            (0xC2, Some(0xBB)) | (b':' | b';' | b'!' | b'?', _) => out.extend(before.map(space)),
            _ => {}
        }
    }
    for form in APOSTROPHES {
        let len = form.len();
        let kind = Kind::Apostrophe;
        out.extend(memchr::memmem::find_iter(b, form).map(|at| Candidate { at, len, kind }));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The text of a page walked forward, tag by tag, as far as the places asked of it.
struct Text<'a> {
    html: &'a str,
    /// How many verbatim elements are open around the text `at..end`, which ends
    /// at the next tag.
    verbatim: usize,
    at: usize,
    end: usize,
    /// The last character of text before `at`, tags skipped.
    before: Option<char>,
}

impl<'a> Text<'a> {
    fn new(html: &'a str) -> Self {
        let end = memchr::memchr(b'<', html.as_bytes()).unwrap_or(html.len());
        Text {
            html,
            verbatim: 0,
            at: 0,
            end,
            before: None,
        }
    }

    /// Whether byte `p` (never before one asked already) is in the text, outside
    /// verbatim elements.
    fn holds(&mut self, p: usize) -> bool {
        let b = self.html.as_bytes();
        while p >= self.end && self.end < b.len() {
            if self.end > self.at {
                self.before = self.html[self.at..self.end].chars().next_back();
            }
            let tag = &self.html[self.end..self.end + tag_end(&self.html[self.end..])];
            self.verbatim = match tag_name(tag).filter(|_| may_be_verbatim(tag)) {
                Some((name, closing)) if VERBATIM.iter().any(|v| v.eq_ignore_ascii_case(name)) => {
                    if closing {
                        self.verbatim.saturating_sub(1)
                    } else if tag.ends_with("/>") {
                        self.verbatim
                    } else {
                        self.verbatim + 1
                    }
                }
                _ => self.verbatim,
            };
            self.at = self.end + tag.len();
            self.end = match memchr::memchr(b'<', b.get(self.at..).unwrap_or_default()) {
                Some(k) => self.at + k,
                None => b.len(),
            };
        }
        !(p < self.at || p >= self.end || self.verbatim > 0)
    }

    /// The character of text before byte `p` of the text `holds` last walked to.
    fn before(&self, p: usize) -> Option<char> {
        if p > self.at {
            self.html[..p].chars().next_back()
        } else {
            self.before
        }
    }
}

/// What the apostrophe `c` becomes: `’` after a letter or a digit (`l’action`, `1’000`),
/// `‘` before one (`‘mot’`), nothing alone or in an address.
fn apostrophe(
    html: &str,
    c: Candidate,
    before: Option<char>,
    word: &mut Word,
) -> Option<&'static str> {
    if word.is_address(html.as_bytes(), c.at) {
        return None;
    }
    if before.is_some_and(letter) {
        return Some("’");
    }
    let next = html[c.at + c.len..].chars().next();
    next.is_some_and(letter).then_some("‘")
}

/// A letter or digit, or a combining accent (a decomposed `é`).
fn letter(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The run of text without a space or a tag around the last place asked, and whether it
/// is an address: asked in order, each run is read once, however many apostrophes it holds.
#[derive(Default)]
struct Word {
    start: usize,
    end: usize,
    address: bool,
    /// Plain text, where `<` and `>` are text (a page's text holds them escaped).
    plain: bool,
}

impl Word {
    fn is_address(&mut self, b: &[u8], p: usize) -> bool {
        if !(self.start..self.end).contains(&p) {
            let plain = self.plain;
            let stop = |x: &u8| match x {
                b' ' | b'\n' | b'\t' | b'\r' => true,
                b'<' | b'>' => !plain,
                _ => false,
            };
            self.start = b[..p].iter().rposition(stop).map_or(0, |k| k + 1);
            self.end = b[p..].iter().position(stop).map_or(b.len(), |k| p + k);
            let w = &b[self.start..self.end];
            self.address = memchr::memmem::find(w, b"://").is_some()
                || memchr::memmem::find(w, b"www.").is_some()
                || w.contains(&b'@');
        }
        self.address
    }
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
    fn straight_apostrophes_become_typographic_ones_in_the_text_only() {
        // Typed in a body, escaped by a template, after a tag, before a word.
        assert_eq!(
            french(
                "<h1>L&#39;action d&#x27;aujourd'hui</h1><p><em>l</em>'atelier, 'mot' et 1'000</p>"
                    .into()
            ),
            "<h1>L’action d’aujourd’hui</h1><p><em>l</em>’atelier, ‘mot’ et 1’000</p>"
        );
        // Attributes, code, addresses and a lone sign stay as written.
        let kept = "<p title=\"l'a\"><a href=\"https://x.org/l'a\">https://x.org/l'a</a> <code>l'a</code> o'neil@x.fr www.x.org/l'a ' !</p>";
        assert_eq!(french(kept.into()), kept.replace(" !", "\u{a0}!"));
        // A decomposed accent before the sign is a letter's.
        assert_eq!(french("<p>e\u{301}'</p>".into()), "<p>e\u{301}’</p>");
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
        // The character before, in the same text (for `«`), and in any text before.
        let mut prev: Option<char> = None;
        let mut text_prev: Option<char> = None;
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
            if let Some(form) = APOSTROPHES.iter().find(|f| rest.starts_with(**f)) {
                let here = html.len() - rest.len();
                let next = rest[form.len()..].chars().next();
                let rep = if verbatim > 0 || model_address(html, here) {
                    form
                } else if text_prev.is_some_and(letter) {
                    "’"
                } else if next.is_some_and(letter) {
                    "‘"
                } else {
                    form
                };
                out.push_str(rep);
                prev = form.chars().next_back();
                text_prev = prev;
                rest = &rest[form.len()..];
                continue;
            }
            let next = rest[c.len_utf8()..].chars().next();
            let tie = c == ' '
                && verbatim == 0
                && (prev == Some('«')
                    || next.is_some_and(|n| matches!(n, ':' | ';' | '!' | '?' | '»')));
            if tie {
                out.push_str(NBSP);
            } else {
                out.push(c);
            }
            prev = Some(c);
            text_prev = prev;
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// Whether the run of text around byte `at` (to the spaces or tags around it) is
    /// an address, read again each time.
    fn model_address(html: &str, at: usize) -> bool {
        let stop = |c: char| matches!(c, ' ' | '\n' | '\t' | '\r' | '<' | '>');
        let start = html[..at].rfind(stop).map_or(0, |k| k + 1);
        let end = html[at..].find(stop).map_or(html.len(), |k| at + k);
        let w = &html[start..end];
        w.contains("://") || w.contains("www.") || w.contains('@')
    }

    /// Text as the renderer writes it: markup characters escaped.
    fn escaped(s: &str) -> String {
        crate::escape::escape(s)
    }

    /// A page's text as the browser reads it.
    fn unescaped(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
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
                Just("&#39;".to_string()), Just("&#x27;".to_string()), Just("l".to_string()), Just("é".to_string()),
                Just("\u{301}".to_string()), Just("://".to_string()), Just("@".to_string()), Just("www.".to_string()),
                Just("\n".to_string()), Just("&".to_string()),
                "\\PC{0,6}",
            ], 0..40),
        ) {
            let html = parts.concat();
            prop_assert_eq!(french(html.clone()), model(&html));
        }

        /// The form's texts get the apostrophes a page's text gets.
        #[test]
        fn plain_text_apostrophes_are_the_pages(
            parts in proptest::collection::vec(prop_oneof![
                Just("'"), Just("l"), Just("é"), Just(" "), Just("\u{301}"), Just("://"), Just("@"),
                Just("www."), Just("&"), Just("<"), Just(">"), Just("\""), Just("\u{a0}"), Just("🙂"),
                Just("\u{10348}"), Just("ש"), Just("\u{202e}"), Just("\u{7}"), Just("’"), Just(":"), Just("9"),
            ], 0..30),
            any_text in any::<String>(),
        ) {
            for t in [parts.concat(), format!("{any_text}'{}", parts.concat())] {
                let base = unescaped(&escaped(&t));
                let page = french(format!("<p>{}</p>", escaped(&t)));
                let shown = unescaped(&page[3..page.len() - 4]);
                let plain = apostrophes(&base);
                prop_assert_eq!(plain.chars().count(), shown.chars().count());
                for (a, b) in plain.chars().zip(shown.chars()) {
                    prop_assert!(a == b || (a == ' ' && b == '\u{a0}'), "{:?} / {:?}", plain, shown);
                }
            }
        }

        #[test]
        fn only_spaces_and_apostrophes_of_the_text_change(
            a in any::<String>(), b in any::<String>(), c in any::<String>(), d in any::<String>(),
            signs in proptest::collection::vec(prop_oneof![
                Just(" :"), Just(" ;"), Just(" !"), Just(" ?"), Just("« "), Just(" »"),
                Just("\u{a0}"), Just("\u{202f}"), Just("ﬁ"), Just("🙂"), Just("\u{10348}"),
                Just("\u{202e}"), Just("\u{7}"), Just("\u{200d}"), Just("ש"),
                Just("l'"), Just(" '"), Just("'"), Just("aujourd'hui"), Just("e\u{301}'"),
                Just("https://x.org/l'a"), Just("&#x27;"), Just("’"),
            ], 0..8),
        ) {
            let text = format!("{}{}{}", escaped(&a), signs.concat(), escaped(&d));
            let code = format!("{}{}", escaped(&b), signs.concat());
            let attr = format!("{}{}", escaped(&c), signs.concat());
            let html = format!("<p>{text}<a href=\"{attr}\">{text}</a><code>{code}</code></p><pre><code>{code}</code></pre>");
            let out = french(html.clone());
            // Only spaces became no-break spaces, and apostrophes (typed or escaped)
            // typographic ones.
            let straight = |s: &str| s.replace("&#39;", "'").replace("&#x27;", "'");
            let (before, after) = (straight(&html), straight(&out));
            prop_assert_eq!(after.chars().count(), before.chars().count());
            for (x, y) in before.chars().zip(after.chars()) {
                let changed = (x == ' ' && y == '\u{a0}') || (x == '\'' && matches!(y, '’' | '‘'));
                prop_assert!(x == y || changed, "{:?} became {:?}", x, y);
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
