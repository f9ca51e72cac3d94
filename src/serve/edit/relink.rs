//! A single-file fiche that gets a cover photo moves into a folder of its own
//! (`a.md` → `a/index.md`): its links written relative to its file must then start
//! one folder up (`c.md` → `../c.md`) to lead where they led.

use std::collections::HashSet;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};

/// `body` with each relative link's destination (inline `[t](dest)` or a reference
/// definition `[ref]: dest`) starting one folder up. A link whose destination cannot
/// be found as written is left as it is; the check that follows reports it.
pub(super) fn one_folder_down(body: &str) -> String {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    let arena = Arena::new();
    let doc = parse_document(&arena, body, &options);
    let starts = line_starts(body);
    let offset = |line: usize, column: usize| {
        starts
            .get(line.saturating_sub(1))
            .map(|s| s + column.saturating_sub(1))
    };
    // Byte offsets in `body` where `../` goes.
    let mut inserts: Vec<usize> = Vec::new();
    let mut by_reference: HashSet<String> = HashSet::new();
    let mut code: Vec<(usize, usize)> = Vec::new();
    for node in doc.descendants() {
        let data = node.data();
        let (a, b) = (data.sourcepos.start, data.sourcepos.end);
        let span = offset(a.line, a.column).zip(offset(b.line, b.column + 1));
        match &data.value {
            NodeValue::Link(link) | NodeValue::Image(link) if relative(&link.url) => {
                let Some((from, to)) = span else { continue };
                match body
                    .get(from..to.min(body.len()))
                    .and_then(|s| inline(s, &link.url))
                {
                    Some(at) => inserts.push(from + at),
                    None => {
                        by_reference.insert(link.url.clone());
                    }
                }
            }
            NodeValue::CodeBlock(_) | NodeValue::HtmlBlock(_) => {
                if let Some(span) = span {
                    code.push(span);
                }
            }
            _ => {}
        }
    }
    // Reference definitions are not nodes: found by their lines, outside code blocks.
    if !by_reference.is_empty() {
        // Both in order: code blocks come in the order of the text.
        code.sort_unstable();
        let mut blocks = code.iter().peekable();
        for (line, &start) in starts.iter().enumerate() {
            while blocks.next_if(|(_, end)| *end <= start).is_some() {}
            let in_code = blocks.peek().is_some_and(|(a, _)| *a <= start);
            let end = starts.get(line + 1).copied().unwrap_or(body.len());
            if let (false, Some(text)) = (in_code, body.get(start..end))
                && let Some(at) = definition(text)
                && let Some(dest) = text[at..].split([' ', '\t', '\r', '\n', '>']).next()
                && by_reference.contains(dest)
            {
                inserts.push(start + at);
            }
        }
    }
    inserts.sort_unstable();
    inserts.dedup();
    let mut out = String::with_capacity(body.len() + 3 * inserts.len());
    let mut copied = 0;
    for at in inserts {
        if let Some(part) = body.get(copied..at) {
            out.push_str(part);
            out.push_str("../");
            copied = at;
        }
    }
    out.push_str(body.get(copied..).unwrap_or(""));
    out
}

/// Where each line starts, in bytes.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// Whether a link leads to a file of the site by a path from the fiche's folder (not
/// another site, an address, an anchor or a path from the site's root).
fn relative(url: &str) -> bool {
    if url.is_empty() || url.starts_with(['#', '/', '?']) {
        return false;
    }
    let scheme = url.find(':');
    let first = url.find(['/', '?', '#']);
    scheme.is_none_or(|c| first.is_some_and(|s| c >= s))
}

/// Where `url` is written as the destination of the inline link `text`: after the last
/// `](` (spaces and a `<` allowed) that it follows as written.
fn inline(text: &str, url: &str) -> Option<usize> {
    text.rmatch_indices("](")
        .map(|(i, _)| i + 2)
        .find_map(|at| {
            let rest = &text[at..];
            let skipped = rest.len() - rest.trim_start().len();
            let rest = &rest[skipped..];
            let angle = usize::from(rest.starts_with('<'));
            let after = rest[angle..].strip_prefix(url)?;
            after
                .starts_with([')', ' ', '\t', '\n', '\r', '>'])
                .then_some(at + skipped + angle)
        })
}

/// Where the destination of a reference definition line (`[ref]: dest`) starts.
fn definition(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.get(indent..)?.strip_prefix('[')?;
    if indent > 3 || rest.starts_with('^') {
        return None;
    }
    let close = rest.find("]:")?;
    let after = &rest[close + 2..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    let angle = usize::from(after[spaces..].starts_with('<'));
    Some(indent + 1 + close + 2 + spaces + angle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_start_one_folder_up() {
        let body = "Voir [c](c.md), [le plan](<autre/plan v2.pdf> \"titre\"), ![photo](b/p.jpg).\n\n\
                    [site](https://exemple.org) [haut](#a) [racine](/plan.pdf) [m](mailto:x@y.z)\n\n\
                    Un [renvoi][r] et [[crochets]](d.md).\n\n[r]: e.md\n\n```\n[r]: e.md\n[x](f.md)\n```\n";
        let out = one_folder_down(body);
        assert_eq!(
            out,
            "Voir [c](../c.md), [le plan](<../autre/plan v2.pdf> \"titre\"), ![photo](../b/p.jpg).\n\n\
             [site](https://exemple.org) [haut](#a) [racine](/plan.pdf) [m](mailto:x@y.z)\n\n\
             Un [renvoi][r] et [[crochets]](../d.md).\n\n[r]: ../e.md\n\n```\n[r]: e.md\n[x](f.md)\n```\n"
        );
    }

    #[test]
    fn hostile_text_is_kept_whole() {
        for body in [
            "",
            "](",
            "[a](é",
            "[é](ﬁ.md) 𝐛𝐨𝐥𝐝 [x](👩‍👩‍👧.md)\r\n[y]: \u{0}.md\n",
            "[a](<b.md>)",
        ] {
            let out = one_folder_down(body);
            assert_eq!(out.replace("../", ""), body, "{body:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Whatever the text, nothing is lost: only `../` is added, before relative links.
        #[test]
        fn only_a_folder_up_is_ever_added(
            body in "([\\[\\]()<>:/.#! \n\r\t`~*^-]|[a-z]|\\PC|\u{0}|\u{a0}|\u{202f}|ﬁ|𝐛|👩\u{200d}👧){0,80}"
        ) {
            let out = one_folder_down(&body);
            proptest::prop_assert_eq!((out.len() - body.len()) % 3, 0);
            let mut rest = out.as_str();
            for c in body.chars() {
                let at = rest.find(c);
                proptest::prop_assert!(at.is_some(), "{:?} lost from {:?}", c, out);
                rest = &rest[at.unwrap_or(0) + c.len_utf8()..];
            }
        }
    }
}
