//! Editing fiches from the browser while `serve` runs: the form is prefilled, a save
//! writes the file keeping its comments and reaches the page, and forged, stale or
//! out-of-bounds saves are refused with nothing written.

mod common;

use std::path::Path;
use std::process::Command;

use common::live::until;
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

/// Waits until the page at `path` shows `needle`, looked at again after each event
/// of the server.
fn eventually(port: u16, path: &str, needle: &str) {
    until(port, &format!("{needle} on {path}"), || {
        let (status, body) = get(port, path, "localhost");
        body.contains(needle).then_some(()).ok_or((status, body))
    });
}

/// Waits until the page at `path` is served.
fn served(port: u16, path: &str) {
    until(port, path, || match get(port, path, "localhost") {
        (200, _) => Ok(()),
        other => Err(other),
    });
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
    assert_eq!(status, 409);
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

/// A save of the form `data` opened, with its sections and rest of the text replaced.
fn save_of(
    data: &serde_json::Value,
    sections: serde_json::Value,
    extra: &str,
) -> serde_json::Value {
    let edit = &data["edit"];
    serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": sections, "extra": extra,
    })
}

fn own_origin(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Waits until the served page shows that the last rebuild failed.
fn until_failed(port: u16) {
    eventually(port, "/", "fiches-overlay");
}

#[test]
fn after_a_failed_rebuild_the_form_opens_on_the_file_on_disk() {
    let s = site();
    let srv = serve(&s);
    // Written meanwhile in a text editor: a link to a fiche not written yet makes the
    // rebuild fail, and the site shown stays the previous one.
    let newer = FICHE
        .replace("title = \"Le jardin\"", "title = \"Le jardin d'hiver\"")
        .replace(
            "Notes libres.",
            "Notes libres.\n\nVoir [la suite](suite.md).",
        );
    s.write("content/jardin.md", newer.as_bytes());
    until_failed(srv.port);
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let edit = &data["edit"];
    assert_eq!(edit["values"]["title"], "Le jardin d'hiver", "{edit}");
    assert!(
        edit["extra"]
            .as_str()
            .unwrap()
            .contains("Voir [la suite](suite.md)."),
        "{edit}"
    );
    // Saved as opened (the link fixed), nothing written on disk since is lost.
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        &edit["extra"]
            .as_str()
            .unwrap()
            .replace("(suite.md)", "(jardin.md)"),
    );
    save["values"]["summary"] = "Un jardin partagé, l'hiver.".into();
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 200, "{reply}");
    let text = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    assert!(text.contains("title = \"Le jardin d'hiver\""), "{text}");
    assert!(text.contains("Voir [la suite](jardin.md)."), "{text}");

    // A file the form could not keep as it is: refused with what to fix, in French.
    let broken = FICHE.replace("date = 2024-03-14", "date = \"le 14 mars\"");
    s.write("content/jardin.md", broken.as_bytes());
    until_failed(srv.port);
    let (status, page) = get(
        srv.port,
        "/__fiches/edit?fiche=jardin-partage",
        &format!("127.0.0.1:{}", srv.port),
    );
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("ne peut pas s'ouvrir dans le formulaire")
            && page.contains("content/jardin.md:4:")
            && page.contains("éditeur de texte"),
        "{page}"
    );
    assert!(!page.contains("fiches-form-data"), "no form: {page}");
    let unparsable = FICHE.replace("title = \"Le jardin\"", "title = \"Le jardin");
    s.write("content/jardin.md", unparsable.as_bytes());
    until(srv.port, "the form refused on the unparsable file", || {
        let (status, page) = get(
            srv.port,
            "/__fiches/edit?fiche=jardin-partage",
            &format!("127.0.0.1:{}", srv.port),
        );
        (status == 422 && page.contains("content/jardin.md:3:"))
            .then_some(())
            .ok_or((status, page))
    });
}

#[test]
fn a_save_that_fiches_check_refuses_writes_nothing() {
    let s = site();
    let srv = serve(&s);
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let origin = own_origin(srv.port);
    for (sections, extra, field, says) in [
        (
            serde_json::json!([{"title": "Contexte", "text": "Voir [la suite](suite.md)."}]),
            "Un mot d'abord.",
            "Contexte",
            "n'existe pas",
        ),
        (
            serde_json::json!([{"title": "Contexte", "text": "Un quartier."}]),
            "Le plan : ![plan](plan.png)",
            "extra",
            "introuvable",
        ),
    ] {
        let (status, reply) = post(srv.port, &origin, &save_of(&data, sections, extra));
        assert_eq!(status, 422, "{reply}");
        let errors = reply["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["message"].as_str().unwrap().contains(says)),
            "{reply}"
        );
        assert_eq!(
            std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap(),
            FICHE
        );
    }
}

/// The names of the files in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn simultaneous_saves_of_one_fiche_give_one_version_and_clear_conflicts() {
    let s = site();
    let srv = serve(&s);
    let origin = own_origin(srv.port);
    let writers = 8;
    for round in 0..4 {
        let data = form_data(srv.port, "?fiche=jardin-partage");
        let barrier = std::sync::Barrier::new(writers);
        let answers: Vec<(usize, u16, serde_json::Value)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..writers)
                .map(|w| {
                    let (data, barrier, origin, port) = (&data, &barrier, &origin, srv.port);
                    scope.spawn(move || {
                        let text = format!("Version {round}-{w}.");
                        let save = save_of(
                            data,
                            serde_json::json!([{"title": "Contexte", "text": text}]),
                            "Un mot d'abord.",
                        );
                        barrier.wait();
                        let (status, reply) = post(port, origin, &save);
                        (w, status, reply)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won: Vec<usize> = answers
            .iter()
            .filter(|(_, status, _)| *status == 200)
            .map(|(w, _, _)| *w)
            .collect();
        for (_, status, reply) in &answers {
            assert!(
                *status == 200 || (*status == 409 && reply["conflict"].is_string()),
                "round {round}: {status} {reply}"
            );
        }
        assert_eq!(won.len(), 1, "round {round}: one save wins: {answers:?}");
        let text = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
        assert!(
            text.ends_with(&format!("## Contexte\n\nVersion {round}-{}.\n", won[0])),
            "{text}"
        );
        assert_eq!(text.matches("Version ").count(), 1, "{text}");
        assert_eq!(names(&s.path().join("content")), ["jardin.md"]);
    }
    // New fiches of one title at once: one is written, the others are told why not.
    let data = form_data(srv.port, "");
    let barrier = std::sync::Barrier::new(writers);
    let statuses: Vec<(u16, serde_json::Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let (data, barrier, origin, port) = (&data, &barrier, &origin, srv.port);
                scope.spawn(move || {
                    let save = serde_json::json!({
                        "token": data["edit"]["token"], "path": null,
                        "values": {"variant": "factual", "title": "Les voisins", "date": "2024-05-02",
                                   "summary": format!("Version {w}."), "authors": ["Aïcha"]},
                        "sections": [], "extra": "Un texte.",
                    });
                    barrier.wait();
                    post(port, origin, &save)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        statuses.iter().filter(|(status, _)| *status == 200).count(),
        1,
        "{statuses:?}"
    );
    for (status, reply) in &statuses {
        assert!(
            *status == 200 || (*status == 422 && reply["errors"][0]["field"] == "title"),
            "{status} {reply}"
        );
    }
    assert_eq!(
        names(&s.path().join("content")),
        ["jardin.md", "les-voisins.md"]
    );
}

#[test]
fn a_link_planted_at_a_temporary_name_is_never_followed() {
    let s = site();
    let srv = serve(&s);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "à garder").unwrap();
    // The names a save used to write to first, and a few more of that kind.
    let pid = srv.child.id();
    for name in [
        format!(".jardin.md.fiches-edit-{pid}"),
        format!(".jardin.md.fiches-edit-{pid}-0"),
        format!(".jardin.md.fiches-edit-{pid}-1"),
    ] {
        std::os::unix::fs::symlink(&secret, s.path().join("content").join(name)).unwrap();
    }
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let save = save_of(
        &data,
        serde_json::json!([{"title": "Contexte", "text": "Un autre quartier."}]),
        "",
    );
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "à garder");
    let fiche = s.path().join("content/jardin.md");
    assert!(!fiche.symlink_metadata().unwrap().is_symlink());
    assert!(
        std::fs::read_to_string(&fiche)
            .unwrap()
            .contains("Un autre quartier.")
    );
    // The fiche's file itself turned into a link: the form does not show where it leads.
    let elsewhere = outside.path().join("ailleurs.md");
    std::fs::write(
        &elsewhere,
        FICHE.replace("Un quartier.", "Texte de Zanzibar."),
    )
    .unwrap();
    std::fs::remove_file(&fiche).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &fiche).unwrap();
    let (status, page) = get(
        srv.port,
        "/__fiches/edit?fiche=jardin-partage",
        &format!("127.0.0.1:{}", srv.port),
    );
    assert_eq!(status, 403, "{page}");
    assert!(!page.contains("Zanzibar"), "{page}");
    // Nor does the site: the rebuild refuses the link instead of reading through it.
    until_failed(srv.port);
    let (_, page) = get(srv.port, "/fiches/jardin-partage/", "localhost");
    assert!(!page.contains("Zanzibar"), "{page}");
}

#[test]
fn a_new_cover_photo_never_replaces_a_photo_of_the_fiche() {
    use base64::Engine;
    let shown = common::png(24, 16);
    let s = Site::new(&[(
        "content/jardin/index.md",
        &FICHE.replace("Notes libres.", "Notes libres.\n\n![Les bacs](bacs.png)"),
    )]);
    s.write("content/jardin/bacs.png", &shown);
    let srv = serve(&s);
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let edit = &data["edit"];
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        edit["extra"].as_str().unwrap(),
    );
    save["image"] = serde_json::json!({
        "name": "bacs.png", "alt": "Le jardin en été",
        "data": base64::engine::general_purpose::STANDARD.encode(common::png(32, 32)),
    });
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        std::fs::read(s.path().join("content/jardin/bacs.png")).unwrap(),
        shown,
        "the photo shown in the text is kept"
    );
    let text = std::fs::read_to_string(s.path().join("content/jardin/index.md")).unwrap();
    assert!(text.contains("image = \"bacs-2.png\""), "{text}");
    assert!(s.path().join("content/jardin/bacs-2.png").is_file());
    let report = fiches::check(s.path());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
}

#[test]
fn a_cover_moves_a_single_file_fiche_with_its_links_or_says_why_not() {
    use base64::Engine;
    let a = FICHE.replace("Notes libres.", "Voir [c](c.md) et [le plan](c/plan.pdf).");
    let c = common::fiche("Le c", "2024-01-02", "factual", "", "Texte.");
    let s = Site::new(&[
        ("content/a.md", a.as_str()),
        ("content/c/index.md", c.as_str()),
        (
            "content/c.md",
            &common::fiche("Le c2", "2024-01-03", "factual", "slug = \"c2\"", "T."),
        ),
    ]);
    s.write("content/c/plan.pdf", b"%PDF-1.4\n");
    let srv = serve(&s);
    let photo = base64::engine::general_purpose::STANDARD.encode(common::png(32, 32));
    let data = form_data(srv.port, "?fiche=jardin-partage");
    let edit = &data["edit"];
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        edit["extra"].as_str().unwrap(),
    );
    save["image"] = serde_json::json!({"name": "a.png", "alt": "Le jardin", "data": photo});
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 200, "{reply}");
    assert!(!s.path().join("content/a.md").exists());
    let text = std::fs::read_to_string(s.path().join("content/a/index.md")).unwrap();
    assert!(
        text.contains("Voir [c](../c.md) et [le plan](../c/plan.pdf)."),
        "{text}"
    );
    let report = fiches::check(s.path());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);

    // Another fiche links to the file that would move: refused, saying where.
    let b = common::fiche("Le b", "2024-01-04", "factual", "", "Texte.");
    let d = common::fiche("Le d", "2024-01-05", "factual", "", "Voir [b](b.md).");
    s.write("content/b.md", b.as_bytes());
    s.write("content/d.md", d.as_bytes());
    served(srv.port, "/fiches/d/");
    let data = form_data(srv.port, "?fiche=b");
    let edit = &data["edit"];
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        edit["extra"].as_str().unwrap(),
    );
    save["image"] = serde_json::json!({"name": "b.png", "alt": "Le b", "data": photo});
    let before = common::snapshot(&s.path().join("content"));
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 422, "{reply}");
    let all = reply.to_string();
    assert!(
        all.contains("content/d.md:") && all.contains("passe de content/b.md"),
        "{reply}"
    );
    assert_eq!(
        common::snapshot(&s.path().join("content")),
        before,
        "nothing written, nothing left"
    );
    assert!(!s.path().join("content/b").exists());

    // The folder the fiche would move to has its own fiche: refused at the photo.
    let e = common::fiche("Le e", "2024-01-06", "factual", "", "Texte.");
    let e2 = common::fiche("Le e2", "2024-01-07", "factual", "slug = \"e2\"", "Texte.");
    s.write("content/e.md", e.as_bytes());
    s.write("content/e/index.md", e2.as_bytes());
    served(srv.port, "/fiches/e2/");
    let data = form_data(srv.port, "?fiche=e");
    let edit = &data["edit"];
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        edit["extra"].as_str().unwrap(),
    );
    save["image"] = serde_json::json!({"name": "e.png", "alt": "Le e", "data": photo});
    let before = common::snapshot(&s.path().join("content"));
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["errors"][0]["field"], "image", "{reply}");
    assert_eq!(common::snapshot(&s.path().join("content")), before);
}

#[test]
fn a_new_fiche_never_takes_the_address_of_a_draft() {
    let draft = common::fiche("Garden", "2024-01-02", "factual", "draft = true", "Texte.");
    let s = Site::new(&[
        ("content/jardin.md", FICHE),
        ("content/2024/garden.md", draft.as_str()),
    ]);
    let srv = serve(&s);
    let data = form_data(srv.port, "");
    let fnv1a = |s: &str| {
        s.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        })
    };
    assert!(
        data["taken"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(fnv1a("garden"))),
        "the form warns of it: {}",
        data["taken"]
    );
    let save = serde_json::json!({
        "token": data["edit"]["token"], "path": null,
        "values": {"variant": "factual", "title": "Garden", "date": "2024-05-02",
                   "summary": "Un jardin.", "authors": ["Aïcha"]},
        "sections": [{"title": "Contexte", "text": "Un quartier."}], "extra": "",
    });
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["errors"][0]["field"], "title", "{reply}");
    assert!(!s.path().join("content/garden.md").exists());
}

/// A title the form cannot spell (Cyrillic): the form cannot tell its address, so the
/// server's check does, as a build would: the address `mir` of another fiche is
/// refused at the title, and nothing is written.
#[test]
fn a_title_the_form_cannot_spell_is_refused_by_the_server_when_its_address_is_taken() {
    let other = common::fiche("Mir", "2024-01-02", "factual", "", "Texte.");
    let s = Site::new(&[
        ("content/jardin.md", FICHE),
        ("content/2024/mir.md", &other),
    ]);
    let srv = serve(&s);
    let data = form_data(srv.port, "");
    let save = serde_json::json!({
        "token": data["edit"]["token"], "path": null,
        "values": {"variant": "factual", "title": "Мир", "date": "2024-05-02",
                   "summary": "Un monde.", "authors": ["Aïcha"]},
        "sections": [{"title": "Contexte", "text": "Un quartier."}], "extra": "",
    });
    let before = common::snapshot(&s.path().join("content"));
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["errors"][0]["field"], "title", "{reply}");
    assert_eq!(common::snapshot(&s.path().join("content")), before);
}

#[test]
fn the_form_data_cannot_end_its_script_element() {
    let hostile = "Un `<!--` puis `<script>` et `</script>` & `-->` \u{2028}fin.";
    let s = Site::new(&[(
        "content/jardin.md",
        &FICHE.replace("Notes libres.", hostile).replace(
            "period = \"2023\"",
            "period = \"2023\"\ntags = [\"<!--<script>\"]",
        ),
    )]);
    let srv = serve(&s);
    let (status, page) = get(
        srv.port,
        "/__fiches/edit?fiche=jardin-partage",
        &format!("127.0.0.1:{}", srv.port),
    );
    assert_eq!(status, 200);
    let data = script_data(&page, "fiches-form-data");
    assert!(data["edit"]["extra"].as_str().unwrap().contains(hostile));
    // The "Proposer une fiche" page of the site built, with such a term.
    s.build_ok();
    let page = s.read("proposer/index.html");
    let data = script_data(&page, "fiches-form-data");
    assert!(
        data["terms"]["tags"].to_string().contains("<!--<script>"),
        "{data}"
    );
}

/// The JSON in the `<script>` element of id `id`, which holds no `<` (so the HTML
/// parser cannot leave or nest it) and no line separator.
fn script_data(page: &str, id: &str) -> serde_json::Value {
    let open = format!("id=\"{id}\">");
    let start = page.find(&open).unwrap() + open.len();
    let end = start + page[start..].find("</script").unwrap();
    let json = &page[start..end];
    assert!(
        !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
        "{json}"
    );
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_editor_is_offered_at_exactly_the_addresses_it_answers() {
    let s = site();
    let srv = common::serve_with(&s, &["--bind", "127.0.0.2"]);
    let host = format!("127.0.0.2:{}", srv.port);
    let get2 = |path: &str, host: &str| {
        common::request_to(
            "127.0.0.2",
            srv.port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}"),
            "",
        )
    };
    let (_, page) = get2("/fiches/jardin-partage/", &host);
    assert!(
        page.contains("/__fiches/edit?fiche=jardin-partage"),
        "{page}"
    );
    let (status, page) = get2("/__fiches/edit?fiche=jardin-partage", &host);
    assert_eq!(status, 200, "{page}");
    let start = page.find("id=\"fiches-form-data\">").unwrap() + "id=\"fiches-form-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    let save = save_of(
        &data,
        serde_json::json!([{"title": "Contexte", "text": "Un quartier du sud."}]),
        "",
    );
    let (status, reply) = common::request_to(
        "127.0.0.2",
        srv.port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: application/json"
        ),
        &save.to_string(),
    );
    assert_eq!(status, 200, "{reply}");
    // A name the editor does not answer to gets no button.
    for other in [
        format!("localhost:{}", srv.port),
        "evil.example".to_string(),
    ] {
        let (_, page) = get2("/fiches/jardin-partage/", &other);
        assert!(!page.contains("/__fiches/edit"), "{other}: {page}");
        let (status, _) = get2("/__fiches/edit?fiche=jardin-partage", &other);
        assert_eq!(status, 403, "{other}");
    }
}

#[test]
fn hostile_text_is_saved_checked_or_refused_never_an_error_of_the_server() {
    let s = site();
    let srv = serve(&s);
    let data = form_data(srv.port, "");
    let origin = own_origin(srv.port);
    let hostile = [
        "ﬁn de l'\u{a0}hiver\u{202f}!",
        "𝐛𝐨𝐥𝐝 👩\u{200d}👩\u{200d}👧 e\u{301}",
        "עברית והעברית",
        "ligne\r\nCR\rseule",
        "nul\u{0}\u{b}\u{1f}\u{fffe}",
        "<!--<script>alert(1)</script>",
        "[lien](../../fiches.toml) ![x](/etc/passwd)",
        "+++\ndraft = false\n+++",
    ];
    for (i, text) in hostile.iter().enumerate() {
        let save = serde_json::json!({
            "token": data["edit"]["token"], "path": null,
            "values": {"variant": "factual", "title": format!("{text} {i}"), "date": "2024-05-02",
                       "summary": text, "authors": [text], "tags": [text]},
            "sections": [{"title": "Contexte", "text": text}], "extra": text,
        });
        let (status, reply) = post(srv.port, &origin, &save);
        assert!(status == 200 || status == 422, "{text:?}: {status} {reply}");
        let report = fiches::check(s.path());
        assert!(
            !report.has_errors(),
            "{text:?} ({status}): {:?}",
            report.diagnostics
        );
    }
}

/// The form's "Publication": a draft published (its `draft` key taken out), a fiche
/// made a draft again, its update dated; a date that is not one is refused at its field.
#[test]
fn a_save_publishes_or_withdraws_and_dates_the_update() {
    let draft = common::fiche(
        "Les semis",
        "2024-04-03",
        "factual",
        "draft = true",
        "Texte.",
    );
    let s = Site::new(&[("content/semis.md", draft.as_str())]);
    let srv = serve(&s);
    // `serve` shows drafts, so that a fiche saved as one never vanishes.
    assert_eq!(get(srv.port, "/fiches/semis/", "localhost").0, 200);
    let data = form_data(srv.port, "?fiche=semis");
    assert_eq!(data["edit"]["draft"], true, "the form knows it is a draft");
    let edit = &data["edit"];
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        edit["extra"].as_str().unwrap(),
    );
    save["draft"] = false.into();
    save["updated"] = "hier".into();
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["errors"][0]["field"], "updated", "{reply}");
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/semis.md")).unwrap(),
        draft
    );

    save["updated"] = "2026-12-07".into();
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["draft"], false, "{reply}");
    let text = std::fs::read_to_string(s.path().join("content/semis.md")).unwrap();
    assert!(!text.contains("draft"), "published: {text}");
    assert!(text.contains("updated = 2026-12-07\n"), "{text}");

    let data = form_data(srv.port, "?fiche=semis");
    assert_eq!(data["edit"]["draft"], false);
    let edit = &data["edit"];
    let mut save = save_of(
        &data,
        edit["sections"].clone(),
        edit["extra"].as_str().unwrap(),
    );
    save["draft"] = true.into();
    let (status, reply) = post(srv.port, &own_origin(srv.port), &save);
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["draft"], true, "{reply}");
    assert_eq!(
        reply["url"], "/fiches/semis/",
        "a draft's page is shown: {reply}"
    );
    let text = std::fs::read_to_string(s.path().join("content/semis.md")).unwrap();
    assert!(
        text.contains("draft = true\n") && text.contains("updated = 2026-12-07\n"),
        "{text}"
    );
}
