//! Events on their pages: the block that says when (in words, with the offset of the
//! day, daylight saving included), where, how to come and the status; the schema.org
//! `Event` JSON-LD, checked against the properties schema.org and search engines
//! require; a site in another time zone.

mod common;

use common::Site;
use serde_json::Value;

const HEAD: &str = "+++\nvariant = \"event\"\nsummary = \"Ce qui va se passer.\"\norganizers = [\"Réseau <Solidaire> & Cie\"]\n";

fn event(title: &str, front: &str) -> String {
    format!("{HEAD}title = \"{title}\"\n{front}+++\n\n## Au programme\n\nDes échanges.\n")
}

fn site(config: &str) -> Site {
    let s = Site::new(&[(
        "fiches.toml",
        &format!("title = \"R\"\nbase_url = \"https://exemple.org/\"\n{config}"),
    )]);
    s.write(
        "content/hiver.md",
        event(
            "Soirée d'hiver",
            "start = 2026-01-15T19:00:00\nend = 2026-01-15T21:30:00\nplace = \"Centre social\"\naddress = \"3 rue Haute\"\ntown = \"Lyon\"\nprice = \"gratuit\"\nregistration = \"inscription@exemple.org\"\nrecurrence = \"FREQ=MONTHLY;BYDAY=3TH;COUNT=6\"\n",
        )
        .as_bytes(),
    );
    s.write(
        "content/ete.md",
        event(
            "Visio d'été",
            "start = 2026-07-09T14:00:00\nattendance = \"online\"\nonline_url = \"https://visio.exemple.org/ete\"\nstatus = \"cancelled\"\n",
        )
        .as_bytes(),
    );
    s.build_ok();
    s
}

/// The page's one JSON-LD document.
fn json_ld(html: &str) -> Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    assert!(!body.contains('<'), "markup in the JSON-LD: {body}");
    serde_json::from_str(body).unwrap()
}

/// What schema.org and search engines require of an `Event`: name, startDate with
/// its offset, a location (a `Place` with an address, or a `VirtualLocation` with a
/// URL), an eventStatus and attendance mode from schema.org's lists.
fn assert_valid_event(doc: &Value) {
    assert_eq!(doc["@context"], "https://schema.org");
    assert_eq!(doc["@type"], "Event");
    assert!(doc["name"].as_str().is_some_and(|n| !n.is_empty()));
    let start = doc["startDate"].as_str().unwrap();
    assert!(
        jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", start).is_ok(),
        "{start}"
    );
    let statuses = [
        "EventScheduled",
        "EventCancelled",
        "EventPostponed",
        "EventMovedOnline",
        "EventRescheduled",
    ];
    let status = doc["eventStatus"].as_str().unwrap();
    assert!(
        statuses
            .iter()
            .any(|s| status == format!("https://schema.org/{s}")),
        "{status}"
    );
    let modes = [
        "OfflineEventAttendanceMode",
        "OnlineEventAttendanceMode",
        "MixedEventAttendanceMode",
    ];
    let mode = doc["eventAttendanceMode"].as_str().unwrap();
    assert!(
        modes
            .iter()
            .any(|m| mode == format!("https://schema.org/{m}")),
        "{mode}"
    );
    let locations = match &doc["location"] {
        Value::Array(l) => l.clone(),
        one => vec![one.clone()],
    };
    assert!(!locations.is_empty());
    for l in locations {
        match l["@type"].as_str().unwrap() {
            "Place" => assert!(l["name"].is_string() && !l["address"].is_null(), "{l}"),
            "VirtualLocation" => assert!(l["url"].as_str().unwrap().starts_with("https://"), "{l}"),
            other => panic!("location of type {other}"),
        }
    }
    for o in doc["organizer"].as_array().unwrap() {
        assert_eq!(o["@type"], "Organization");
        assert!(o["name"].is_string());
    }
}

#[test]
fn an_event_page_says_when_where_and_how_to_come() {
    let s = site("");
    let html = s.read("fiches/hiver/index.html");
    assert!(
        html.contains("<time datetime=\"2026-01-15T19:00:00+01:00\">jeudi 15 janvier 2026, de 19\u{a0}h à 21\u{a0}h\u{a0}30</time>"),
        "{html}"
    );
    assert!(html.contains("Revient chaque mois, le troisième jeudi, 6\u{a0}fois"));
    assert!(html.contains("Centre social<br>3 rue Haute<br>Lyon"));
    assert!(
        html.contains("<a href=\"mailto:inscription@exemple.org\">inscription@exemple.org</a>")
    );
    assert!(
        !html.contains("event__status"),
        "a scheduled event shows no status notice"
    );
    let doc = json_ld(&html);
    assert_valid_event(&doc);
    assert_eq!(doc["name"], "Soirée d'hiver");
    assert_eq!(doc["endDate"], "2026-01-15T21:30:00+01:00");
    assert_eq!(doc["url"], "https://exemple.org/fiches/hiver/");
    assert_eq!(doc["location"]["address"]["addressLocality"], "Lyon");
    assert_eq!(doc["organizer"][0]["name"], "Réseau <Solidaire> & Cie");
    assert_eq!(doc["offers"]["price"], 0);
    assert_eq!(
        doc["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );

    // In July, Paris is two hours ahead of UTC; the status comes first.
    let html = s.read("fiches/ete/index.html");
    let status = html
        .find("Annulé\u{a0}: cet événement n&#39;aura pas lieu.")
        .unwrap();
    assert!(status < html.find("<time datetime=\"2026-07-09T14:00").unwrap());
    assert!(html.contains("datetime=\"2026-07-09T14:00:00+02:00\""));
    assert!(html.contains("<a href=\"https://visio.exemple.org/ete\">"));
    let doc = json_ld(&html);
    assert_valid_event(&doc);
    assert_eq!(doc["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(doc["location"]["@type"], "VirtualLocation");
    assert!(
        doc.get("offers").is_none(),
        "no price, no registration: no offer"
    );
}

#[test]
fn a_site_in_another_time_zone() {
    let s = site("timezone = \"America/Montreal\"\n");
    let html = s.read("fiches/hiver/index.html");
    assert!(html.contains("datetime=\"2026-01-15T19:00:00-05:00\""));
    // Its own zone is not repeated on the page.
    assert!(!html.contains("(America/Montreal)"));
    let html = s.read("fiches/ete/index.html");
    assert!(html.contains("datetime=\"2026-07-09T14:00:00-04:00\""));
}
