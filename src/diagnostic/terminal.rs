//! Diagnostics as authors read them in a terminal: the place in words first
//! (`content/a.md, ligne 3, colonne 1 :`), the message, the line with a caret under the
//! culprit, the hint; French typography for French, nothing a terminal would obey.

use super::{Diagnostic, Severity, display_path};
use crate::lang::Lang;

const RESET: &str = "\u{1b}[0m";

/// Every diagnostic, each followed by a blank line.
pub fn render_human(diags: &[Diagnostic], lang: Lang, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\u{1b}[{code}m{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let colon = lang.pick("\u{a0}:", ":");
    let mut out = String::new();
    for d in diags {
        let (name, code) = match d.severity {
            Severity::Error => (lang.pick("erreur", "error"), "1;31"),
            Severity::Warning => (lang.pick("avertissement", "warning"), "1;33"),
            Severity::Note => ("note".to_string(), "1;36"),
        };
        if let Some(place) = place(d, lang) {
            out.push_str(&paint("1", &format!("{place}{colon}")));
            out.push('\n');
        }
        let message = typeset(&shown(&d.message), lang);
        out.push_str(&format!("{}{colon} {message}\n", paint(code, &name)));
        if let Some(ex) = &d.excerpt {
            let before = ex.text.get(..ex.span.start).unwrap_or("");
            let culprit = ex.text.get(ex.span.clone()).unwrap_or("");
            let marks = "^".repeat(width(culprit).max(1));
            let label = d.label.as_deref().map(|l| typeset(&shown(l), lang));
            let under = match label {
                Some(l) => format!("{marks} {l}"),
                None => marks,
            };
            out.push_str(&format!("    {}\n", shown(&ex.text)));
            out.push_str(&format!(
                "    {}{}\n",
                " ".repeat(width(before)),
                paint(code, &under)
            ));
        }
        if let Some(hint) = &d.hint {
            let hint = typeset(&shown(hint), lang);
            let name = lang.pick("conseil", "hint");
            out.push_str(&format!("  {}{colon} {hint}\n", paint("1;32", &name)));
        }
        out.push('\n');
    }
    out
}

/// `content/a.md, ligne 3, colonne 1`, or the file alone, or nothing.
fn place(d: &Diagnostic, lang: Lang) -> Option<String> {
    let file = shown(&display_path(d.file.as_deref()?));
    Some(match d.line {
        0 => file,
        l => lang.pick(
            format!("{file}, ligne {l}, colonne {}", d.column),
            format!("{file}, line {l}, column {}", d.column),
        ),
    })
}

/// `text` as a terminal should show it: a tab as four spaces, and every character a
/// terminal would obey rather than show (controls, escapes, direction overrides) as
/// `�`, so that a file cannot move the cursor, colour the screen or reorder the line.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if c.is_control() || is_direction(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn is_direction(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// French typography: a no-break space before `:` `;` `!` `?` and inside « », where a
/// plain space stands; English is left as it is.
pub fn typeset(text: &str, lang: Lang) -> String {
    if lang != Lang::Fr {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            (' ', Some(':' | ';' | '!' | '?' | '»')) => out.push('\u{a0}'),
            ('«', Some(' ')) => {
                chars.next();
                out.push_str("«\u{a0}");
            }
            (c, _) => out.push(c),
        }
    }
    out
}

/// Columns `text` takes on a terminal, near enough to put a caret under a character:
/// combining marks and joiners take none, East Asian wide characters and emoji two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x0300..=0x036F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x200B..=0x200D
            | 0x20D0..=0x20FF
            | 0xFE00..=0xFE0F
            | 0xFE20..=0xFE2F
            | 0xE0100..=0xE01EF => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ if c == '\t' => 4,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileSpan;

    #[test]
    fn the_place_comes_first_in_words_then_the_line_and_a_caret() {
        let src = "+++\ntagz = [\"a\"]\n+++\n";
        let d = Diagnostic::error("champ inconnu : `tagz`")
            .in_file("content/a.md")
            .at(src, FileSpan::new(4, 8))
            .label("vouliez-vous dire « tags » ?")
            .hint("les champs possibles sont ...");
        let out = render_human(std::slice::from_ref(&d), Lang::Fr, false);
        assert_eq!(
            out,
            "content/a.md, ligne 2, colonne 1\u{a0}:\n\
             erreur\u{a0}: champ inconnu\u{a0}: `tagz`\n    \
             tagz = [\"a\"]\n    \
             ^^^^ vouliez-vous dire «\u{a0}tags\u{a0}»\u{a0}?\n  \
             conseil\u{a0}: les champs possibles sont ...\n\n"
        );
        let out = render_human(&[d], Lang::En, false);
        assert!(
            out.starts_with("content/a.md, line 2, column 1:\nerror: champ"),
            "{out}"
        );
        assert!(!out.contains("-->") && !out.contains(" | "), "{out}");
        let d = Diagnostic::warning("w").in_file("fiches.toml");
        assert_eq!(
            render_human(&[d], Lang::Fr, false),
            "fiches.toml\u{a0}:\navertissement\u{a0}: w\n\n"
        );
    }

    #[test]
    fn a_line_cannot_drive_the_terminal_and_the_caret_stays_under_its_culprit() {
        let src = "\u{1b}[2J\t语言é\u{301}\u{202e}👩\u{200d}👧 [x](y)\n";
        let at = src.find("[x]").unwrap();
        let d = Diagnostic::error("x\u{1b}]0;t\u{7}")
            .in_file("a\u{1b}.md")
            .at(src, FileSpan::new(at, at + 6))
            .hint("h\u{9b}");
        let out = render_human(&[d], Lang::En, false);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
        let lines: Vec<&str> = out.lines().collect();
        let caret = lines[3].find('^').unwrap();
        let culprit = lines[2].find("[x]").unwrap();
        assert_eq!(
            width(&lines[3][..caret]),
            width(&lines[2][..culprit]),
            "{out}"
        );
        assert_eq!(lines[3].trim(), "^^^^^^", "{out}");
    }

    #[test]
    fn typography_touches_french_spaces_only() {
        assert_eq!(
            typeset("a : b ; « c » ! d ? https://x e:f", Lang::Fr),
            "a\u{a0}: b\u{a0}; «\u{a0}c\u{a0}»\u{a0}! d\u{a0}? https://x e:f"
        );
        assert_eq!(typeset("a : b", Lang::En), "a : b");
    }
}
