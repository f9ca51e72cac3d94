//! `fiches check` and what it validates beyond the corpus: custom variants,
//! closed vocabularies, the JSON format, and that nothing is written.

mod common;

use std::process::Command;

use common::{Site, fiche};

const JOB: &str = r#"title = "Réseau"

[variants.job]
label = "Fiche métier"
fields = ["contact"]
required_fields = ["organization"]
required_sections = ["Missions", "Compétences"]
template = "job.html"

[variants.factual]
required_sections = ["Résultats"]

[taxonomies.themes]
terms = ["Travail en réseau", "Bien-être au travail"]
"#;

fn job_site() -> Site {
    Site::new(&[
        ("fiches.toml", JOB),
        (
            "content/animatrice.md",
            &fiche(
                "Animatrice de réseau",
                "2024-02-01",
                "job",
                "organization = \"Centre social\"\ncontact = \"a@b.fr\"\nthemes = [\"travail en reseau\"]",
                "## Missions\n\nRelier.\n\n## Compétences\n\nÉcouter.",
            ),
        ),
        (
            "templates/job.html",
            "{% extends \"fiche.html\" %}{% block before_body %}<p class=\"job\">{{ fiche.variant_label }} — {{ fiche.organization }}</p>{% endblock %}",
        ),
        (
            "content/ok.md",
            &fiche(
                "Ok",
                "2024-01-01",
                "factual",
                "themes = [\"Bien-être au travail\"]",
                "## Résultats\n\nBien.",
            ),
        ),
    ])
}

#[test]
fn a_declared_variant_is_valid_and_uses_its_template_and_label() {
    let s = job_site();
    let r = s.build_ok();
    assert!(r.diagnostics.iter().all(|d| !d.is_error()));
    let page = s.read("fiches/animatrice/index.html");
    assert!(
        page.contains("<p class=\"job\">Fiche métier — Centre social</p>"),
        "{page}"
    );
    assert!(s.read("index.html").contains("Fiche métier"));
}

#[test]
fn closed_vocabulary_gives_the_list_spelling_and_warns_on_others() {
    let s = job_site();
    let r = s.build_ok();
    assert!(
        s.read("themes/index.html")
            .contains(">Travail en réseau</a>")
    );
    let w: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        w.contains(
            &"le thème « travail en reseau » s'écrit « Travail en réseau » dans la liste du site"
        ),
        "{w:?}"
    );
}

#[test]
fn a_new_variant_without_template_uses_the_generic_fiche_page() {
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\n[variants.guide]\nlabel = \"Guide pratique\"\nfields = [\"partners\"]\n",
        ),
        (
            "content/g.md",
            &fiche(
                "G",
                "2024-01-01",
                "guide",
                "partners = [\"Mairie\"]",
                "Texte.",
            ),
        ),
    ]);
    s.build_ok();
    let page = s.read("fiches/g/index.html");
    assert!(page.contains("Guide pratique"));
    assert!(page.contains("<li>Mairie</li>"));
}

#[test]
fn the_valid_values_of_variant_are_the_declared_ones() {
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\n[variants.job]\nlabel = \"Fiche métier\"\n",
        ),
        ("content/x.md", &fiche("X", "2024-01-01", "jobs", "", "")),
    ]);
    let r = s.build();
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("variante inconnue"))
        .unwrap();
    assert_eq!(
        d.hint.as_deref(),
        Some("les variantes possibles sont : \"factual\", \"storytelling\", \"event\", \"job\"")
    );
    assert_eq!(d.label.as_deref(), Some("vouliez-vous dire \"job\" ?"));
}

#[test]
fn check_writes_nothing_and_reports_drafts_too() {
    let s = Site::new(&[
        (
            "content/ok.md",
            &fiche(
                "Ok",
                "2024-01-01",
                "factual",
                "",
                "## Contexte\n## Objectifs\n## Actions menées\n## Résultats",
            ),
        ),
        (
            "content/brouillon.md",
            &fiche(
                "B",
                "2024-01-01",
                "factual",
                "draft = true",
                "[x](absente.md)",
            ),
        ),
    ]);
    let r = fiches::check(s.path());
    assert!(!s.out().exists());
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("absente.md"))
    );
}

#[test]
fn check_cli_json_lists_every_diagnostic_sorted() {
    let s = Site::new(&[
        ("content/b.md", "+++\ntitle = 3\n+++\n"),
        (
            "content/a.md",
            &fiche("A", "2024-01-01", "factual", "tagz = 1", ""),
        ),
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(["check", s.path().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    let files: Vec<&str> = list.iter().map(|d| d["file"].as_str().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(files.contains(&"content/a.md") && files.contains(&"content/b.md"));
    let tagz = list
        .iter()
        .find(|d| d["message"] == "champ inconnu `tagz` dans la fiche")
        .unwrap();
    assert_eq!(tagz["severity"], "error");
    assert_eq!(tagz["line"], 7);
    assert_eq!(tagz["column"], 1);
    assert!(tagz["hint"].as_str().unwrap().contains("tags"));
    assert!(!s.out().exists());
}

#[test]
fn check_cli_human_exit_codes() {
    let s = Site::new(&[(
        "content/a.md",
        &fiche("A", "2024-01-01", "factual", "", "## Contexte"),
    )]);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_fiches"))
            .args(["check", s.path().to_str().unwrap()])
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "warnings are allowed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("avertissement\u{a0}: parties conseillées absentes"),
        "{err}"
    );
    assert!(
        err.contains("0 erreur, 1 avertissement dans 1 fichier"),
        "{err}"
    );
    s.write("content/b.md", b"+++\n+++\n");
    assert_eq!(run().status.code(), Some(1));
}

/// The diagnostics of a new user's first hour say what to do, not only what is wrong.
#[test]
fn first_hour_diagnostics_say_what_to_do_instead() {
    let body = "## Contexte\n\nDu texte.\n\n## Objectifs\n\nOui.\n\n## Actions menées\n\nOui.\n\n## Moyens\n\nOui.\n\n## Résultats\n\nOui.\n";
    let s = Site::new(&[
        (
            "content/comptoir.md",
            &fiche("Le comptoir", "2024-01-01", "factual", "", body),
        ),
        (
            "content/video.md",
            &fiche(
                "Vidéo",
                "2024-01-02",
                "factual",
                "",
                &format!(
                    "{body}\n<iframe src=\"https://v.exemple.org/1\"></iframe>\n\nVoir [le comptoir](comptoir).\n"
                ),
            ),
        ),
        (
            "content/date.md",
            "+++\ntitle = \"D\"\ndate = 2024-02-30\n+++\n",
        ),
    ]);
    let r = fiches::check(s.path());
    let find = |file: &str, part: &str| {
        r.diagnostics
            .iter()
            .find(|d| {
                d.file.as_deref() == Some(std::path::Path::new(file)) && d.message.contains(part)
            })
            .unwrap_or_else(|| panic!("no {part:?} in {file}: {:#?}", r.diagnostics))
    };
    let html = find("content/video.md", "HTML");
    let text = std::fs::read_to_string(s.path().join("content/video.md")).unwrap();
    let iframe = text.lines().position(|l| l.starts_with("<iframe")).unwrap() + 1;
    assert_eq!((html.line, html.column), (iframe, 1), "at the iframe");
    assert!(
        html.hint
            .as_deref()
            .unwrap()
            .contains("lien sur sa propre ligne"),
        "{html:?}"
    );
    let link = find("content/video.md", "`comptoir`");
    assert!(
        link.hint
            .as_deref()
            .unwrap()
            .contains("écrivez `comptoir.md`"),
        "{link:?}"
    );
    let date = find("content/date.md", "le 30 février 2024 n'existe pas");
    assert_eq!((date.line, date.column), (3, 8));
    assert!(
        !date.message.contains("invalid") && date.label.is_none(),
        "no English detail: {date:?}"
    );
    assert!(date.hint.as_deref().unwrap().contains("année-mois-jour"));
}

/// A term written another way is reported at the fiche that brought that spelling in:
/// the oldest one using it, not the first file in alphabetical order.
#[test]
fn a_new_spelling_is_reported_where_it_came_in() {
    let s = Site::new(&[
        (
            "content/b.md",
            &fiche(
                "B",
                "2020-01-01",
                "factual",
                "tags = [\"soirée-débat\"]",
                "",
            ),
        ),
        (
            "content/c.md",
            &fiche(
                "C",
                "2021-01-01",
                "factual",
                "tags = [\"soirée-débat\"]",
                "",
            ),
        ),
        (
            "content/d.md",
            &fiche(
                "D",
                "2022-01-01",
                "factual",
                "tags = [\"soirée-débat\"]",
                "",
            ),
        ),
        (
            "content/a.md",
            &fiche(
                "A",
                "2024-01-01",
                "factual",
                "tags = [\"Soirée-Débat\"]",
                "",
            ),
        ),
        (
            "content/z.md",
            &fiche(
                "Z",
                "2023-01-01",
                "factual",
                "tags = [\"Soirée-Débat\"]",
                "",
            ),
        ),
    ]);
    let r = fiches::check(s.path());
    let w: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("plusieurs façons"))
        .collect();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(
        w[0].file.as_deref(),
        Some(std::path::Path::new("content/z.md"))
    );
    assert!(
        w[0].hint.as_deref().unwrap().contains("content/a.md"),
        "{w:?}"
    );
}

#[test]
fn a_photo_the_build_cannot_decode_fails_check_too() {
    // Issue 22: check passed a site whose build failed. A truncated PNG has a
    // readable header (what check measured) but no pixels (what a build decodes).
    let s = Site::new(&[(
        "content/halle/index.md",
        &fiche(
            "La halle",
            "2024-01-01",
            "factual",
            "",
            "![Les bacs](bacs.png)\n",
        ),
    )]);
    let full = common::png(300, 200);
    s.write("content/halle/bacs.png", &full[..full.len() / 2]);
    let errors = |r: &fiches::Report| -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    };
    let checked = errors(&fiches::check(s.path()));
    assert!(
        !s.path().join(".fiches-cache").exists(),
        "check writes nothing"
    );
    assert_eq!(checked.len(), 1, "{checked:#?}");
    assert!(
        checked[0].starts_with("content/halle/bacs.png: cette image n'a pas pu être préparée"),
        "{checked:#?}"
    );
    assert_eq!(checked, errors(&s.build()));
}

#[test]
fn a_broken_template_does_not_hide_the_mistakes_of_the_fiches() {
    // The validation pass runs on the assembled site even when the theme cannot be
    // loaded: the author sees the template's error and the fiches' at once.
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\n[variants.factual]\nrequired_sections = [\"Résultats\"]\n",
        ),
        (
            "content/a.md",
            &fiche(
                "A",
                "2024-01-01",
                "factual",
                "",
                "Sans partie. [Voisine](absente.md)",
            ),
        ),
        ("templates/fiche.html", "{% if %}"),
    ]);
    let r = fiches::check(s.path());
    let errors: Vec<&str> = (r.diagnostics.iter())
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        errors
            .iter()
            .any(|m| m.contains("modèle de page « fiche.html »")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|m| m.contains("« ## Résultats »")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|m| m.contains("`absente.md`")),
        "{errors:?}"
    );
}

/// A declared field with `filter = true` indexes fiches as tags do: a term of it
/// written another way is reported at its own line and column, as a tag is, whether
/// the field holds a list or one text.
#[test]
fn a_term_of_a_declared_filter_field_written_another_way_is_reported_at_its_place() {
    const CONFIG: &str = r#"title = "Réseau"

[fields.publics]
label = "Publics"
type = "list"
filter = true

[fields.quartier]
label = "Quartier"
type = "text"
filter = true

[variants.factual]
fields = ["publics", "quartier"]
"#;
    let first = fiche(
        "A",
        "2020-01-01",
        "factual",
        "publics = [\"Familles\", \"Jeunes adultes\"]\nquartier = \"Centre-ville\"",
        "",
    );
    let second = fiche(
        "B",
        "2021-01-01",
        "factual",
        "publics = [\"Jeunes adultes\"]\nquartier = \"Centre-ville\"",
        "",
    );
    // Brought in last, and spelt otherwise in both fields.
    let third = fiche(
        "C",
        "2022-01-01",
        "factual",
        "quartier = \"centre-ville\"\npublics = [\"Familles\", \"jeunes Adultes\"]",
        "",
    );
    let s = Site::new(&[
        ("fiches.toml", CONFIG),
        ("content/a.md", &first),
        ("content/b.md", &second),
        ("content/c.md", &third),
    ]);
    let r = fiches::check(s.path());
    // Where a term is written in `text`: 1-based line and column, in characters.
    let place = |text: &str, term: &str| {
        let at = text.find(&format!("\"{term}\"")).unwrap();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        (
            text[..at].matches('\n').count() + 1,
            text[line_start..at].chars().count() + 1,
        )
    };
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let mut got: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("le terme"))
        .map(|d| {
            (
                d.location(),
                d.message.as_str(),
                d.is_error(),
                d.label.as_deref(),
            )
        })
        .collect();
    got.sort();
    let (ql, qc) = place(&third, "centre-ville");
    let (pl, pc) = place(&third, "jeunes Adultes");
    assert!(ql < pl);
    assert_eq!(
        got,
        [
            (
                format!("content/c.md:{ql}:{qc}"),
                "le terme « centre-ville » s'écrit de plusieurs façons sur le site : \
                 « Centre-ville » (2 fiches), « centre-ville » (1 fiche)",
                false,
                Some("écrit ailleurs « Centre-ville »"),
            ),
            (
                format!("content/c.md:{pl}:{pc}"),
                "le terme « jeunes Adultes » s'écrit de plusieurs façons sur le site : \
                 « Jeunes adultes » (2 fiches), « jeunes Adultes » (1 fiche)",
                false,
                Some("écrit ailleurs « Jeunes adultes »"),
            ),
        ]
    );
}

/// The terms of a declared filter field are placed by characters whatever they hold
/// (no-break spaces, combining marks, ligatures, emoji, astral letters, right-to-left
/// text), in a file with a BOM and CRLF line ends.
#[test]
fn declared_filter_terms_are_placed_in_characters_whatever_they_hold() {
    const CONFIG: &str = "title = \"Réseau\"\n\n[fields.publics]\nlabel = \"Publics\"\ntype = \"list\"\nfilter = true\n\n[variants.factual]\nfields = [\"publics\"]\n";
    let pairs = [
        ("Jeunes\u{a0}adultes", "jeunes\u{a0}Adultes"),
        ("Été", "E\u{301}te\u{301}"),
        ("ﬁlles", "FIlles"),
        ("🌱 Jardin 👩‍👩‍👧", "🌱 jardin 👩‍👩‍👧"),
        ("𝐛𝐨𝐥𝐝 mot", "𝐛𝐨𝐥𝐝 MOT"),
        ("عائلات جديدة", "عائلات  جديدة"),
    ];
    let list = |second: bool| {
        pairs
            .iter()
            .map(|p| format!("\"{}\"", if second { p.1 } else { p.0 }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let crlf = |t: String| format!("\u{feff}{}", t.replace('\n', "\r\n"));
    let first = crlf(fiche(
        "A",
        "2020-01-01",
        "factual",
        &format!("publics = [{}]", list(false)),
        "",
    ));
    let second = crlf(fiche(
        "B",
        "2021-01-01",
        "factual",
        &format!("publics = [{}]", list(false)),
        "",
    ));
    let third = crlf(fiche(
        "C",
        "2022-01-01",
        "factual",
        &format!(
            "# é 🌱\npublics = [\n  {},\n]",
            list(true).replace(", ", ",\n  ")
        ),
        "",
    ));
    let s = Site::new(&[
        ("fiches.toml", CONFIG),
        ("content/a.md", &first),
        ("content/b.md", &second),
        ("content/c.md", &third),
    ]);
    let r = fiches::check(s.path());
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let mut got: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("le terme"))
        .map(|d| format!("{} {}", d.location(), d.source_line().unwrap_or("")))
        .collect();
    got.sort();
    let mut want: Vec<String> = pairs
        .iter()
        // Spellings that fold into another term are not this test's.
        .filter(|(a, b)| fiches::slug::slugify(a) == fiches::slug::slugify(b))
        .map(|(_, b)| {
            let at = third.find(&format!("\"{b}\"")).unwrap();
            let start = third[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = third[start..]
                .split('\n')
                .next()
                .unwrap()
                .trim_end_matches('\r');
            format!(
                "content/c.md:{}:{} {line}",
                third[..at].matches('\n').count() + 1,
                third[start..at].chars().count() + 1
            )
        })
        .collect();
    want.sort();
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(got, want);
}

/// A key written twice is said so, at its second line, whatever it holds (accents,
/// no-break spaces and astral letters in a quoted key), not as a line "not written
/// correctly" with the parser's English words.
#[test]
fn a_key_written_twice_is_said_so_at_its_second_place() {
    let s = Site::new(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"s\"\ncollective = \"c\"\ntags = [\"a\"]\ntags = [\"b\"]\n+++\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\n\"th\u{e8}me\u{a0}\u{1d4d0}\" = 1\ndate = 2024-01-01\n\"th\u{e8}me\u{a0}\u{1d4d0}\" = 2\n+++\n",
        ),
    ]);
    let r = fiches::check(s.path());
    for (file, key, line) in [
        ("content/a.md", "tags", 8),
        ("content/b.md", "\"th\u{e8}me\u{a0}\u{1d4d0}\"", 5),
    ] {
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.file.as_deref() == Some(std::path::Path::new(file)) && d.is_error())
            .unwrap_or_else(|| panic!("{file}: {:#?}", r.diagnostics));
        assert_eq!(
            d.message,
            format!("`{key}` est écrit deux fois : une clé ne s'écrit qu'une fois"),
            "{file}"
        );
        assert_eq!((d.line, d.column), (line, 1), "{file}");
        assert!(
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("une seule ligne"))
        );
    }
}

#[test]
fn a_setting_written_twice_is_said_so_in_fiches_toml_too() {
    let s = Site::new(&[(
        "fiches.toml",
        "title = \"R\u{e9}seau\"\nbase_url = \"https://exemple.org/\"\ntitle = \"Autre\"\n",
    )]);
    let r = fiches::check(s.path());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
    assert_eq!(
        d.message,
        "`title` est écrit deux fois : une clé ne s'écrit qu'une fois"
    );
    assert_eq!(d.line, 3);
}

/// A control that forces the direction of writing (an override, an embedding), in a
/// title or a term, is warned of at its place; a text in Arabic, or one with a mark
/// or an isolate, is not.
#[test]
fn a_forced_direction_of_writing_is_warned_of_at_its_place() {
    let s = Site::new(&[
        (
            "content/a.md",
            &fiche(
                "\u{202e}Le jardin",
                "2024-01-01",
                "factual",
                "tags = [\"ok\", \"\u{202d}abc\"]",
                "\n## Contexte\n\nT.\n",
            ),
        ),
        (
            "content/b.md",
            &fiche(
                "Le jardin \u{627}\u{644}\u{62d}\u{62f}\u{64a}\u{642}\u{629}",
                "2024-01-01",
                "factual",
                "tags = [\"\u{2067}\u{627}\u{644}\u{2069} x\", \"a\u{200f}b\"]",
                "\n## Contexte\n\nT.\n",
            ),
        ),
    ]);
    let r = fiches::check(s.path());
    let forced: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("sens d'écriture"))
        .collect();
    let text = std::fs::read_to_string(s.path().join("content/a.md")).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let places: Vec<_> = forced
        .iter()
        .map(|d| {
            (
                d.file.clone().unwrap(),
                d.line,
                d.message.contains("U+202E"),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("content/a.md".into(), line_of("title"), true),
            // The helper's summary repeats the title.
            ("content/a.md".into(), line_of("summary"), true),
            ("content/a.md".into(), line_of("tags"), false),
        ],
        "{forced:#?}"
    );
    assert!(forced.iter().all(|d| !d.is_error()));
}
