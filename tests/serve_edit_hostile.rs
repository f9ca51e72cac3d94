//! The editor's save met with a valid token but hostile JSON: values of the wrong
//! type, nesting ten thousand deep, ten thousand tags, text full of NUL, BOMs,
//! lone CRs, U+2028, RTL overrides, `+++` and `## ` lines. Every save is answered
//! (never a server error, never a dead server); a save that is taken writes a fiche
//! that `fiches check` reads without an error and holds every line typed.

mod common;

use common::{Site, request, serve};
use serde_json::{Value, json};

const FICHE: &str = "+++\ntitle = \"Le jardin\"\ndate = 2024-03-14\nvariant = \"factual\"\nsummary = \"Un jardin partagé.\"\nauthors = [\"Aïcha\"]\n+++\n\n## Contexte\n\nUn quartier.\n";

fn post(port: u16, body: &str) -> (u16, String) {
    request(
        port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
        ),
        body,
    )
}

/// The form's data embedded in the edit page of the fiche, as it is now.
fn form_data(port: u16) -> Value {
    let (status, page) = request(
        port,
        &format!("GET /__fiches/edit?fiche=jardin HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        "",
    );
    assert_eq!(status, 200, "{page}");
    let start = page.find("id=\"fiches-form-data\">").unwrap() + "id=\"fiches-form-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

#[test]
fn hostile_saves_are_answered_and_what_is_taken_keeps_every_line() {
    let s = Site::new(&[("content/jardin.md", FICHE)]);
    let srv = serve(&s);
    let hostile = "Attention\u{a0}: \u{0}nul \u{feff}bom \rseul \u{2028}ligne \u{202e}inversé 𐍈 ﬁn\n+++\n## Contexte\n";
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let tags: Vec<String> = (0..10_000).map(|i| format!("mot {i}")).collect();
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "title a number",
            Box::new(|v| v["values"]["title"] = json!(1e308)),
        ),
        (
            "title an object",
            Box::new(|v| v["values"]["title"] = json!({"a": [1]})),
        ),
        (
            "title null",
            Box::new(|v| v["values"]["title"] = Value::Null),
        ),
        (
            "tags a string",
            Box::new(|v| v["values"]["tags"] = json!("accueil")),
        ),
        (
            "ten thousand tags",
            Box::new(move |v| v["values"]["tags"] = json!(tags)),
        ),
        (
            "a title of a megabyte",
            Box::new(|v| v["values"]["title"] = json!("é".repeat(500_000))),
        ),
        (
            "sections an object",
            Box::new(|v| v["sections"] = json!({"Contexte": "x"})),
        ),
        (
            "a section without text",
            Box::new(|v| v["sections"] = json!([{"title": "Contexte"}])),
        ),
        ("values an array", Box::new(|v| v["values"] = json!([1, 2]))),
        (
            "hostile texts",
            Box::new(move |v| {
                v["values"]["summary"] = json!(format!("Résumé {hostile}"));
                v["sections"] = json!([{"title": "Contexte", "text": hostile}]);
                v["extra"] = json!(hostile);
            }),
        ),
    ];
    for (what, change) in &cases {
        let data = form_data(srv.port);
        let edit = &data["edit"];
        let mut body = json!({
            "token": edit["token"], "path": edit["path"], "hash": edit["hash"],
            "values": edit["values"], "sections": [{"title": "Contexte", "text": "Un quartier."}], "extra": "",
        });
        change(&mut body);
        let (status, reply) = post(srv.port, &body.to_string());
        assert!((200..500).contains(&status), "{what}: {status} {reply}");
        if status == 200 {
            let r = fiches::check(s.path());
            let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{what}: {errors:?}");
        }
    }
    // Raw bodies that are not a save at all.
    let data = form_data(srv.port);
    let token = data["edit"]["token"].as_str().unwrap().to_string();
    for raw in [
        deep.clone(),
        format!("{{\"token\":\"{token}\",\"values\":{deep}}}"),
        format!("{{\"token\":\"{token}\",\"token\":\"{token}\",\"values\":1e999}}"),
        "\u{feff}{}".to_string(),
        String::new(),
        "null".to_string(),
    ] {
        let (status, reply) = post(srv.port, &raw);
        assert!((400..500).contains(&status), "{status} {reply}");
    }
    // The last taken save holds every line typed, as the build reads it.
    let text = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    for line in hostile
        .replace('\r', "\n")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        assert!(text.contains(line), "{line:?} lost:\n{text:?}");
    }
    // And the server still serves.
    assert_eq!(form_data(srv.port)["edit"]["path"], "content/jardin.md");
}
