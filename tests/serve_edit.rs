//! Editing fiches from the browser while `serve` runs: the form is prefilled, a save
//! writes the file keeping its comments and reaches the page, and forged, stale or
//! out-of-bounds saves are refused with nothing written.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Site, browser_ready, request, serve};

fn get(port: u16, path: &str, host: &str) -> (u16, String) {
    request(port, &format!("GET {path} HTTP/1.1\r\nHost: {host}"), "")
}

fn post(port: u16, origin: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let (status, text) = request(
        port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\nContent-Type: application/json"
        ),
        &body.to_string(),
    );
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// The form's data embedded in the edit page.
fn form_data(port: u16, query: &str) -> serde_json::Value {
    let (status, page) = get(
        port,
        &format!("/__fiches/edit{query}"),
        &format!("127.0.0.1:{port}"),
    );
    assert_eq!(status, 200, "{page}");
    let start = page.find("id=\"fiches-form-data\">").unwrap() + "id=\"fiches-form-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

const FICHE: &str = "+++\n# Le titre, tel qu'il apparaît en haut de la page.\ntitle = \"Le jardin\"\ndate = 2024-03-14\nvariant = \"factual\"\nsummary = \"Un jardin partagé.\"\nauthors = [\"Aïcha\"]\nslug = \"jardin-partage\"\n# Période de l'action\nperiod = \"2023\"\n+++\n\nUn mot d'abord.\n\n## Contexte\n\nUn quartier.\n\n## Carnet\n\nNotes libres.\n";

fn site() -> Site {
    Site::new(&[("content/jardin.md", FICHE)])
}

fn eventually(port: u16, path: &str, needle: &str) {
    let start = Instant::now();
    loop {
        let (_, body) = get(port, path, "localhost");
        if body.contains(needle) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{needle} never showed on {path}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_fiche_edited_in_the_form_is_written_in_place_and_reloads() {
    let s = site();
    let srv = serve(&s);
    let own = format!("localhost:{}", srv.port);
    let (_, page) = get(srv.port, "/fiches/jardin-partage/", &own);
    assert!(
        page.contains("/__fiches/edit?fiche=jardin-partage"),
        "the page offers editing"
    );
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let edit = &data["edit"];
    assert_eq!(edit["path"], "content/jardin.md");
    assert_eq!(edit["values"]["title"], "Le jardin");
    assert_eq!(edit["values"]["period"], "2023");
    assert_eq!(edit["sections"][0]["text"], "Un quartier.");
    assert!(edit["extra"].as_str().unwrap().contains("## Carnet"));

    let mut values = edit["values"].clone();
    values["title"] = "Le jardin des Buissons".into();
    values["tags"] = serde_json::json!(["jardin", "entraide"]);
    values.as_object_mut().unwrap().remove("period");
    let save = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": values,
        "sections": [{"title": "Contexte", "text": "Un quartier du nord."}], "extra": edit["extra"],
    });
    let origin = format!("http://127.0.0.1:{}", srv.port);
    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["url"], "/fiches/jardin-partage/");
    let text = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    assert!(text.contains("# Le titre, tel qu'il apparaît en haut de la page.\ntitle = \"Le jardin des Buissons\"\n"), "{text}");
    assert!(
        text.contains("slug = \"jardin-partage\""),
        "keys the form does not show stay"
    );
    assert!(!text.contains("period"), "{text}");
    assert!(text.contains("tags = [\"jardin\", \"entraide\"]"));
    assert!(
        text.contains("Un mot d'abord.\n\n## Contexte\n\nUn quartier du nord.\n"),
        "{text}"
    );
    assert!(text.contains("## Carnet\n\nNotes libres."));
    eventually(
        srv.port,
        "/fiches/jardin-partage/",
        "Le jardin des Buissons",
    );

    // The same form again: the file changed since, so the save is refused with the change.
    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(status, 422);
    assert!(
        reply["conflict"]
            .as_str()
            .unwrap()
            .contains("+ title = \"Le jardin des Buissons\""),
        "{reply}"
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap(),
        text
    );
}

#[test]
fn forged_and_out_of_bounds_saves_write_nothing() {
    let s = site();
    let srv = serve(&s);
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let edit = &data["edit"];
    let origin = format!("http://127.0.0.1:{}", srv.port);
    let good = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": [], "extra": "",
    });
    let mut forged = good.clone();
    forged["token"] = "0".repeat(32).into();
    let mut outside = good.clone();
    outside["path"] = "content/../fiches.toml".into();
    let mut config = good.clone();
    config["path"] = "fiches.toml".into();
    for (what, origin, body, status) in [
        ("another site's page", "https://evil.example", &good, 403),
        ("no origin", "null", &good, 403),
        ("a wrong token", origin.as_str(), &forged, 403),
        ("a path leaving content/", origin.as_str(), &outside, 403),
        ("the configuration", origin.as_str(), &config, 403),
    ] {
        let (got, reply) = post(srv.port, origin, body);
        assert_eq!(got, status, "{what}: {reply}");
    }
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap(),
        FICHE
    );
    // A name that points here from elsewhere (DNS rebinding) gets no form, no token.
    let (status, body) = get(
        srv.port,
        "/__fiches/edit?fiche=jardin-partage",
        "evil.example",
    );
    assert_eq!(status, 403);
    assert!(!body.contains(edit["token"].as_str().unwrap()));
    // An oversized request is refused before it is read.
    let (status, _) = request(
        srv.port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {origin}",
            srv.port
        ),
        &"x".repeat(13 << 20),
    );
    assert_eq!(status, 413);
}

#[test]
fn a_new_fiche_is_created_checked_and_never_over_another() {
    let s = site();
    let srv = serve(&s);
    let (_, home) = get(srv.port, "/", &format!("localhost:{}", srv.port));
    assert!(
        home.contains("/__fiches/edit\""),
        "the home page offers a new fiche"
    );
    let data = form_data(srv.port, "");
    let origin = format!("http://127.0.0.1:{}", srv.port);
    let mut save = serde_json::json!({
        "token": data["edit"]["token"], "path": null,
        "values": {"variant": "storytelling", "title": "Les voisins", "date": "2024-05-02",
                   "summary": "Des voisins se rencontrent.", "collective": "Les voisins du 12",
                   "testimonies": [{"name": "Nadia", "quote": "On se connaît enfin.", "consent": false}]},
        "sections": [{"title": "Le récit", "text": "Tout a commencé un jeudi."}], "extra": "",
    });
    // Without the person's consent, nothing is written and the form says where.
    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(status, 422, "{reply}");
    assert!(
        reply["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "testimonies"),
        "{reply}"
    );
    assert!(!s.path().join("content/les-voisins.md").exists());

    save["values"]["testimonies"][0]["consent"] = true.into();
    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(status, 200, "{reply}");
    let text = std::fs::read_to_string(s.path().join("content/les-voisins.md")).unwrap();
    assert!(text.contains("draft = true"), "{text}");
    let report = fiches::check(s.path());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);

    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(
        status, 422,
        "a second fiche of the same title is refused: {reply}"
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/les-voisins.md")).unwrap(),
        text
    );
}

#[test]
fn a_fiche_is_edited_in_the_browser_and_forged_or_stale_saves_are_refused() {
    if !browser_ready("serve edit checks", false) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = site();
    let srv = serve(&s);
    let result = Command::new("node")
        .arg(root.join("tests/browser/serve_edit.mjs"))
        .arg(format!("http://127.0.0.1:{}/", srv.port))
        .arg(s.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("serve edit checks passed"), "{stdout}");
}

/// A tiny JPEG whose metadata says where it was taken.
/// A real JPEG (the build decodes photos) with an EXIF block after its start.
fn jpeg_with_gps() -> Vec<u8> {
    let mut real = Vec::new();
    image::DynamicImage::new_rgb8(16, 16)
        .write_to(
            &mut std::io::Cursor::new(&mut real),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let mut b = real[..2].to_vec();
    let exif = b"Exif\0\0GPS 46.2044N 6.1432E";
    b.extend_from_slice(&[0xFF, 0xE1]);
    b.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    b.extend_from_slice(exif);
    b.extend_from_slice(&real[2..]);
    b
}

#[test]
fn a_photo_added_in_the_form_moves_the_fiche_into_its_folder_without_its_gps() {
    use base64::Engine;
    let s = site();
    let srv = serve(&s);
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let edit = &data["edit"];
    let origin = format!("http://127.0.0.1:{}", srv.port);
    let photo = base64::engine::general_purpose::STANDARD.encode(jpeg_with_gps());
    let mut save = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": edit["sections"], "extra": edit["extra"],
        "image": {"name": "Fête des voisins.jpeg", "data": photo, "alt": ""},
    });
    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(status, 422, "a photo needs its description: {reply}");
    assert!(
        reply["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "image_alt")
    );
    assert!(s.path().join("content/jardin.md").exists());

    save["image"]["alt"] = "Des voisins autour d'une table".into();
    let (status, reply) = post(srv.port, &origin, &save);
    assert_eq!(status, 200, "{reply}");
    assert!(
        !s.path().join("content/jardin.md").exists(),
        "the single file goes"
    );
    let text = std::fs::read_to_string(s.path().join("content/jardin/index.md")).unwrap();
    assert!(text.contains("image = \"fete-des-voisins.jpg\""), "{text}");
    assert!(text.contains("image_alt = \"Des voisins autour d'une table\""));
    assert!(text.contains("# Le titre, tel qu'il apparaît en haut de la page."));
    let stored = std::fs::read(s.path().join("content/jardin/fete-des-voisins.jpg")).unwrap();
    assert!(
        !String::from_utf8_lossy(&stored).contains("GPS"),
        "where it was taken is gone"
    );
    eventually(srv.port, "/fiches/jardin-partage/", "fete-des-voisins.jpg");
    let report = fiches::check(s.path());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
}
