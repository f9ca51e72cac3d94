//! Events on their pages: the block that says when (in words, with the offset of the
//! day, daylight saving included), where, how to come and the status; the schema.org
//! `Event` JSON-LD, checked against the properties schema.org and search engines
//! require; a site in another time zone.

mod common;

use common::{Site, between};
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
        .find("Annulé\u{a0}: cet événement n’aura pas lieu.")
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

#[test]
fn the_agenda_page_puts_upcoming_dates_first_by_month_then_the_past() {
    let s = site("");
    s.build_on("2026-03-01");
    let html = s.read("agenda/index.html");
    assert!(
        html.contains("Agenda établi le <time datetime=\"2026-03-01\">1er mars 2026</time>."),
        "{html}"
    );
    let upcoming = between(&html, "id=\"agenda-upcoming\"", "id=\"agenda-past\"");
    // The series' dates from the build's day on (March to June), then July's event.
    let months: Vec<&str> = upcoming
        .match_indices("<h3 id=\"fiches:month-")
        .map(|(i, _)| &upcoming[i + 21..i + 28])
        .collect();
    assert_eq!(
        months,
        ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]
    );
    assert!(upcoming.contains(">Mars 2026</h3>"));
    assert_eq!(upcoming.matches("data-series=\"hiver\"").count(), 4);
    assert!(upcoming.contains("<time datetime=\"2026-03-19T19:00:00+01:00\">jeudi 19 mars 2026, de 19\u{a0}h à 21\u{a0}h\u{a0}30</time>"));
    // After the change to summer time, the same hour has another offset.
    assert!(upcoming.contains("datetime=\"2026-04-16T19:00:00+02:00\""));
    assert!(upcoming.contains("data-end=\"2026-04-16T21:30:00+02:00\""));
    assert!(upcoming.contains("Centre social, Lyon"));
    let july = between(upcoming, "data-series=\"ete\"", "</li>");
    assert!(
        july.contains("<strong>Annulé</strong>") && july.contains("en ligne"),
        "{july}"
    );
    let past = between(&html, "id=\"agenda-past\"", "</section>");
    assert!(!past.contains("agenda-item"));
    assert!(
        !past.contains("agenda__none\" hidden"),
        "the past says it is empty"
    );

    // Five months later: nothing upcoming; the past, the latest first, each once.
    s.build_on("2026-08-01");
    let html = s.read("agenda/index.html");
    let upcoming = between(&html, "id=\"agenda-upcoming\"", "id=\"agenda-past\"");
    assert!(!upcoming.contains("agenda-item"));
    assert!(upcoming.contains("Aucun événement à venir pour le moment."));
    let past = between(&html, "id=\"agenda-past\"", "</section>");
    let ete = past.find("data-series=\"ete\"").unwrap();
    let hiver = past.find("data-series=\"hiver\"").unwrap();
    assert!(ete < hiver);
    assert_eq!(past.matches("data-series=\"hiver\"").count(), 1);
    // The series is listed at its last date.
    assert!(
        past.contains("datetime=\"2026-06-18T19:00:00+02:00\""),
        "{past}"
    );
}

#[test]
fn the_agenda_filters_by_theme_and_territory_and_is_in_the_menu_and_on_the_home_page() {
    let s = site("");
    s.write(
        "content/atelier.md",
        event(
            "Atelier",
            "start = 2026-03-10T09:00:00\ntown = \"Grenoble\"\nthemes = [\"Participation\"]\nterritory = \"Isère\"\n",
        )
        .as_bytes(),
    );
    s.build_on("2026-03-01");
    let html = s.read("agenda/index.html");
    let filters = between(&html, "<form class=\"agenda__filters\"", "</form>");
    assert!(
        filters.contains("<option value=\"participation\">Participation</option>"),
        "{filters}"
    );
    assert!(
        filters.contains("<option value=\"isere\">Isère</option>"),
        "{filters}"
    );
    let item = between(&html, "data-series=\"atelier\"", ">");
    assert!(
        item.contains("data-themes=\"participation\" data-territory=\"isere\""),
        "{item}"
    );
    // The script makes no request: no address outside the page in it.
    let script = between(&html, "<script>", "</script>");
    assert!(!script.contains("http") && !script.contains("fetch") && !script.contains("import"));
    // The menu leads to it from every page; the home page shows the next three.
    let home = s.read("index.html");
    assert!(home.contains("<a href=\"./agenda/\">Agenda</a>"), "{home}");
    assert!(
        s.read("fiches/atelier/index.html")
            .contains("<a href=\"../../agenda/\">Agenda</a>")
    );
    let next = between(&home, "id=\"fiches:events\"", "</section>");
    assert!(next.find("atelier").unwrap() < next.find("hiver").unwrap());
    assert!(next.find("hiver").unwrap() < next.find("data-series=\"ete\"").unwrap());
    assert_eq!(next.matches("<li class=\"agenda-item").count(), 3);
    assert!(next.contains("<a href=\"./agenda/\">Tout l’agenda</a>"));
}

#[test]
fn without_a_build_day_every_event_is_upcoming_and_no_day_is_shown() {
    let s = site("");
    let html = s.read("agenda/index.html");
    assert!(!html.contains("Agenda établi"));
    let upcoming = between(&html, "id=\"agenda-upcoming\"", "id=\"agenda-past\"");
    assert!(upcoming.contains("datetime=\"2026-01-15T19:00:00+01:00\""));
    assert_eq!(upcoming.matches("data-series=\"hiver\"").count(), 6);
}

#[test]
fn an_english_site_has_its_events_page() {
    let s = site("language = \"en\"\n");
    s.build_on("2026-03-01");
    let html = s.read("events/index.html");
    assert!(html.contains("<h1>The network&#39;s events</h1>"), "{html}");
    assert!(html.contains(">March 2026</h3>"));
    assert!(!s.exists("agenda/index.html"));
    assert!(
        s.read("index.html")
            .contains("<a href=\"./events/\">Events</a>")
    );
}

#[test]
fn a_fiche_written_after_an_event_links_to_it_and_the_event_links_back() {
    let s = site("");
    s.write(
        "content/bilan.md",
        common::fiche(
            "Ce que la soirée a changé",
            "2026-02-01",
            "factual",
            "event = \"hiver\"",
            "## Contexte\n\nTexte.",
        )
        .as_bytes(),
    );
    s.build_on("2026-08-01");
    let fiche = s.read("fiches/bilan/index.html");
    assert!(fiche.contains("<p class=\"fiche__came-from\">Fiche écrite après l’événement\u{a0}: <a href=\"../../fiches/hiver/\">Soirée d’hiver</a></p>"), "{fiche}");
    let event = s.read("fiches/hiver/index.html");
    assert!(event.contains("<p class=\"event__outcomes\">Ce qu’elle a donné\u{a0}: <a href=\"../../fiches/bilan/\">Ce que la soirée a changé</a></p>"), "{event}");
    // The past event in the agenda leads to what it gave.
    let agenda = s.read("agenda/index.html");
    let hiver = between(&agenda, "data-series=\"hiver\"", "</li>");
    assert!(
        hiver.contains("<a href=\"../fiches/bilan/\">Ce que la soirée a changé</a>"),
        "{hiver}"
    );
    assert!(!s.read("fiches/ete/index.html").contains("event__outcomes"));
}

#[test]
fn an_unknown_event_or_a_fiche_that_is_not_one_is_an_error_at_its_place() {
    let s = site("");
    s.write(
        "content/faute.md",
        common::fiche(
            "Faute",
            "2026-02-01",
            "factual",
            "event = \"hivr\"",
            "Texte.",
        )
        .as_bytes(),
    );
    s.write(
        "content/autre.md",
        common::fiche(
            "Autre",
            "2026-02-01",
            "factual",
            "event = \"faute\"",
            "Texte.",
        )
        .as_bytes(),
    );
    let r = s.build();
    let errors: Vec<&fiches::diagnostic::Diagnostic> =
        r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let unknown = errors
        .iter()
        .find(|d| d.location().starts_with("content/faute.md"))
        .unwrap();
    assert_eq!(unknown.location(), "content/faute.md:7:9");
    assert!(
        unknown
            .message
            .contains("aucun événement publié n'a l'adresse « hivr »"),
        "{}",
        unknown.message
    );
    assert!(
        unknown
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("vouliez-vous dire « hiver »")
    );
    let not_one = errors
        .iter()
        .find(|d| d.location().starts_with("content/autre.md"))
        .unwrap();
    assert_eq!(not_one.location(), "content/autre.md:7:9");
    assert!(
        not_one.message.contains("« faute » n'est pas un événement"),
        "{}",
        not_one.message
    );
    assert!(
        not_one
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("ete, hiver"),
        "{:?}",
        not_one.hint
    );
}

/// What schema.org and search engines require or recommend of an `Article`: a
/// headline of at most 110 characters, authors with names, an ISO publication date,
/// a publisher `Organization` with a name, the page's address.
fn assert_valid_article(doc: &Value) {
    assert_eq!(doc["@context"], "https://schema.org");
    assert_eq!(doc["@type"], "Article");
    let headline = doc["headline"].as_str().unwrap();
    assert!(
        !headline.is_empty() && headline.chars().count() <= 110,
        "{headline}"
    );
    let authors = doc["author"].as_array().unwrap();
    assert!(!authors.is_empty());
    for a in authors {
        assert!(["Person", "Organization"].contains(&a["@type"].as_str().unwrap()));
        assert!(a["name"].as_str().is_some_and(|n| !n.is_empty()), "{a}");
    }
    for key in ["datePublished", "dateModified"] {
        let d = doc[key].as_str().unwrap();
        assert!(d.parse::<jiff::civil::Date>().is_ok(), "{key}: {d}");
    }
    assert_eq!(doc["publisher"]["@type"], "Organization");
    assert!(
        doc["publisher"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert!(doc["url"].as_str().unwrap().starts_with("https://"));
}

#[test]
fn a_fiche_page_has_an_article_published_by_the_network() {
    let long = "Un titre très long ".repeat(10);
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\nbase_url = \"https://exemple.org/\"\n[network]\nname = \"Réseau <Léman> & Cie\"\nurl = \"https://reseau.exemple.org/\"\n",
        ),
        (
            "content/a.md",
            &common::fiche(
                &long,
                "2024-03-14",
                "factual",
                "updated = 2024-05-01\nthemes = [\"Participation\"]",
                "## Contexte\n\nTexte.",
            ),
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\ndate = 2024-03-15\nvariant = \"factual\"\nsummary = \"S.\"\ncollective = \"Collectif « Les voisins »\"\n+++\nTexte.\n",
        ),
    ]);
    s.build_ok();
    let doc = json_ld(&s.read("fiches/a/index.html"));
    assert_valid_article(&doc);
    assert!(doc["headline"].as_str().unwrap().ends_with('…'));
    assert_eq!(doc["name"], long.trim_end());
    assert_eq!(doc["datePublished"], "2024-03-14");
    assert_eq!(doc["dateModified"], "2024-05-01");
    assert_eq!(
        doc["author"][0],
        serde_json::json!({"@type": "Person", "name": "Aïcha"})
    );
    assert_eq!(doc["publisher"]["name"], "Réseau <Léman> & Cie");
    assert_eq!(doc["publisher"]["url"], "https://reseau.exemple.org/");
    assert_eq!(doc["keywords"], "Participation");
    // The home page presents the network as an `Organization`.
    let home = json_ld(&s.read("index.html"));
    assert_eq!(home["@context"], "https://schema.org");
    assert_eq!(home["@type"], "Organization");
    assert_eq!(home["name"], "Réseau <Léman> & Cie");
    assert_eq!(home["url"], "https://reseau.exemple.org/");
    let doc = json_ld(&s.read("fiches/b/index.html"));
    assert_valid_article(&doc);
    assert_eq!(doc["author"][0]["@type"], "Organization");
    assert_eq!(doc["author"][0]["name"], "Collectif « Les voisins »");
    // An event's page has its `Event`, and nothing else.
    let s = site("");
    let html = s.read("fiches/hiver/index.html");
    assert_eq!(html.matches("application/ld+json").count(), 1);
    assert_eq!(json_ld(&html)["@type"], "Event");
    // Without a network, the site publishes.
    let s = Site::new(&[(
        "content/c.md",
        &common::fiche("C", "2024-01-02", "storytelling", "", "Texte."),
    )]);
    s.build_ok();
    let doc = json_ld(&s.read("fiches/c/index.html"));
    assert_valid_article(&doc);
    let home = s.read("index.html");
    assert!(
        !home.contains("application/ld+json"),
        "no network, no Organization"
    );
    assert_eq!(
        doc["publisher"],
        serde_json::json!({"@type": "Organization", "name": "Réseau test", "url": "https://exemple.org/reseau/"})
    );
}

#[test]
fn an_event_page_does_not_repeat_its_start_as_the_action_date() {
    let s = site("");
    let html = s.read("fiches/hiver/index.html");
    assert!(!html.contains("Date de l’action"), "{html}");
    assert!(!html.contains("byline__dates"));
    // Other fiches still say when their action took place.
    s.write(
        "content/bilan.md",
        common::fiche("Bilan", "2026-02-01", "factual", "", "Texte.").as_bytes(),
    );
    s.build_ok();
    assert!(
        s.read("fiches/bilan/index.html")
            .contains("Date de l’action\u{a0}: <time datetime=\"2026-02-01\">")
    );
}

#[test]
fn a_declared_field_named_as_an_events_says_so() {
    for (name, said) in [
        (
            "place",
            "`place` est déjà un champ des événements (variante `event`)",
        ),
        (
            "budget",
            "`budget` est déjà un champ que portent des variantes",
        ),
        ("title", "`title` est déjà un champ de toutes les fiches"),
    ] {
        let s = Site::new(&[(
            "fiches.toml",
            &format!("title = \"R\"\n[fields.{name}]\nlabel = \"Lieu\"\ntype = \"text\"\n"),
        )]);
        let r = s.build();
        let d = r.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(d.message, said);
        assert_eq!(d.location(), "fiches.toml:2:9");
    }
}

#[test]
fn events_are_in_fiches_json_with_their_offsets_and_calendar() {
    let s = site("");
    s.write(
        "content/bilan.md",
        common::fiche("Bilan", "2026-02-01", "factual", "", "Texte.").as_bytes(),
    );
    s.build_ok();
    let data: Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    let fiches = data["fiches"].as_array().unwrap();
    let by_slug = |slug: &str| fiches.iter().find(|f| f["slug"] == slug).unwrap();
    let hiver = &by_slug("hiver")["event"];
    assert_eq!(hiver["start"], "2026-01-15T19:00:00+01:00");
    assert_eq!(hiver["end"], "2026-01-15T21:30:00+01:00");
    assert_eq!(hiver["timezone"], "Europe/Paris");
    assert_eq!(hiver["recurrence"], "FREQ=MONTHLY;COUNT=6;BYDAY=3TH");
    assert_eq!(hiver["ics"], "https://exemple.org/fiches/hiver/hiver.ics");
    let ete = &by_slug("ete")["event"];
    assert_eq!(ete["start"], "2026-07-09T14:00:00+02:00");
    assert_eq!(
        (ete["status"].as_str(), ete["attendance"].as_str()),
        (Some("cancelled"), Some("online"))
    );
    assert!(by_slug("bilan")["event"].is_null());
    // The schema published beside it describes the object.
    let schema: Value = serde_json::from_str(&s.read("fiches.schema.json")).unwrap();
    let text = schema.to_string();
    assert!(
        text.contains("\"event\":{") && text.contains("\"ics\""),
        "{text}"
    );
}
