//! Warnings repeated across many files, told once for a build: the message, a few of
//! the files and how many more; `fiches check` still lists every one.

use std::collections::HashMap;
use std::path::Path;

use super::{Diagnostic, Severity, display_path, shell_word, terminal};
use crate::lang::Lang;

fn key(d: &Diagnostic) -> (&str, Option<&str>) {
    (d.message.as_str(), d.hint.as_deref())
}

/// More files than this with the same warning, and they are told as one group.
const GROUP_ABOVE: usize = 3;
/// Files named in a group.
const NAMED: usize = 3;

/// `diags` printed for a build: each warning given in more than [`GROUP_ABOVE`] files
/// with the same message and hint becomes one paragraph; the rest as usual.
pub fn render_grouped(diags: &[Diagnostic], lang: Lang, color: bool, site: &Path) -> String {
    let mut sizes: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Warning) {
        *sizes.entry(key(d)).or_default() += 1;
    }
    let grouped = |d: &Diagnostic| {
        d.severity == Severity::Warning && sizes.get(&key(d)).is_some_and(|&n| n > GROUP_ABOVE)
    };
    let single: Vec<Diagnostic> = diags.iter().filter(|d| !grouped(d)).cloned().collect();
    let mut out = terminal::render_human(&single, lang, color);
    // Groups in the order their first warning comes.
    let mut files: HashMap<(&str, Option<&str>), Vec<String>> = HashMap::new();
    let mut order = Vec::new();
    for d in diags.iter().filter(|d| grouped(d)) {
        let list = files.entry(key(d)).or_default();
        if list.is_empty() {
            order.push(d);
        }
        list.push(d.file.as_deref().map(display_path).unwrap_or_default());
    }
    for d in order {
        let list = files.get(&key(d)).map(Vec::as_slice).unwrap_or_default();
        out.push_str(&group(d, list, lang, site));
    }
    out
}

fn group(d: &Diagnostic, files: &[String], lang: Lang, site: &Path) -> String {
    let site = shell_word(site);
    let n = files.len();
    let named: Vec<String> = files
        .iter()
        .take(NAMED)
        .map(|f| terminal::shown(f))
        .collect();
    let rest = n.saturating_sub(NAMED);
    let message = terminal::typeset(&terminal::shown(&d.message), lang);
    let text = lang.pick(
        format!(
            "avertissement : {} fiches ont le même avertissement : {message}\n  {} et {} — `fiches check {site}` les liste toutes\n",
            lang.number(n),
            named.join(", "),
            lang.count(rest, "autre", "autres"),
        ),
        format!(
            "warning: {} sheets have the same warning: {message}\n  {} and {} more — `fiches check {site}` lists them all\n",
            lang.number(n),
            named.join(", "),
            lang.number(rest),
        ),
    );
    let mut text = terminal::typeset(&text, lang);
    if let Some(hint) = &d.hint {
        let hint = terminal::typeset(&terminal::shown(hint), lang);
        text.push_str(&lang.pick(
            format!("  conseil\u{a0}: {hint}\n"),
            format!("  hint: {hint}\n"),
        ));
    }
    text.push('\n');
    text
}
