//! A fiche as the form sees it, and back: its values by key (the front matter's
//! keys, dates as `YYYY-MM-DD`), and its body cut at its `##` headings into the
//! variant's sections and the rest, kept as it is.

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::fiche::Fiche;
use crate::schema::Variant;

/// The values of a published fiche, as the form fills its fields.
pub fn of(f: &Fiche, cfg: &Config) -> Value {
    let mut v = Map::new();
    let mut put = |k: &str, value: Value| {
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if !empty {
            v.insert(k.to_string(), value);
        }
    };
    put("variant", json!(f.variant_in(cfg).map(|v| &v.name)));
    put("title", json!(f.title));
    put("date", json!(f.date.map(|d| d.iso())));
    put("summary", json!(f.summary));
    put("authors", json!(f.authors));
    put("collective", json!(f.collective));
    put("organization", json!(f.organization));
    put("territory", json!(f.territory));
    put("commune", json!(f.commune));
    put(
        "coordinates",
        json!(f.coordinates.map(|c| format!("{}, {}", c.lat, c.lon))),
    );
    put("themes", json!(f.themes));
    put("tags", json!(f.tags));
    put("period", json!(f.period));
    put("audience", json!(f.audience));
    put("partners", json!(f.partners));
    put("budget", json!(f.budget));
    put("contact", json!(f.contact));
    let testimonies: Vec<Value> = f
        .testimonies
        .iter()
        .map(|t| json!({ "name": t.name, "role": t.role, "quote": t.quote, "consent": true }))
        .collect();
    put("testimonies", json!(testimonies));
    for (k, value) in &f.extra {
        let value = value.to_json();
        put(k, value);
    }
    Value::Object(v)
}

/// A body cut for the form: the text of each of the variant's sections (found by
/// heading, ignoring case and accents), and everything else in its order.
pub struct Body {
    pub sections: Vec<(String, String)>,
    pub extra: String,
}

/// Cuts `body` at its `##` headings (outside code blocks).
pub fn split(body: &str, variant: Option<&Variant>) -> Body {
    let wanted: Vec<&String> = variant
        .map(|v| {
            v.required_sections
                .iter()
                .chain(&v.recommended_sections)
                .collect()
        })
        .unwrap_or_default();
    let key = |s: &str| crate::slug::slugify(s);
    let mut found: Vec<(String, String)> = wanted
        .iter()
        .map(|s| (s.to_string(), String::new()))
        .collect();
    let mut extra = String::new();
    let mut current: Option<usize> = None;
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some(title) = line.strip_prefix("## ") {
            let title = title.trim();
            current = found.iter().position(|(t, _)| key(t) == key(title));
            if current.is_some() {
                continue;
            }
        } else if line.starts_with("# ") {
            current = None;
        }
        match current {
            Some(i) => found[i].1.push_str(line),
            None => extra.push_str(line),
        }
    }
    for (_, text) in &mut found {
        *text = text.trim().to_string();
    }
    Body {
        sections: found,
        extra: extra.trim().to_string(),
    }
}

/// `body` with the texts of the variant's sections replaced by the form's, everything
/// else where the author put it: `None` when the form changed the rest (then [`join`]).
/// A section emptied goes with its heading; one filled that the body did not have
/// comes last.
pub fn in_place(
    body: &str,
    variant: Option<&Variant>,
    sections: &[(String, String)],
    extra: &str,
) -> Option<String> {
    let before = split(body, variant);
    if before.extra != extra.trim() {
        return None;
    }
    let key = |s: &str| crate::slug::slugify(s);
    // A section the variant does not have (renamed in `fiches.toml` while the form
    // was open, or a forged save) has no place here: its text would be lost.
    let placed = |(t, x): &(String, String)| {
        x.trim().is_empty() || before.sections.iter().any(|(b, _)| key(b) == key(t))
    };
    if !sections.iter().all(placed) {
        return None;
    }
    let text_of = |title: &str| {
        sections
            .iter()
            .find(|(t, _)| key(t) == key(title))
            .map_or("", |(_, x)| x.trim())
    };
    let mut done = vec![false; before.sections.len()];
    let mut out = String::with_capacity(body.len());
    let (mut skipping, mut fence): (bool, Option<&str>) = (false, None);
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = trimmed.get(..3);
        } else if let Some(title) = line.strip_prefix("## ") {
            let found = before
                .sections
                .iter()
                .position(|(t, _)| key(t) == key(title.trim()));
            skipping = found.is_some();
            if let Some(i) = found {
                // A heading met twice was one section in the form: its text goes once.
                let text = text_of(&before.sections[i].0);
                if !std::mem::replace(&mut done[i], true) && !text.is_empty() {
                    out.push_str(line.trim_end());
                    out.push_str(&format!("\n\n{text}\n\n"));
                }
                continue;
            }
        } else if line.starts_with("# ") {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    let mut out = format!("{}\n", out.trim_end());
    for (i, (title, _)) in before.sections.iter().enumerate() {
        let text = text_of(title);
        if !done[i] && !text.is_empty() {
            out.push_str(&format!("\n## {}\n\n{text}\n", title.trim()));
        }
    }
    Some(out)
}

/// The body made of the form's sections (empty ones left out) and the rest: the
/// rest's text before its first heading comes first, its own sections last.
pub fn join(sections: &[(String, String)], extra: &str) -> String {
    let extra = extra.trim();
    let cut = extra
        .match_indices("## ")
        .find(|(i, _)| *i == 0 || extra[..*i].ends_with('\n'))
        .map_or(extra.len(), |(i, _)| i);
    let (intro, rest) = extra.split_at(cut);
    let mut out = String::new();
    if !intro.trim().is_empty() {
        out.push('\n');
        out.push_str(intro.trim());
        out.push('\n');
    }
    for (title, text) in sections {
        let text = text.trim();
        if !text.is_empty() {
            out.push_str(&format!("\n## {}\n\n{text}\n", title.trim()));
        }
    }
    if !rest.trim().is_empty() {
        out.push('\n');
        out.push_str(rest.trim());
        out.push('\n');
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A variant with one required and one recommended section.
    pub(in crate::serve::edit) fn factual() -> Variant {
        Variant {
            name: "factual".into(),
            label: "F".into(),
            label_set: true,
            fields: vec![],
            required_fields: vec![],
            required_sections: vec!["Contexte".into()],
            recommended_sections: vec!["Résultats".into()],
            template: "fiche.html".into(),
        }
    }

    #[test]
    fn sections_are_found_by_heading_and_the_rest_kept() {
        let v = factual();
        let body = "Intro.\n\n## contexte\n\nUn quartier.\n\n```\n## pas un titre\n```\n\n## Autre\n\nLibre.\n\n## RESULTATS\n\nDes liens.\n";
        let b = split(body, Some(&v));
        assert_eq!(
            b.sections[0],
            (
                "Contexte".into(),
                "Un quartier.\n\n```\n## pas un titre\n```".into()
            )
        );
        assert_eq!(b.sections[1], ("Résultats".into(), "Des liens.".into()));
        assert_eq!(b.extra, "Intro.\n\n## Autre\n\nLibre.");
        let again = join(&b.sections, &b.extra);
        assert!(again.starts_with("\nIntro."), "{again}");
        assert!(
            again.contains("## Contexte\n\nUn quartier.")
                && again.ends_with("## Autre\n\nLibre.\n"),
            "the form's sections first, the others after: {again}"
        );
    }

    /// A section the variant does not have (renamed in `fiches.toml` while the form
    /// was open): the body is made anew with it rather than written without it.
    #[test]
    fn a_section_the_variant_does_not_have_is_not_dropped() {
        let v = factual();
        let body = "\n## Contexte\n\nUn quartier.\n";
        let sections = vec![
            ("Contexte".to_string(), "Un quartier.".to_string()),
            (
                "Ancien titre".to_string(),
                "Tout un paragraphe.".to_string(),
            ),
        ];
        assert!(in_place(body, Some(&v), &sections, "").is_none());
        assert!(join(&sections, "").contains("Tout un paragraphe."));
        // Empty, it is nothing to place.
        let sections = vec![("Ancien titre".to_string(), " \n".to_string())];
        assert!(in_place(body, Some(&v), &sections, "").is_some());
    }

    #[test]
    fn an_untouched_form_keeps_every_line_in_its_order() {
        let v = Variant {
            name: "factual".into(),
            label: "F".into(),
            label_set: true,
            fields: vec![],
            required_fields: vec![],
            required_sections: vec!["Contexte".into()],
            recommended_sections: vec!["Résultats".into(), "Moyens".into()],
            template: "fiche.html".into(),
        };
        let body = "\nIntro.\n\n## Autre\n\nLibre.\n\n## contexte\n\nUn.\n\n~~~\n## Contexte\n~~~\n\n# Annexe\n\nA.\n\n## Résultats\n\nR.\n\n## Moyens\n\n## CONTEXTE\n\nDeux.";
        let b = split(body, Some(&v));
        let out = in_place(body, Some(&v), &b.sections, &b.extra).unwrap();
        let lines = |t: &str| {
            t.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        // The one change: the heading met twice holds its two texts once, the first
        // time; the empty section goes.
        let expected = body
            .replace(
                "Un.\n\n~~~\n## Contexte\n~~~",
                "Un.\n\n~~~\n## Contexte\n~~~\n\nDeux.",
            )
            .replace("\n\n## Moyens\n\n## CONTEXTE\n\nDeux.", "");
        assert_eq!(lines(&out), lines(&expected), "{out}");
        // Anything changed in the rest: laid out by the form instead.
        assert!(in_place(body, Some(&v), &b.sections, "Autre chose.").is_none());
    }
}
