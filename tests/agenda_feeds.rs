//! Events beyond their pages: in the Atom feed (a paragraph that says when and
//! where, the RSS event module's elements), in `feed.json`'s `_fiches`, the agenda
//! page in the sitemap, and the agenda's past kept to the last twelve months, at
//! most sixty events, the rest left to the search.

mod common;

use common::{Site, between};

const HEAD: &str = "+++\nvariant = \"event\"\nsummary = \"Ce qui va se passer.\"\norganizers = [\"Réseau <Solidaire> & Cie\"]\n";

fn event(title: &str, front: &str) -> String {
    format!("{HEAD}title = \"{title}\"\n{front}+++\n\n## Au programme\n\nDes échanges.\n")
}

fn site(config: &str) -> Site {
    Site::new(&[(
        "fiches.toml",
        &format!("title = \"R\"\nbase_url = \"https://exemple.org/\"\n{config}"),
    )])
}

#[test]
fn the_atom_feed_says_when_and_where_an_event_is() {
    let s = site("");
    s.write(
        "content/hiver.md",
        event(
            "Soirée d'hiver",
            "start = 2026-01-15T19:00:00\nend = 2026-01-15T21:30:00\nplace = \"Centre <social>\"\naddress = \"3 rue Haute\"\ntown = \"Lyon\"\nrecurrence = \"FREQ=MONTHLY;BYDAY=3TH;COUNT=6\"\n",
        )
        .as_bytes(),
    );
    s.write(
        "content/ete.md",
        event(
            "Visio d'été",
            "start = 2026-07-09T14:00:00\nattendance = \"online\"\nonline_url = \"https://visio.exemple.org/ete?a=1&b=2\"\nstatus = \"cancelled\"\n",
        )
        .as_bytes(),
    );
    s.build_ok();
    let atom = s.read("atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("{e}: {atom}"));
    let ev = "http://purl.org/rss/1.0/modules/event/";
    let entry = |slug: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .find(|n| {
                n.children()
                    .any(|c| c.has_tag_name("id") && c.text().unwrap_or("").contains(slug))
            })
            .unwrap()
    };
    let text = |n: roxmltree::Node, ns: &str, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ns, name)))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    let hiver = entry("hiver");
    assert_eq!(
        text(hiver, ev, "startdate").unwrap(),
        "2026-01-15T19:00:00+01:00"
    );
    assert_eq!(
        text(hiver, ev, "enddate").unwrap(),
        "2026-01-15T21:30:00+01:00"
    );
    assert_eq!(
        text(hiver, ev, "location").unwrap(),
        "Centre <social>, 3 rue Haute, Lyon"
    );
    assert_eq!(
        text(hiver, ev, "organizer").unwrap(),
        "Réseau <Solidaire> & Cie"
    );
    // The content (HTML in the XML) opens with when and where, escaped once more.
    let atom_ns = "http://www.w3.org/2005/Atom";
    let content = text(hiver, atom_ns, "content").unwrap();
    assert!(
        content.starts_with(
            "<p><strong>jeudi 15 janvier 2026, de 19\u{a0}h à 21\u{a0}h\u{a0}30</strong> ("
        ) && content.contains("<br>Centre &lt;social&gt;, 3 rue Haute, Lyon</p>\n<h2"),
        "{content}"
    );
    let ete = entry("ete");
    assert_eq!(
        text(ete, ev, "location").unwrap(),
        "https://visio.exemple.org/ete?a=1&b=2"
    );
    assert!(text(ete, ev, "enddate").is_none());
    let content = text(ete, atom_ns, "content").unwrap();
    assert!(
        content.contains("<br>en ligne<br><strong>Annulé</strong></p>"),
        "{content}"
    );

    // feed.json carries the same event object as fiches.json.
    let feed: serde_json::Value = serde_json::from_str(&s.read("feed.json")).unwrap();
    let item = (feed["items"].as_array().unwrap().iter())
        .find(|i| i["_fiches"]["slug"] == "hiver")
        .unwrap();
    let event = &item["_fiches"]["event"];
    assert_eq!(event["start"], "2026-01-15T19:00:00+01:00");
    assert_eq!(event["recurrence"], "FREQ=MONTHLY;COUNT=6;BYDAY=3TH");
    assert_eq!(event["ics"], "https://exemple.org/fiches/hiver/hiver.ics");
    let data: serde_json::Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    let entry = (data["fiches"].as_array().unwrap().iter())
        .find(|f| f["slug"] == "hiver")
        .unwrap();
    assert_eq!(&entry["event"], event);
}

#[test]
fn a_site_without_events_keeps_its_feeds_as_they_were() {
    let s = site("");
    s.write(
        "content/jardin.md",
        common::fiche(
            "Jardin",
            "2024-01-01",
            "factual",
            "",
            "## Contexte\n\nUn jardin.\n",
        )
        .as_bytes(),
    );
    s.build_ok();
    let atom = s.read("atom.xml");
    assert!(
        !atom.contains("xmlns:ev") && !atom.contains("<ev:"),
        "{atom}"
    );
    let feed: serde_json::Value = serde_json::from_str(&s.read("feed.json")).unwrap();
    assert!(feed["items"][0]["_fiches"].get("event").is_none());
    assert!(!s.read("sitemap.xml").contains("agenda"));
}

#[test]
fn the_agenda_page_is_in_the_sitemap() {
    let s = site("");
    s.write(
        "content/ete.md",
        event(
            "Visio",
            "start = 2026-07-09T14:00:00\nattendance = \"online\"\n",
        )
        .as_bytes(),
    );
    s.build_ok();
    let map = s.read("sitemap.xml");
    assert!(
        map.contains("<loc>https://exemple.org/agenda/</loc>"),
        "{map}"
    );
    assert_eq!(map.matches("<loc>").count(), map.matches("</url>").count());
    let s = site("language = \"en\"\n");
    s.write(
        "content/ete.md",
        event(
            "Visio",
            "start = 2026-07-09T14:00:00\nattendance = \"online\"\n",
        )
        .as_bytes(),
    );
    s.build_ok();
    assert!(
        s.read("sitemap.xml")
            .contains("<loc>https://exemple.org/events/</loc>")
    );
}

/// `n` one-off online events, one a day back from 30 June 2026.
fn many_past(s: &Site, n: u32) {
    let last = jiff::civil::date(2026, 6, 30);
    for i in 0..n {
        let day = last
            .checked_sub(jiff::Span::new().days(i64::from(i)))
            .unwrap();
        s.write(
            &format!("content/e{i:03}.md"),
            event(
                &format!("Rencontre {i}"),
                &format!("start = {day}T10:00:00\nattendance = \"online\"\n"),
            )
            .as_bytes(),
        );
    }
}

#[test]
fn the_past_keeps_the_last_twelve_months_at_most_sixty_and_leads_to_the_search() {
    let s = site("");
    many_past(&s, 3);
    s.write(
        "content/ancienne.md",
        event(
            "Ancienne",
            "start = 2025-07-01T10:00:00\nattendance = \"online\"\n",
        )
        .as_bytes(),
    );
    s.build_on("2026-07-01");
    let html = s.read("agenda/index.html");
    let past = between(&html, "id=\"agenda-past\"", "</section>");
    assert_eq!(past.matches("<li class=\"agenda-item").count(), 4, "{past}");
    assert!(past.contains("data-series=\"ancienne\""));
    assert!(!past.contains("agenda__older"));
    // A day later, the old one is more than twelve months back: left to the search.
    s.build_on("2026-07-02");
    let html = s.read("agenda/index.html");
    let past = between(&html, "id=\"agenda-past\"", "</section>");
    assert_eq!(past.matches("<li class=\"agenda-item").count(), 3);
    assert!(!past.contains("ancienne"));
    assert!(
        past.contains(
            "<a href=\"../search/?when=past\">Voir tous les événements passés dans la recherche</a>"
        ),
        "{past}"
    );

    // Seventy in the last months: the latest sixty, the latest first.
    let s = site("search = false\n");
    many_past(&s, 70);
    s.build_on("2026-07-01");
    let html = s.read("agenda/index.html");
    let past = between(&html, "id=\"agenda-past\"", "</section>");
    let series: Vec<&str> = past
        .match_indices("data-series=\"")
        .map(|(i, _)| &past[i + 13..i + 17])
        .collect();
    let expected: Vec<String> = (0..60).map(|i| format!("e{i:03}")).collect();
    assert_eq!(series, expected);
    // Without a search, the page says where the older ones are.
    assert!(past.contains("Les événements plus anciens restent consultables sur leur fiche."));
    assert!(!past.contains("search/"));
}

/// `n` one-off online events, one a day from 1 July 2026 (`search = false` or not).
fn many_upcoming(s: &Site, n: u32) {
    let first = jiff::civil::date(2026, 7, 1);
    for i in 0..n {
        let day = first
            .checked_add(jiff::Span::new().days(i64::from(i)))
            .unwrap();
        s.write(
            &format!("content/u{i:05}.md"),
            event(
                &format!("Rendez-vous {i}"),
                &format!("start = {day}T10:00:00\nattendance = \"online\"\n"),
            )
            .as_bytes(),
        );
    }
}

/// The series of the items of a list, in order.
fn series_of(list: &str) -> Vec<String> {
    list.split("data-series=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn the_upcoming_keeps_the_first_hundred_dates_and_leads_to_the_rest() {
    let s = site("");
    many_upcoming(&s, 98);
    // A monthly series from August: its next six dates count among the hundred.
    s.write(
        "content/groupe.md",
        event(
            "Groupe de pairs",
            "start = 2026-08-06T18:00:00\nattendance = \"online\"\nrecurrence = \"FREQ=MONTHLY;BYDAY=1TH\"\n",
        )
        .as_bytes(),
    );
    s.build_on("2026-06-30");
    let html = s.read("agenda/index.html");
    let upcoming = between(&html, "id=\"agenda-upcoming\"", "id=\"agenda-past\"");
    let series = series_of(upcoming);
    assert_eq!(series.len(), 100);
    // The first of July to the fifth of October: 97 one-offs (u00000 to u00096), and
    // the group's dates of August, September and October (6 August at 18:00, after u00036).
    assert_eq!(
        series.iter().filter(|s| *s == "groupe").count(),
        3,
        "{series:?}"
    );
    assert_eq!(series[0], "u00000");
    assert_eq!(series[37], "groupe");
    assert_eq!(series[99], "u00096");
    assert!(!series.contains(&"u00097".to_string()));
    assert!(
        upcoming.contains(
            "<a href=\"../search/?when=upcoming\">Voir tous les événements à venir dans la recherche</a>"
        ),
        "{upcoming}"
    );
    // The home page shows the next three.
    let home = s.read("index.html");
    assert_eq!(
        series_of(between(&home, "id=\"fiches:events\"", "</section>")),
        ["u00000", "u00001", "u00002"]
    );

    // Within the hundred, no link; without a search, the link is to the whole agenda.
    let s = site("search = false\n");
    many_upcoming(&s, 100);
    s.build_on("2026-06-30");
    let html = s.read("agenda/index.html");
    let upcoming = between(&html, "id=\"agenda-upcoming\"", "id=\"agenda-past\"");
    assert_eq!(series_of(upcoming).len(), 100);
    assert!(!upcoming.contains("agenda__older"));
    many_upcoming(&s, 101);
    s.build_on("2026-06-30");
    let html = s.read("agenda/index.html");
    let upcoming = between(&html, "id=\"agenda-upcoming\"", "id=\"agenda-past\"");
    assert_eq!(series_of(upcoming).len(), 100);
    assert!(
        upcoming.contains("<a href=\"../agenda.ics\" download type=\"text/calendar\">Toutes les dates à venir\u{a0}: télécharger l’agenda complet (.ics)</a>"),
        "{upcoming}"
    );
}

/// Thousands of upcoming events: the agenda page stays the size of a hundred dates.
#[test]
fn thousands_of_upcoming_events_make_an_agenda_of_bounded_size() {
    let small = site("");
    many_upcoming(&small, 101);
    small.build_on("2026-06-30");
    let big = site("");
    many_upcoming(&big, 2_000);
    big.build_on("2026-06-30");
    let (a, b) = (
        small.read("agenda/index.html"),
        big.read("agenda/index.html"),
    );
    let first = |html: &str| {
        series_of(between(
            html,
            "id=\"agenda-upcoming\"",
            "id=\"agenda-past\"",
        ))
    };
    assert_eq!(first(&a), first(&b));
    // The same dates; only the longer file names of the filters and counts may differ.
    assert!(b.len() < a.len() + 1_000, "{} then {}", a.len(), b.len());
}
