//! The network's badges: two SVG images made from its name ("Membre du réseau …",
//! "Notre action est racontée sur …"), with no external font, and the page that offers
//! them with the HTML to paste on a member's site.

use serde::Serialize;

use super::context::Ctx;
use super::ser;
use crate::diagnostic::Diagnostic;
use crate::escape::escape;
use crate::output::Page;
use crate::paths;

/// The two badges: a member's, and a fiche's (linked to its page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Badge {
    Network,
    Fiche,
}

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";

/// The SVG of a badge: a rounded block in the theme's accent, two lines of white
/// text in the reader's system font; its width follows the text.
pub(super) fn svg(top: &str, name: &str) -> String {
    // System fonts are about 0.55 em wide on average; bold a little more.
    let w_top = top.chars().count() as f64 * 11.0 * 0.56;
    let w_name = name.chars().count() as f64 * 15.0 * 0.62;
    let width = (w_top.max(w_name) + 28.0).ceil() as u32;
    let title = escape(&format!("{top} {name}"));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"48\" viewBox=\"0 0 {width} 48\" role=\"img\" aria-labelledby=\"badge-title\">\n\
         <title id=\"badge-title\">{title}</title>\n\
         <rect width=\"{width}\" height=\"48\" rx=\"8\" fill=\"#9c3d12\"/>\n\
         <rect x=\"3\" y=\"3\" width=\"{}\" height=\"42\" rx=\"6\" fill=\"none\" stroke=\"#ffffff\" stroke-opacity=\"0.35\"/>\n\
         <text x=\"14\" y=\"19\" font-family=\"{FONT}\" font-size=\"11\" fill=\"#ffffff\">{}</text>\n\
         <text x=\"14\" y=\"37\" font-family=\"{FONT}\" font-size=\"15\" font-weight=\"700\" fill=\"#ffffff\">{}</text>\n\
         </svg>\n",
        width - 6,
        escape(top),
        escape(name)
    )
}

/// The width and height of a badge, for the `<img>` of a snippet.
pub(super) fn size(svg: &str) -> (String, String) {
    let attr = |name: &str| {
        svg.split(&format!(" {name}=\"")[..])
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("0")
            .to_string()
    };
    (attr("width"), attr("height"))
}

#[derive(Serialize)]
struct Snippet {
    /// The image as shown on this page, from its folder.
    src: String,
    alt: String,
    width: String,
    height: String,
    /// The HTML to paste, with absolute addresses.
    html: String,
}

impl Ctx<'_> {
    fn badge_svg(&self, badge: Badge) -> String {
        let name = self
            .site
            .config
            .network
            .as_ref()
            .map_or("", |n| n.name.as_str());
        let top = match badge {
            Badge::Network => self.t("badge_member"),
            Badge::Fiche => self.t("badge_told"),
        };
        svg(&top, name)
    }

    pub(super) fn badge_file(&self, path: &str, badge: Badge) -> Page {
        Page {
            path: path.to_string(),
            bytes: self.badge_svg(badge).into_bytes(),
        }
    }

    /// The HTML a member pastes: the badge linked to `href`.
    fn snippet(&self, badge: Badge, href: &str, alt: String) -> Snippet {
        let base = self.site.config.base_url.as_deref().unwrap_or("");
        let file = match badge {
            Badge::Network => paths::BADGE_NETWORK,
            Badge::Fiche => paths::BADGE_FICHE,
        };
        let (width, height) = size(&self.badge_svg(badge));
        let html = format!(
            "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"{width}\" height=\"{height}\"></a>",
            escape(href),
            escape(&format!("{base}{file}")),
            escape(&alt)
        );
        Snippet {
            src: file
                .strip_prefix(paths::BADGE_DIR)
                .unwrap_or(file)
                .to_string(),
            alt,
            width,
            height,
            html,
        }
    }

    /// The snippet of a fiche's badge, linked to its page (absolute addresses).
    pub(super) fn fiche_snippet(&self, slug: &str, title: &str) -> Option<String> {
        let base = self.site.config.base_url.as_deref()?;
        let network = self.site.config.network.as_ref()?;
        let alt = format!("{} {} : {title}", self.t("badge_told"), network.name);
        let href = format!("{base}{}", paths::fiche_dir(slug));
        Some(self.snippet(Badge::Fiche, &href, alt).html)
    }

    pub(super) fn badges(&self, path: &str) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let Some(network) = &cfg.network else {
            // Planned only for a site with a network (see `paths::all_jobs`).
            return Err(Diagnostic::error(self.lang.pick(
                "la page des badges demande un réseau ([network] dans fiches.toml)",
                "the badges page needs a network ([network] in fiches.toml)",
            )));
        };
        let member = self.snippet(
            Badge::Network,
            &network.url,
            format!("{} {}", self.t("badge_member"), network.name),
        );
        let example = self.site.fiches.first().map(|f| {
            let base = cfg.base_url.as_deref().unwrap_or("");
            let href = format!("{base}{}", paths::fiche_dir(&f.slug));
            let alt = format!("{} {} : {}", self.t("badge_told"), network.name, f.title);
            (
                f.title.clone(),
                paths::fiche_dir(&f.slug),
                self.snippet(Badge::Fiche, &href, alt),
            )
        });
        let title = self.t("badge_page_title");
        let page = self.page("badge", title, self.t("badge_intro"), path.to_string());
        self.emit(
            &paths::index_html(path),
            "badge.html",
            page,
            minijinja::context! {
                member => ser(member),
                example => example.map(|(title, url, s)| minijinja::context! { title => title, url => url, snippet => ser(s) }),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_badge_is_well_formed_and_says_its_words() {
        let s = svg("Membre du réseau", "Léman & Solidaire <1>");
        let doc = roxmltree::Document::parse(&s).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|c| c.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("Membre du réseau Léman & Solidaire <1>"));
        assert!(
            !s.contains("@import") && !s.contains("href"),
            "no external font"
        );
        let (w, h) = size(&s);
        assert_eq!(h, "48");
        assert!(w.parse::<u32>().unwrap() > 150, "{w}");
    }
}
