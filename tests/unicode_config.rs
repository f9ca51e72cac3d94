//! The text paths `tests/unicode.rs` leaves out, fed arbitrary Unicode: the strings
//! of `fiches.toml` (a variant's label and its sections' titles, a declared field's
//! label, help and values, a closed list's terms, the network's and a partner's
//! names) and the fiche's fields that hold names (authors, organization, commune,
//! a declared field's text and list). Whatever they hold, the site is assembled, or
//! each error says where; every page is UTF-8 without a character XML forbids, every
//! JSON file parses, and nothing panics.

use std::path::PathBuf;

use fiches::project::{Options, Project};
use fiches::sources::Sources;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "Attention\u{a0}: ",
    "« guillemets\u{a0}» ",
    "ﬁnancement ",
    "e\u{301}",
    "👨\u{200d}👩\u{200d}👧",
    "🇫🇷",
    "𝐛𝐨𝐥𝐝",
    "𐍈",
    "שלום",
    "مرحبا",
    "\u{202e}",
    "\u{200b}",
    "\u{2028}",
    "\u{feff}",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{fffe}",
    "\r\n",
    "\r",
    "\t",
    "\"",
    "\\",
    "<script>",
    "</script>",
    "&amp;",
    "{{ x }}",
    "{%",
    "## ",
    "+++",
    " ",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

/// A TOML basic string holding `s` exactly.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone)]
struct Texts {
    label: String,
    section: String,
    field: String,
    value: String,
    term: String,
    network: String,
    author: String,
    place: String,
}

fn texts() -> impl Strategy<Value = Texts> {
    (
        (text(6), text(6), text(6), text(6)),
        (text(6), text(6), text(6), text(6)),
    )
        .prop_map(
            |((label, section, field, value), (term, network, author, place))| Texts {
                label,
                section,
                field,
                value,
                term,
                network,
                author,
                place,
            },
        )
}

fn config(t: &Texts) -> String {
    format!(
        "title = \"Réseau\"\nbase_url = \"https://exemple.org/\"\n\n\
         [fields.competences]\nlabel = {}\ntype = \"list\"\nhelp = {}\nfilter = true\n\n\
         [fields.niveau]\nlabel = {}\ntype = \"choice\"\nvalues = [{}, \"Débutant\"]\n\n\
         [variants.factual]\nlabel = {}\nfields = [\"competences\", \"niveau\"]\n\
         recommended_sections = [{}]\n\n\
         [taxonomies.themes]\nterms = [{}, \"Lien social\"]\n\n\
         [network]\nname = {}\nurl = \"https://exemple.org/reseau/\"\n",
        q(&format!("Compétences {}", t.field)),
        q(&t.field),
        q(&format!("Niveau {}", t.field)),
        q(&format!("Expert {}", t.value)),
        q(&format!("Fiche {}", t.label)),
        q(&format!("Partie {}", t.section)),
        q(&format!("Thème {}", t.term)),
        q(&format!("Léman {}", t.network)),
    )
}

fn fiche(t: &Texts) -> String {
    format!(
        "+++\ntitle = \"Une action\"\ndate = 2024-03-01\nvariant = \"factual\"\nsummary = \"Résumé.\"\n\
         authors = [{}, \"Aïcha\"]\norganization = {}\ncommune = {}\n\
         themes = [{}]\ncompetences = [{}, \"Écoute\"]\nniveau = {}\n+++\n\n## Partie {}\n\nLe texte.\n",
        q(&format!("Nom {}", t.author)),
        q(&format!("Asso {}", t.author)),
        q(&format!("Ville {}", t.place)),
        q(&format!("Thème {}", t.term)),
        q(&format!("Savoir {}", t.value)),
        q(&format!("Expert {}", t.value)),
        t.section.replace(['\n', '\r', '\u{85}', '\u{2028}'], " "),
    )
}

fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(48) })]

    #[test]
    fn any_text_in_the_config_and_the_name_fields_builds_valid_files(t in texts()) {
        let files = vec![(PathBuf::from("content/action.md"), fiche(&t).into_bytes())];
        let sources = Sources::in_memory(&config(&t), files);
        let opts = Options { search_index: true, ..Default::default() };
        let project = match Project::assemble(sources, &opts) {
            Ok(p) => p,
            Err(f) => {
                for d in f.diagnostics.iter().filter(|d| d.is_error()) {
                    prop_assert!(d.file.is_some() && d.line > 0, "{d:?}");
                }
                return Ok(());
            }
        };
        for p in &project.generated.pages {
            let text = std::str::from_utf8(&p.bytes);
            prop_assert!(text.is_ok(), "{} is not UTF-8", p.path);
            let text = text.unwrap_or_default();
            let markup = [".html", ".xml", ".svg"].iter().any(|e| p.path.ends_with(e));
            prop_assert!(!markup || !text.chars().any(xml_forbidden), "{} holds a character XML forbids", p.path);
            if p.path.ends_with(".json") {
                let parsed = serde_json::from_str::<serde_json::Value>(text);
                prop_assert!(parsed.is_ok(), "{}: {:?}", p.path, parsed.err());
            }
            if p.path.ends_with(".html") {
                prop_assert!(!text.contains("<script>alert") && !text.contains("</script></script>"), "{}", p.path);
            }
        }
    }
}
