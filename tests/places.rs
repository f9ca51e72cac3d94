//! Territories as places: recognised however they are spelled, a warning with the
//! nearest known name at its line and column for one that names no place, the
//! `commune` and `coordinates` fields read, shown and exported.

mod common;

use common::{Site, fiche};

fn site(territories: &[(&str, &str)]) -> Site {
    let files: Vec<(String, String)> = territories
        .iter()
        .enumerate()
        .map(|(i, (territory, extra))| {
            let front = format!("territory = \"{territory}\"\n{extra}");
            (
                format!("content/f{i}.md"),
                fiche(
                    &format!("Fiche {i}"),
                    "2024-01-01",
                    "factual",
                    &front,
                    "Texte.",
                ),
            )
        })
        .collect();
    let mut all: Vec<(&str, &str)> = vec![(
        "fiches.toml",
        "title = \"Réseau\"\nbase_url = \"https://exemple.org/\"\n",
    )];
    all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    Site::new(&all)
}

fn warnings(r: &fiches::Report) -> Vec<&fiches::Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| d.message.contains("aucun lieu connu"))
        .collect()
}

#[test]
fn a_territory_that_names_no_place_is_a_warning_with_the_nearest_name() {
    let s = site(&[
        ("Haute-Savoie", ""),
        ("Haute Savoi", ""),
        ("Canton de Vaud", ""),
    ]);
    let r = s.build_ok();
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{:?}", r.diagnostics);
    let d = w[0];
    assert!(!d.is_error());
    assert!(d.file.as_ref().unwrap().ends_with("f1.md"), "{d:?}");
    // `territory` is the sixth line of the file; its value starts after `territory = `.
    assert_eq!((d.line, d.column), (7, 13), "{d:?}");
    assert_eq!(
        d.label.as_deref(),
        Some("vouliez-vous dire \"Haute-Savoie\" ?")
    );
    assert!(d.hint.as_deref().unwrap().contains("commune"), "{d:?}");
}

#[test]
fn a_town_is_named_only_on_a_site_that_has_a_map() {
    // No territory placed, and no place near: no map, nothing to say.
    let towns = site(&[("Leeds", ""), ("Montréal", "")]);
    assert!(warnings(&towns.build_ok()).is_empty());
    // Beside a placed one, a town is out of the map: said, without a suggestion.
    let mixed = site(&[("Leeds", ""), ("74", "")]);
    let r = mixed.build_ok();
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{:?}", r.diagnostics);
    assert!(w[0].label.is_none(), "{:?}", w[0]);
}

#[test]
fn commune_and_coordinates_are_shown_and_exported() {
    let s = site(&[(
        "Savoie",
        "commune = \"Chambéry\"\ncoordinates = \"45,5646; 5,9178\"",
    )]);
    let r = s.build_ok();
    assert!(warnings(&r).is_empty());
    let page = s.read("fiches/f0/index.html");
    assert!(page.contains("<dt>Commune</dt><dd>Chambéry</dd>"), "{page}");
    let data: serde_json::Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    let f = &data["fiches"][0];
    assert_eq!(f["commune"], "Chambéry");
    assert_eq!(f["coordinates"]["lat"], 45.5646);
    assert_eq!(f["coordinates"]["lon"], 5.9178);
}

#[test]
fn coordinates_off_the_earth_are_an_error_at_their_place() {
    let s = site(&[("Savoie", "coordinates = \"95.1, 5.9\"")]);
    let r = s.build();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert!(d.message.contains("sort de la Terre"), "{d:?}");
    assert_eq!((d.line, d.column), (8, 15), "{d:?}");
    assert!(d.hint.as_deref().unwrap().contains("45.5646, 5.9178"));
}
