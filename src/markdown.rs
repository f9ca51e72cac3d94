//! Markdown to HTML with comrak, options built once. Links to other fiches' `.md`
//! files become links to their pages; links to missing files are reported where they
//! are written.

use comrak::{Arena, Options, format_html, parse_document};

use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::links::{Links, percent_decode};

mod pasted;
mod photo;
mod player;
mod typography;
mod walk;

pub(crate) use typography::{apostrophes, french};

use walk::Walk;

pub use photo::srcset;

pub struct Rendered {
    pub html: String,
    /// Texts of the `##` headings, for section checks.
    pub sections: Vec<String>,
}

pub struct Markdown {
    options: Options<'static>,
    lang: Lang,
}

impl Markdown {
    pub fn new(unsafe_html: bool, lang: Lang) -> Self {
        let mut options = Options::default();
        options.extension.strikethrough = true;
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.tasklist = true;
        options.extension.footnotes = true;
        options.extension.header_id_prefix = Some(String::new());
        // Columns stay in bytes: comrak's conversion to characters reads the whole
        // line again for every node, which made a long line quadratic (a line of 30 000
        // links or emphases took over ten seconds). The few positions reported are
        // converted here instead.
        options.render.r#unsafe = unsafe_html;
        Markdown { options, lang }
    }

    /// Renders a fiche's body. `root` is the way from the fiche's page back to the
    /// site's root (`../../`), used for links written from the root (`/plan.pdf`).
    pub fn render(&self, fiche: &Fiche, links: &Links, root: &str) -> (Rendered, Vec<Diagnostic>) {
        let arena = Arena::new();
        let doc = parse_document(&arena, fiche.body(), &self.options);
        let mut walk = Walk::new(fiche, links, root, self.lang);
        for node in doc.descendants() {
            walk.visit(node, self.options.render.r#unsafe);
        }
        walk.finish(&arena);
        let mut html = String::with_capacity(fiche.body().len() * 3 / 2);
        if format_html(doc, &self.options, &mut html).is_err() {
            html.clear();
        }
        (
            Rendered {
                html: match self.lang {
                    // French typography, as the best French publishing tools do.
                    Lang::Fr => typography::french(self.localise(html)),
                    Lang::En => self.localise(html),
                },
                sections: walk.sections,
            },
            walk.diags,
        )
    }

    /// comrak writes two accessibility labels in English; readers hear the site's language.
    fn localise(&self, html: String) -> String {
        // Task list boxes have no label of their own: say what their state means.
        let lang = self.lang;
        let done = format!(
            "checked=\"\" disabled=\"\" aria-label=\"{}\" />",
            lang.pick("Fait", "Done")
        );
        let todo = format!(
            "disabled=\"\" aria-label=\"{}\" />",
            lang.pick("À faire", "To do")
        );
        let html = swap_after(
            html,
            "<input type=\"checkbox\" ",
            &[
                ("checked=\"\" disabled=\"\" />", &done),
                ("disabled=\"\" />", &todo),
            ],
        );
        match lang {
            Lang::En => html,
            Lang::Fr => swap_after(
                html,
                "aria-label=\"",
                &[
                    ("Link to heading '", "Lien vers la section '"),
                    ("Back to reference ", "Retour à l'appel de note "),
                ],
            ),
        }
    }
}

/// `html` with the first of `swaps` (text, replacement) that follows each `anchor`
/// replaced: the text is read once, and copied only if a swap applies.
fn swap_after(html: String, anchor: &str, swaps: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = html[from..].find(anchor) {
        let after = from + at + anchor.len();
        from = after;
        let rest = &html[after..];
        if let Some((old, new)) = swaps.iter().find(|(old, _)| rest.starts_with(old)) {
            if out.is_empty() {
                out.reserve(html.len() + 256);
            }
            out.push_str(&html[copied..after]);
            out.push_str(new);
            copied = after + old.len();
            from = copied;
        }
    }
    if copied == 0 {
        return html;
    }
    out.push_str(&html[copied..]);
    out
}

/// Splits a link into its local path and `#fragment`; `None` for anything that is not
/// a file of this site (other sites, mail, in-page anchors).
fn local_path(url: &str) -> Option<(&str, &str)> {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return None;
    }
    let scheme_end = url.find(':');
    let first_slash = url.find(['/', '?', '#']);
    if let Some(c) = scheme_end
        && first_slash.is_none_or(|s| c < s)
    {
        return None;
    }
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, fragment) = url.split_at(cut);
    (!path.is_empty()).then_some((path, fragment))
}

/// The file a link's path names: its escapes decoded, or the path as written when
/// they do not decode (a file named `100%.pdf`, linked as it is named).
fn file_name(path: &str) -> String {
    percent_decode(path).unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn local_paths_are_told_apart_from_urls() {
        assert_eq!(local_path("autre.md#x"), Some(("autre.md", "#x")));
        assert_eq!(local_path("../a/index.md"), Some(("../a/index.md", "")));
        assert_eq!(local_path("https://ex.org/a.md"), None);
        assert_eq!(local_path("mailto:a@b.fr"), None);
        assert_eq!(local_path("#section"), None);
        assert_eq!(local_path("//cdn.ex.org/x.js"), None);
        assert_eq!(local_path("dossier/a:b.md"), Some(("dossier/a:b.md", "")));
    }

    fn broken_links(text: &str) -> Vec<Diagnostic> {
        let fiche = Fiche {
            path: PathBuf::from("content/a.md"),
            body_start: text.find("+++\n\n").map_or(0, |i| i + 5),
            text: text.to_string(),
            ..Fiche::default()
        };
        let (_, diags) = Markdown::new(false, Lang::En).render(&fiche, &Links::default(), "../../");
        diags
    }

    #[test]
    fn broken_links_are_placed_in_characters_after_accents_and_in_containers() {
        let text = "+++\ntitle = \"É\"\n+++\n\nÉté à Noël : [ici](a.md) et ![là](b.png)\n\n\
                    > - « liste » [là-bas](c.md)\n";
        let diags = broken_links(text);
        let places: Vec<_> = diags
            .iter()
            .map(|d| (d.line, d.column, d.source_line().unwrap_or("")))
            .collect();
        assert_eq!(
            places,
            [
                (5, 14, "Été à Noël : [ici](a.md) et ![là](b.png)"),
                (5, 29, "Été à Noël : [ici](a.md) et ![là](b.png)"),
                (7, 15, "> - « liste » [là-bas](c.md)"),
            ]
        );
        let out = crate::diagnostic::render_human(&diags[1..2], Lang::En, false);
        assert!(out.contains("^^^^^^^^^^^^"), "{out}");
        assert!(!out.contains("^^^^^^^^^^^^^"), "{out}");
    }

    #[test]
    fn many_broken_links_on_one_long_line_are_each_reported() {
        let line: String = (0..2000).map(|i| format!("é [l](m{i}.md) ")).collect();
        let text = format!("+++\n+++\n\n{line}\n");
        let diags = broken_links(&text);
        assert_eq!(diags.len(), 2000);
        let d = &diags[1999];
        assert_eq!(d.line, 4);
        assert_eq!(
            d.column,
            line.rfind("[l]")
                .map(|b| line[..b].chars().count() + 1)
                .unwrap()
        );
        assert!(
            diags
                .iter()
                .all(|d| d.source_line().unwrap().chars().count() <= 122)
        );
    }

    #[test]
    fn links_reach_files_named_with_percent_signs_and_undecodable_ones_are_missing() {
        let fiche = Fiche {
            path: PathBuf::from("content/a/index.md"),
            body_start: 8,
            text: "+++\n+++\n[p](100%.pdf) [q](f%C3%AAte.pdf) [r](caf%E9.pdf) [s](a+b.pdf)\n"
                .to_string(),
            ..Fiche::default()
        };
        let mut links = Links::default();
        for (file, href) in [
            ("100%.pdf", "../a/100%25.pdf"),
            ("fête.pdf", "../a/fête.pdf"),
            ("a+b.pdf", "../a/a+b.pdf"),
        ] {
            links
                .assets
                .insert(PathBuf::from("content/a").join(file), href.to_string());
        }
        let (page, diags) = Markdown::new(false, Lang::En).render(&fiche, &links, "../../");
        for href in ["../a/100%25.pdf", "../a/f%C3%AAte.pdf", "../a/a+b.pdf"] {
            assert!(
                page.html.contains(&format!("href=\"{href}\"")),
                "{}",
                page.html
            );
        }
        let missing: Vec<_> = diags
            .iter()
            .map(|d| (d.column, d.message.as_str()))
            .collect();
        assert_eq!(missing, [(34, "the file `caf%E9.pdf` cannot be found")]);
    }

    #[test]
    fn a_link_names_its_file_decoded_or_as_written() {
        assert_eq!(file_name("f%C3%AAte.md"), "fête.md");
        assert_eq!(file_name("100%"), "100%");
        assert_eq!(file_name("%zz"), "%zz");
        assert_eq!(file_name("a+b.pdf"), "a+b.pdf");
        assert_eq!(file_name("caf%E9.md"), "caf%E9.md");
    }
}
