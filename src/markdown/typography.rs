//! French typography in a fiche's rendered text: the space an author typed before
//! `:` `;` `!` `?` `»` and after `«` becomes a no-break space, so that a line never
//! starts with the sign or leaves `«` alone at its end. Only spaces change, only in the
//! text: never inside a tag (addresses, attributes), nor in code, preformatted text,
//! scripts or styles. No space is ever added (`10:30`, `https://` stay as they are).

const NBSP: char = '\u{a0}';

/// Elements whose text is left exactly as written.
const VERBATIM: [&str; 7] = ["code", "pre", "kbd", "samp", "script", "style", "textarea"];

/// `html` with French no-break spaces in its text; one pass, copied only when a space
/// changes.
pub(super) fn french(html: String) -> String {
    if !html.contains([':', ';', '!', '?', '»', '«']) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 16);
    // How many verbatim elements are open around the current text.
    let mut verbatim = 0usize;
    let mut rest = html.as_str();
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = tag_end(rest);
            let tag = &rest[..end];
            verbatim = match tag_name(tag) {
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
            out.push_str(tag);
            rest = &rest[end..];
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

/// Where the tag that starts `s` (at its `<`) ends: after its `>`, quotes respected;
/// the whole of `s` when it is never closed.
fn tag_end(s: &str) -> usize {
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

    /// Text as the renderer writes it: markup characters escaped.
    fn escaped(s: &str) -> String {
        crate::escape::escape(s)
    }

    proptest! {
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
