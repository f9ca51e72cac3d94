//! `fiches.geojson`: the fiches that have a place, as RFC 7946 wants them — a
//! FeatureCollection of Point features, longitude first — each at its own
//! coordinates or at its area's centre, marked as such; the others left out.

mod common;

use common::{Site, fiche};
use serde_json::Value;

fn site(fiches: &[(&str, &str)]) -> Site {
    let files: Vec<(String, String)> = fiches
        .iter()
        .enumerate()
        .map(|(i, (slug, front))| {
            let front = format!("slug = \"{slug}\"\n{front}");
            let date = format!("2024-01-{:02}", i + 1);
            (
                format!("content/f{i}.md"),
                fiche(&format!("Fiche {i}"), &date, "factual", &front, "Texte."),
            )
        })
        .collect();
    let toml = "title = \"Réseau\"\nbase_url = \"https://exemple.org/reseau/\"\n";
    let mut all: Vec<(&str, &str)> = vec![("fiches.toml", toml)];
    all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    Site::new(&all)
}

/// Checks what RFC 7946 asks of a collection of points; returns its features by id.
fn valid(text: &str) -> std::collections::HashMap<String, Value> {
    let doc: Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(doc["type"], "FeatureCollection");
    assert!(doc.get("crs").is_none(), "RFC 7946 drops `crs`");
    let mut out = std::collections::HashMap::new();
    for f in doc["features"].as_array().expect("features") {
        assert_eq!(f["type"], "Feature");
        assert!(f["properties"].is_object());
        let g = &f["geometry"];
        assert_eq!(g["type"], "Point");
        let c = g["coordinates"].as_array().expect("a position");
        assert_eq!(c.len(), 2);
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        let id = f["id"].as_str().expect("a string id").to_string();
        assert!(out.insert(id, f.clone()).is_none(), "ids are unique");
    }
    out
}

#[test]
fn fiches_with_a_place_are_points_longitude_first() {
    let s = site(&[
        (
            "chambery",
            "territory = \"Savoie\"\ncommune = \"Chambéry\"\ncoordinates = \"45.5646, 5.9178\"",
        ),
        ("annecy", "territory = \"Haute Savoie\""),
        ("lausanne", "territory = \"VD\""),
        ("leeds", "territory = \"Leeds\""),
        ("nowhere", ""),
        ("liege", "territory = \"Province de Liège\""),
    ]);
    s.build_ok();
    let features = valid(&s.read("fiches.geojson"));
    let mut ids: Vec<&str> = features.keys().map(String::as_str).collect();
    ids.sort();
    assert_eq!(ids, ["annecy", "chambery", "lausanne", "liege"]);
    let chambery = &features["chambery"];
    assert_eq!(
        chambery["geometry"]["coordinates"],
        serde_json::json!([5.9178, 45.5646])
    );
    let p = &chambery["properties"];
    assert_eq!(p["located"], "coordinates");
    assert_eq!(p["commune"], "Chambéry");
    assert_eq!(p["place_code"], "73");
    assert_eq!(p["url"], "https://exemple.org/reseau/fiches/chambery/");
    assert_eq!(p["title"], "Fiche 0");
    // Placed by its area: Haute-Savoie's centre, about 46.0°N 6.4°E.
    let annecy = &features["annecy"];
    assert_eq!(annecy["properties"]["located"], "area");
    assert_eq!(annecy["properties"]["place"], "Haute-Savoie");
    let c = annecy["geometry"]["coordinates"].as_array().unwrap();
    let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
    assert!(
        (lon - 6.43).abs() < 0.3 && (lat - 46.03).abs() < 0.25,
        "{lon} {lat}"
    );
    assert_eq!(features["lausanne"]["properties"]["place"], "Vaud");
    assert_eq!(features["liege"]["properties"]["place_code"], "WLG");
}

#[test]
fn a_site_without_places_has_no_geojson() {
    let s = site(&[("leeds", "territory = \"Leeds\"")]);
    s.build_ok();
    assert!(!s.exists("fiches.geojson"));
}
