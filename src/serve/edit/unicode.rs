//! Property tests of the editor's pure functions (form values → fiche file → form
//! values) fed French typography and hostile Unicode (issue 22).

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{values, write};
use crate::cut::hostile::text;

fn cfg() -> crate::config::Config {
    crate::config::parse("title = \"t\"\n")
        .0
        .unwrap_or_else(|| unreachable!())
}

/// What the form sends: values (each text led by letters, as check demands) and
/// the body as sections and the rest.
fn form() -> impl Strategy<Value = (Map<String, Value>, Vec<(String, String)>, String)> {
    let list = || prop::collection::vec(text(4), 0..3);
    let testimony = (text(3), text(10));
    (
        (text(8), text(12), list(), list(), text(4)),
        (prop::collection::vec(testimony, 0..3), text(20), text(20)),
    )
        .prop_map(|((title, summary, tags, themes, territory), (said, context, extra))| {
            let words = |p: &str, l: Vec<String>| -> Vec<String> {
                l.into_iter().map(|t| format!("{p} {t}")).collect()
            };
            let testimonies: Vec<Value> = said
                .into_iter()
                .map(|(n, q)| json!({"name": format!("Nom {n}"), "quote": format!("Je {q}"), "consent": true}))
                .collect();
            let variant = if testimonies.is_empty() { "factual" } else { "storytelling" };
            let values = json!({
                "variant": variant,
                "title": format!("Titre {title}"),
                "date": "2024-03-01",
                "summary": format!("Résumé {summary}"),
                "authors": ["Aïcha\u{a0}B."],
                "tags": words("Mot", tags),
                "themes": words("Thème", themes),
                "territory": format!("Lieu {territory}"),
                "testimonies": testimonies,
            });
            let values = values.as_object().cloned().unwrap_or_default();
            (values, vec![("Contexte".to_string(), context)], extra)
        })
}

fn keys(values: &Map<String, Value>) -> Vec<&str> {
    values.keys().map(String::as_str).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(128) })]

    #[test]
    fn a_form_makes_a_fiche_that_reads_back_as_written((values, sections, extra) in form()) {
        let cfg = cfg();
        let body = values::join(&sections, &extra);
        let text = write::create(&keys(&values), &values, &body, &cfg);
        let (f, diags) = crate::fiche::parse(text.clone(), Path::new("content/x.md"), "x", None, &cfg);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).map(|d| &d.message).collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, text);
        let Some(f) = f else { return Err(TestCaseError::fail("no fiche")) };
        let trimmed = |k: &str| values[k].as_str().unwrap_or("").trim().to_string();
        prop_assert_eq!(&f.title, &trimmed("title"));
        prop_assert_eq!(&f.summary, &trimmed("summary"));
        prop_assert_eq!(f.territory.clone().map(|t| t.value).unwrap_or_default(), trimmed("territory"));
        let quotes: Vec<String> = values["testimonies"].as_array().into_iter().flatten()
            .map(|t| t["quote"].as_str().unwrap_or("").trim().to_string()).collect();
        let read: Vec<String> = f.testimonies.iter().map(|t| t.quote.clone()).collect();
        prop_assert_eq!(read, quotes);

        // Opened in the form again and saved unchanged: the same fiche.
        let again = values::of(&f, &cfg);
        let again = again.as_object().cloned().unwrap_or_default();
        let split = values::split(f.body(), f.variant_in(&cfg));
        let body2 = values::join(&split.sections, &split.extra);
        let edited = write::edit(&text, &keys(&again), &again, &body2, &cfg);
        prop_assert!(edited.is_ok(), "{:?}", edited);
        let edited = edited.unwrap_or_default();
        let (g, diags) = crate::fiche::parse(edited.clone(), Path::new("content/x.md"), "x", None, &cfg);
        prop_assert!(diags.iter().all(|d| !d.is_error()), "{:?}", diags);
        let Some(g) = g else { return Err(TestCaseError::fail("no fiche")) };
        prop_assert_eq!(&g.title, &f.title);
        prop_assert_eq!(&g.summary, &f.summary);
        prop_assert_eq!(&g.tags, &f.tags);
        prop_assert_eq!(&g.testimonies, &f.testimonies);
        let split2 = values::split(g.body(), g.variant_in(&cfg));
        prop_assert_eq!(&split2.sections, &split.sections);
        prop_assert_eq!(&split2.extra, &split.extra);
    }

    /// A save with hostile text in every box of the body (no-break spaces before
    /// colons, CRLF, lone CR, BOMs, U+2028, RTL, astral letters, NUL, `## `, `+++`,
    /// fences), over a fiche saved before or not, written with or without CRLF and
    /// BOM: every line typed is in the file as the build reads it, and the form opened
    /// on it again shows it. No text is lost.
    #[test]
    fn every_line_typed_is_in_the_saved_fiche_and_the_form_opened_again(
        (values, _, _) in form(),
        typed in prop::collection::vec(text(24), 3),
        before in prop::option::of(text(24)),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let cfg = cfg();
        let lf = super::request::lf;
        let sections = vec![("Contexte".to_string(), lf(&typed[0])), ("Résultats".to_string(), lf(&typed[1]))];
        let extra = lf(&typed[2]);
        let now = before.map(|b| write::create(&keys(&values), &values, &values::join(&[], &lf(&b)), &cfg));
        let variant = cfg.variant(values["variant"].as_str().unwrap_or("factual"));
        let body = now
            .as_deref()
            .and_then(|n| values::in_place(n.get(crate::fiche::split(n).ok()?.1..)?, variant, &sections, &extra))
            .unwrap_or_else(|| values::join(&sections, &extra));
        let text = match &now {
            Some(n) => write::edit(n, &keys(&values), &values, &body, &cfg),
            None => Ok(write::create(&keys(&values), &values, &body, &cfg)),
        };
        prop_assert!(text.is_ok(), "{:?}", text);
        let style = write::Style::of(&format!("{}x{}", if bom { "\u{feff}" } else { "" }, if crlf { "\r\n" } else { "\n" })).1;
        let bytes = style.apply(&text.unwrap_or_default());
        let read = crate::sources::decode(&bytes, Path::new("content/x.md"), crate::lang::Lang::Fr);
        prop_assert!(read.is_ok());
        let read = read.unwrap_or_default();
        let (f, _) = crate::fiche::parse(read, Path::new("content/x.md"), "x", None, &cfg);
        let Some(f) = f else { return Err(TestCaseError::fail("no fiche")) };
        let opened = values::split(f.body(), f.variant_in(&cfg));
        let shown: String = opened.sections.iter().flat_map(|(t, x)| [t.as_str(), "\n", x, "\n"]).chain([opened.extra.as_str()]).collect();
        for t in &typed {
            for line in lf(t).lines().map(str::trim).filter(|l| !l.is_empty()) {
                prop_assert!(f.body().contains(line), "{:?} not in the file: {:?}", line, f.body());
                prop_assert!(shown.contains(line), "{:?} not in the form: {:?}", line, shown);
            }
        }
    }
}
