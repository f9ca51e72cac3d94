//! What templates see: plain views of the site, its fiches and its lists, made of
//! borrowed values where they can be.

use serde::Serialize;

use crate::config::Config;
use crate::site::{TaxonomyKind, Term};

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) base_url: Option<&'a str>,
    pub(super) search: bool,
    /// The folder of the "Propose a fiche" page, when the site has one.
    pub(super) contribute: Option<String>,
    /// The licence of the site's fiches, when it gives one.
    pub(super) license: Option<&'a str>,
    /// The folder of the map page, when the site has one.
    pub(super) map: Option<String>,
    /// The podcast feed's address, when the site has one.
    pub(super) podcast: Option<String>,
    /// The agenda's calendar files, when a fiche is an event.
    pub(super) agenda: Option<AgendaLinks>,
    pub(super) network: Option<NetworkView<'a>>,
    /// The declared fields with pages of their own (`filter = true`), for the menu.
    pub(super) fields: Vec<TermRef>,
}

/// The network the site belongs to, for its signature and Open Graph data.
#[derive(Serialize)]
pub(super) struct NetworkView<'a> {
    pub(super) name: &'a str,
    pub(super) url: &'a str,
    /// The logo's path from the site's root.
    pub(super) logo: Option<&'a str>,
    /// The logo's absolute address, when the site has one.
    pub(super) logo_url: Option<String>,
    /// Whether the site offers the badges page.
    pub(super) badges: bool,
}

#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) description: String,
    /// Path of the page's folder from the root (`fiches/x/`), empty for the home page.
    pub(super) path: String,
    pub(super) canonical: Option<String>,
    /// Absolute address of the page's image, for link previews.
    pub(super) image: Option<String>,
    pub(super) image_alt: Option<String>,
}

#[derive(Serialize, Clone)]
pub(super) struct TermRef {
    pub(super) name: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct Card<'a> {
    pub(super) slug: &'a str,
    pub(super) url: String,
    /// Cut to [`crate::fiche::TITLE_MAX`] characters in lists.
    pub(super) title: std::borrow::Cow<'a, str>,
    /// Cut to [`crate::fiche::SUMMARY_MAX`] characters in lists.
    pub(super) summary: std::borrow::Cow<'a, str>,
    pub(super) date: String,
    pub(super) date_display: String,
    pub(super) variant: &'a str,
    pub(super) variant_label: String,
    pub(super) tags: Vec<TermRef>,
    /// Tags left off a card in a list (see [`super::CARD_TERMS`]); 0 on the fiche's page.
    pub(super) tags_more: usize,
    pub(super) themes: Vec<TermRef>,
    pub(super) themes_more: usize,
    pub(super) territory: Option<TermRef>,
    pub(super) organization: Option<&'a str>,
    pub(super) authors: &'a [String],
    pub(super) collective: Option<&'a str>,
    pub(super) image: Option<String>,
    pub(super) image_alt: Option<&'a str>,
    /// A small copy of the cover photo for lists (its 480 px one), from the root, with
    /// its width and height.
    pub(super) image_card: Option<(String, u32, u32)>,
    /// A draft, shown only with `--drafts`: marked as such on its page and cards.
    pub(super) draft: bool,
    /// Marked `featured = true`: first on the home page.
    pub(super) featured: bool,
}

#[derive(Serialize)]
pub(super) struct Full<'a> {
    #[serde(flatten)]
    pub(super) card: Card<'a>,
    pub(super) updated: Option<String>,
    pub(super) updated_display: Option<String>,
    pub(super) commune: Option<&'a str>,
    pub(super) period: Option<&'a str>,
    pub(super) audience: &'a [String],
    pub(super) partners: &'a [String],
    pub(super) budget: Option<&'a str>,
    pub(super) contact: Option<&'a str>,
    pub(super) testimonies: Vec<TestimonyView<'a>>,
    /// The fields the site declares that the fiche fills, in the schema's order.
    pub(super) fields: Vec<FieldView<'a>>,
    pub(super) has_facts: bool,
    /// The cover photo's published sizes, when it is a photo.
    pub(super) cover: Option<CoverView>,
    /// What an event fiche says of its event.
    pub(super) event: Option<super::event::EventView<'a>>,
    /// Its schema.org JSON-LD, ready for a `<script>` element.
    pub(super) json_ld: Option<String>,
    /// The event the fiche was written after.
    pub(super) came_from: Option<TermRef>,
}

#[derive(Serialize)]
pub(super) struct CoverView {
    pub(super) srcset: String,
    pub(super) sizes: &'static str,
    pub(super) width: u32,
    pub(super) height: u32,
}

/// A declared field as readers see it in the "En bref" box.
#[derive(Serialize)]
pub(super) struct FieldView<'a> {
    pub(super) key: &'a str,
    pub(super) label: &'a str,
    #[serde(rename = "type")]
    pub(super) kind: crate::schema::FieldType,
    /// A single value, as shown (a date in words).
    pub(super) text: Option<String>,
    /// A list's values.
    pub(super) items: &'a [crate::span::Spanned<String>],
    /// With `filter = true`: each value with the address of its page.
    pub(super) terms: Vec<TermRef>,
}

#[derive(Serialize)]
pub(super) struct TestimonyView<'a> {
    pub(super) name: &'a str,
    pub(super) role: Option<&'a str>,
    pub(super) quote: &'a str,
}

#[derive(Serialize)]
pub(super) struct Paginator {
    pub(super) current: usize,
    pub(super) total: usize,
    /// Folders of the previous and next pages, from the root.
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TermView {
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) url: String,
    /// The site's own fiches.
    pub(super) count: usize,
    /// The partners' fiches under the term.
    pub(super) partners: usize,
}

pub(super) fn term_view(cfg: &Config, kind: TaxonomyKind, t: &Term) -> TermView {
    TermView {
        name: t.name.clone(),
        slug: t.slug.clone(),
        url: crate::paths::term_dir(cfg, kind, &t.slug),
        count: t.fiches.len(),
        partners: t.partners.len(),
    }
}

/// Where the agenda's calendar is: `agenda.ics` from the root; with the site's
/// address, the same absolute and as `webcal://`, which phones subscribe to.
#[derive(Serialize)]
pub(super) struct AgendaLinks {
    /// The agenda page's folder.
    pub(super) page: String,
    pub(super) ics: &'static str,
    pub(super) url: Option<String>,
    pub(super) webcal: Option<String>,
}

impl AgendaLinks {
    pub(super) fn new(base_url: Option<&str>, lang: crate::lang::Lang) -> AgendaLinks {
        let url = base_url.map(|b| format!("{b}{}", crate::paths::AGENDA_ICS));
        let webcal = (url.as_deref())
            .and_then(|u| u.split_once("://"))
            .map(|(_, rest)| format!("webcal://{rest}"));
        AgendaLinks {
            page: crate::paths::agenda_dir(lang),
            ics: crate::paths::AGENDA_ICS,
            url,
            webcal,
        }
    }
}
