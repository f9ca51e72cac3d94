//! The places table read as authors write territories: every spelling, code and
//! language of a place, shared names, typos, coordinates; and never a panic.

use proptest::prelude::*;

use super::*;

fn named(text: &str) -> Vec<&'static str> {
    candidates(text)
        .into_iter()
        .filter_map(get)
        .map(|p| p.code)
        .collect()
}

#[test]
fn a_departement_is_found_by_every_common_spelling() {
    for text in [
        "Haute-Savoie",
        "Haute Savoie",
        "haute-savoie",
        "HAUTE SAVOIE",
        "74",
        "Haute-Savoie (74)",
        "74 - Haute-Savoie",
        "Département de la Haute-Savoie",
    ] {
        assert_eq!(named(text), ["74"], "{text}");
    }
    assert_eq!(named("Savoie (73)"), ["73"]);
    assert_eq!(named("Chambéry (73)"), ["73"]);
    assert_eq!(named("1"), ["01"]);
    assert_eq!(named("2a"), ["2A"]);
    assert_eq!(named("Corse du Sud"), ["2A"]);
    assert_eq!(named("Côte d'Or"), ["21"]);
}

#[test]
fn a_name_and_a_code_that_disagree_place_nothing() {
    assert!(named("Savoie (74)").is_empty());
    assert!(named("(99)").is_empty());
}

#[test]
fn cantons_are_found_in_each_language_and_by_code() {
    for text in ["Vaud", "VD", "Canton de Vaud", "Waadt", "Kanton Waadt"] {
        assert_eq!(named(text), ["VD"], "{text}");
    }
    for text in ["Tessin", "Ticino", "Cantone Ticino", "TI"] {
        assert_eq!(named(text), ["TI"], "{text}");
    }
    assert_eq!(named("Graubünden"), ["GR"]);
    assert_eq!(named("St. Gallen"), ["SG"]);
    assert_eq!(named("Lausanne (VD)"), ["VD"]);
}

#[test]
fn regions_and_provinces_are_places_too() {
    assert_eq!(named("PACA"), ["PAC"]);
    assert_eq!(named("Région Auvergne-Rhône-Alpes"), ["ARA"]);
    assert_eq!(named("Île de France"), ["IDF"]);
    assert_eq!(named("Liège"), ["WLG"]);
    assert_eq!(named("Province de Liège"), ["WLG"]);
    assert_eq!(named("Oost-Vlaanderen"), ["VOV"]);
    let ara = candidates("Auvergne-Rhône-Alpes")[0];
    let codes: Vec<&str> = parts(ara)
        .into_iter()
        .filter_map(get)
        .map(|p| p.code)
        .collect();
    assert_eq!(codes.len(), 12);
    assert!(codes.contains(&"73") && codes.contains(&"74") && !codes.contains(&"39"));
    let wal = candidates("Wallonie")[0];
    assert_eq!(parts(wal).len(), 5);
}

#[test]
fn a_shared_name_is_read_in_the_sites_main_country() {
    let jura = candidates("Jura");
    assert_eq!(jura.len(), 2);
    let vaud = candidates("Vaud");
    let geneve = candidates("Genève");
    let savoie = candidates("Savoie");
    let swiss = main_country([&vaud[..], &geneve[..], &savoie[..], &jura[..]]);
    assert_eq!(swiss, Country::Switzerland);
    assert_eq!(get(pick(&jura, swiss).unwrap()).unwrap().code, "JU");
    let french = main_country([&savoie[..], &jura[..]]);
    assert_eq!(get(pick(&jura, french).unwrap()).unwrap().code, "39");
    assert_eq!(main_country([]), Country::France);
}

#[test]
fn towns_and_typos_place_nothing_and_typos_get_the_nearest_name() {
    assert!(candidates("Chambéry").is_empty());
    assert!(candidates("").is_empty());
    let nearest = Nearest::new();
    assert_eq!(nearest.name("Haute Savoi"), Some("Haute-Savoie"));
    assert_eq!(nearest.name("Neuchatell"), Some("Neuchâtel"));
    assert_eq!(nearest.name("Wadt"), Some("Vaud"));
    // Towns that only look like a place's name get no suggestion.
    for town in ["Chambéry", "Lausanne", "Genevois français", "Lyon", "Leeds"] {
        assert_eq!(nearest.name(town), None, "{town}");
    }
}

#[test]
fn every_place_but_a_belgian_region_has_a_centre_where_it_lies() {
    for (id, p) in all().iter().enumerate() {
        let flemish_or_walloon =
            p.country == Country::Belgium && p.kind == Kind::Region && p.code != "BRU";
        let Some(c) = centre(id) else {
            assert!(flemish_or_walloon, "{} has no centre", p.name);
            continue;
        };
        let (lat, lon) = (c.lat, c.lon);
        let inside = match p.country {
            Country::Switzerland => (45.8..47.9).contains(&lat) && (5.9..10.5).contains(&lon),
            Country::Belgium => (49.4..51.6).contains(&lat) && (2.5..6.5).contains(&lon),
            Country::France if p.code.len() == 3 && p.kind == Kind::Departement => true,
            Country::France => (41.3..51.2).contains(&lat) && (-5.2..9.6).contains(&lon),
        };
        assert!(inside, "{}: {lat}, {lon}", p.name);
    }
    let near = |id: PlaceId, lat: f64, lon: f64| {
        let c = centre(id).unwrap();
        (c.lat - lat).abs() < 0.25 && (c.lon - lon).abs() < 0.3
    };
    // Known centres, within about 25 km.
    assert!(near(candidates("Savoie")[0], 45.48, 6.44));
    assert!(near(candidates("Paris")[0], 48.86, 2.35));
    assert!(near(candidates("Vaud")[0], 46.57, 6.65));
    assert!(near(candidates("Finistère")[0], 48.25, -4.05));
}

#[test]
fn coordinates_are_read_as_people_copy_them() {
    let at = Coordinates {
        lat: 45.5646,
        lon: 5.9178,
    };
    for text in [
        "45.5646, 5.9178",
        "45,5646; 5,9178",
        "45.5646 5.9178",
        "45,5646 5,9178",
        "45.5646,5.9178",
    ] {
        assert_eq!(parse_coordinates(text), Ok(at), "{text}");
    }
    assert_eq!(parse_coordinates("91, 5"), Err(CoordinatesError::Range));
    assert_eq!(parse_coordinates("45, 181"), Err(CoordinatesError::Range));
    assert_eq!(parse_coordinates("NaN, 5"), Err(CoordinatesError::Shape));
    assert_eq!(parse_coordinates("Chambéry"), Err(CoordinatesError::Shape));
    assert_eq!(parse_coordinates("1, 2, 3"), Err(CoordinatesError::Shape));
}

/// Text of every kind: no-break spaces, ligatures, emoji, astral, right-to-left,
/// controls.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\u{a0}', '\u{202f}', 'ﬁ', 'œ', '😀', '𝔸', '\u{202e}', 'ש', '\u{0}', '\u{7}', '(',
                ')', '-', '7', '4', 'A', ' ',
            ]),
        ],
        0..40,
    )
    .prop_map(|c| c.into_iter().collect())
}

proptest! {
    #[test]
    fn no_text_makes_a_lookup_panic(text in hostile()) {
        let found = candidates(&text);
        prop_assert!(found.iter().all(|&id| get(id).is_some()));
        let _ = Nearest::new().name(&text);
        let _ = parse_coordinates(&text);
    }

    #[test]
    fn a_place_is_found_however_its_name_is_cased_or_spaced(
        i in 0usize..157,
        upper in any::<bool>(),
        nbsp in any::<bool>(),
    ) {
        let p = &all()[i % all().len()];
        let mut text = if upper { p.name.to_uppercase() } else { p.name.to_lowercase() };
        if nbsp {
            text = text.replace(['-', ' '], "\u{a0}");
        }
        prop_assert!(candidates(&text).contains(&(i % all().len())), "{}", text);
    }
}
