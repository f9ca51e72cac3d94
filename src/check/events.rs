//! A fiche written after an event names it (`event = "slug"`): the slug must be a
//! published fiche's, and that fiche an event.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::site::Site;

/// An error at each `event` that names no fiche, or a fiche that is not an event.
pub fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    let lang = site.config.language;
    let by_slug: HashMap<&str, &Fiche> = site.fiches.iter().map(|f| (f.slug.as_str(), f)).collect();
    let events: Vec<&str> = (site.fiches.iter())
        .filter(|f| f.event.is_some())
        .map(|f| f.slug.as_str())
        .collect();
    for f in site.fiches.iter() {
        let Some(named) = &f.came_from else { continue };
        let slug = named.as_str();
        let d = match by_slug.get(slug) {
            Some(target) if target.event.is_some() && target.slug != f.slug => continue,
            Some(target) => not_an_event(target, &events, lang),
            None => unknown(slug, &events, lang),
        };
        diags.push(d.in_file(&f.path).at(&f.text, named.span));
    }
}

fn unknown(slug: &str, events: &[&str], lang: Lang) -> Diagnostic {
    let best = crate::fields::closest(slug, events.iter().copied());
    Diagnostic::error(lang.pick(
        format!("aucun événement publié n'a l'adresse « {slug} »"),
        format!("no published event has the address \"{slug}\""),
    ))
    .hint(match best {
        Some(b) => lang.pick(
            format!("vouliez-vous dire « {b} » ? `event` donne l'adresse courte (slug) de l'événement : event = \"{b}\""),
            format!("did you mean \"{b}\"? `event` gives the event's short address (slug): event = \"{b}\""),
        ),
        None => lang.pick(
            "`event` donne l'adresse courte (slug) d'une fiche de la variante événement : le nom de son fichier sans « .md »",
            "`event` gives the short address (slug) of a sheet of the event variant: its file name without \".md\"",
        ),
    })
}

fn not_an_event(target: &Fiche, events: &[&str], lang: Lang) -> Diagnostic {
    let hint = match events.first() {
        Some(_) => lang.pick(
            format!(
                "`event` nomme l'événement dont la fiche est issue ; les événements du site : {}",
                list(events)
            ),
            format!(
                "`event` names the event the sheet came from; the site's events: {}",
                list(events)
            ),
        ),
        None => lang.pick(
            "le site n'a pas encore d'événement : créez-le avec fiches new --variant événement",
            "the site has no event yet: create it with fiches new --variant event",
        ),
    };
    Diagnostic::error(lang.pick(
        format!("« {} » n'est pas un événement", target.slug),
        format!("\"{}\" is not an event", target.slug),
    ))
    .hint(hint)
}

/// The first few slugs, for a hint.
fn list(slugs: &[&str]) -> String {
    let mut shown: Vec<&str> = slugs.iter().copied().take(5).collect();
    if slugs.len() > 5 {
        shown.push("…");
    }
    shown.join(", ")
}
