//! JSON inside a `<script>` element of any page, whatever the site's texts hold:
//! no `<`, `>`, `&`, nor the two line separators, so that the element ends where it
//! should and the value reads the same everywhere.

mod common;

use common::{Site, fiche};

#[test]
fn the_search_page_data_cannot_end_its_script_element() {
    let label = "Récit </script><!--<script> & \u{2028}fin\u{2029}suite";
    let s = Site::new(&[
        (
            "fiches.toml",
            &format!(
                "title = \"Réseau\"\nbase_url = \"https://exemple.org/\"\n[variants.storytelling]\nlabel = \"{}\"\n",
                label
                    .replace('\u{2028}', "\\u2028")
                    .replace('\u{2029}', "\\u2029")
            ),
        ),
        (
            "content/a.md",
            &fiche(
                "A",
                "2024-03-14",
                "storytelling",
                "",
                "\n## Le récit\n\nTexte.\n",
            ),
        ),
    ]);
    s.build_ok();
    let page = s.read("search/index.html");
    let open = "id=\"search-variants\">";
    let start = page.find(open).unwrap() + open.len();
    let end = start + page[start..].find("</script").unwrap();
    let json = &page[start..end];
    assert!(
        !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert!(value.to_string().contains(label), "{value}");
}
