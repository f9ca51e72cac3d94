//! `feed.json` (JSON Feed 1.1) and the site's licence: what partner sites need to
//! pool fiches lawfully and tell a new fiche from an updated one.

mod common;

use common::{Site, fiche};
use serde_json::Value;

fn site(toml_extra: &str) -> Site {
    let toml = format!(
        "title = \"Réseau\"\ndescription = \"Des fiches.\"\nbase_url = \"https://exemple.org/r/\"\nfeed_limit = 2\n{toml_extra}"
    );
    let a = fiche(
        "Ancienne",
        "2023-05-01",
        "factual",
        "tags = [\"jardin\"]\nthemes = [\"Quartier\"]\nterritory = \"Savoie\"\ncommune = \"Chambéry\"\ncoordinates = \"45.5646, 5.9178\"",
        "Texte **gras**.",
    );
    let b = fiche(
        "Mise à jour",
        "2024-01-10",
        "factual",
        "updated = 2024-06-01",
        "Texte.",
    );
    let c = fiche("Récente", "2024-03-01", "storytelling", "", "Texte.");
    Site::new(&[
        ("fiches.toml", toml.as_str()),
        ("content/a.md", a.as_str()),
        ("content/b.md", b.as_str()),
        ("content/c.md", c.as_str()),
    ])
}

#[test]
fn the_json_feed_holds_the_latest_fiches_with_stable_ids_and_their_fields() {
    let s = site("license = \"CC BY-SA 4.0\"\n");
    s.build_ok();
    let feed: Value = serde_json::from_str(&s.read("feed.json")).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "Réseau");
    assert_eq!(feed["home_page_url"], "https://exemple.org/r/");
    assert_eq!(feed["feed_url"], "https://exemple.org/r/feed.json");
    assert_eq!(feed["description"], "Des fiches.");
    assert_eq!(feed["_fiches"]["site"]["license"], "CC BY-SA 4.0");
    let items = feed["items"].as_array().unwrap();
    // `feed_limit = 2`: the two latest, newest first.
    let titles: Vec<&str> = items.iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Récente", "Mise à jour"]);
    for i in items {
        assert_eq!(i["id"], i["url"], "an item's id is its fiche's address");
        assert!(i["content_html"].is_string());
        assert!(i["summary"].is_string());
    }
    let updated = &items[1];
    assert_eq!(updated["id"], "https://exemple.org/r/fiches/b/");
    assert_eq!(updated["date_published"], "2024-01-10T00:00:00Z");
    assert_eq!(updated["date_modified"], "2024-06-01T00:00:00Z");
    assert_eq!(updated["authors"], serde_json::json!([{ "name": "Aïcha" }]));
    assert_eq!(updated["_fiches"]["slug"], "b");
    assert_eq!(updated["_fiches"]["variant"], "factual");
}

#[test]
fn a_feed_of_every_fiche_carries_each_ones_fields() {
    // `feed_limit = 2` keeps the oldest out; `feed_limit = 0` keeps every fiche.
    let s = site("");
    let all = Site::new(&[
        (
            "fiches.toml",
            "title = \"Réseau\"\nbase_url = \"https://exemple.org/r/\"\nfeed_limit = 0\n",
        ),
        (
            "content/a.md",
            &fiche(
                "Ancienne",
                "2023-05-01",
                "factual",
                "tags = [\"jardin\"]\nthemes = [\"Quartier\"]\nterritory = \"Savoie\"\ncommune = \"Chambéry\"\ncoordinates = \"45.5646, 5.9178\"",
                "Texte **gras**.",
            ),
        ),
    ]);
    all.build_ok();
    let feed: Value = serde_json::from_str(&all.read("feed.json")).unwrap();
    let item = &feed["items"][0];
    assert_eq!(item["tags"], serde_json::json!(["Quartier", "jardin"]));
    assert!(
        item["content_html"]
            .as_str()
            .unwrap()
            .contains("<strong>gras</strong>")
    );
    let ext = &item["_fiches"];
    assert_eq!(ext["territory"], "Savoie");
    assert_eq!(ext["commune"], "Chambéry");
    assert_eq!(ext["coordinates"]["lat"], 45.5646);
    assert!(feed.get("description").is_none());
    // Without a licence, the feed says none.
    assert!(feed["_fiches"]["site"]["license"].is_null());
    s.build_ok();
    assert_eq!(
        serde_json::from_str::<Value>(&s.read("feed.json")).unwrap()["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_licence_is_in_the_footer_and_in_fiches_json() {
    let s = site("license = \"CC BY-SA 4.0\"\n");
    s.build_ok();
    let home = s.read("index.html");
    assert!(
        home.contains("Les fiches de ce site sont publiées sous licence CC BY-SA 4.0"),
        "{home}"
    );
    let data: Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    assert_eq!(data["site"]["license"], "CC BY-SA 4.0");
    let none = site("");
    none.build_ok();
    assert!(!none.read("index.html").contains("sous licence"));
}
