//! Checks that the territories fiches name are places the map can draw: a
//! territory that names no département, région, canton or province gets a warning
//! with the nearest known name — on a site that places some of its territories (it
//! has a map), or when the name is close to a place's (a likely typo).

use std::collections::HashMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::places::{Nearest, candidates};
use crate::slug::slugify;

pub fn check(cfg: &Config, fiches: &[Fiche]) -> Vec<Diagnostic> {
    let mut placed_any = false;
    let mut unplaced = Vec::new();
    for (i, f) in fiches.iter().enumerate() {
        if let Some(t) = &f.territory {
            if candidates(t.as_str()).is_empty() {
                unplaced.push((i, t));
            } else {
                placed_any = true;
            }
        }
    }
    if unplaced.is_empty() {
        return Vec::new();
    }
    let nearest = Nearest::new();
    // One suggestion per spelling, however many fiches write it.
    let mut memo: HashMap<String, Option<&str>> = HashMap::new();
    let mut diags = Vec::new();
    for (i, t) in unplaced {
        let best = *memo
            .entry(slugify(t.as_str()))
            .or_insert_with(|| nearest.name(t.as_str()));
        if !placed_any && best.is_none() {
            continue;
        }
        let f = &fiches[i];
        let d = unplaced_warning(cfg.language, t.as_str(), best);
        // The text up to the end of the territory's line places it as the whole
        // text does: the body, 100 times longer, is not read for each warning.
        let line_end = (f.text.as_bytes().get(t.span.end()..))
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(f.text.len(), |i| t.span.end() + i);
        let head = f.text.get(..line_end).unwrap_or(&f.text);
        diags.push(d.in_file(&f.path).at_in(&LineIndex::new(head), t.span));
    }
    diags
}

fn unplaced_warning(lang: Lang, name: &str, best: Option<&str>) -> Diagnostic {
    let mut d = Diagnostic::warning(lang.pick(
        format!("le territoire \"{name}\" ne correspond à aucun lieu connu : la fiche ne sera pas sur la carte"),
        format!("the territory \"{name}\" names no known place: the sheet will not be on the map"),
    ))
    .hint(lang.pick(
        "écrivez un département, une région, un canton ou une province (« Haute-Savoie », « 74 », « Canton de Vaud ») ; une ville va dans `commune`",
        "write a French département or région, a Swiss canton or a Belgian province (\"Haute-Savoie\", \"74\", \"Canton de Vaud\"); a town goes in `commune`",
    ));
    if let Some(best) = best {
        d = d.label(lang.pick(
            format!("vouliez-vous dire \"{best}\" ?"),
            format!("did you mean \"{best}\"?"),
        ));
    }
    d
}
