//! What every page of a render shares: the site, the theme, the interface strings,
//! and how a fiche's card, a list's page and a page's frame are made.

use minijinja::Value;

use super::ser;
use super::views::{Card, NetworkView, PageView, Paginator, SiteView, TermRef};
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::output::Page;
use crate::paths;
use crate::site::{Site, TaxonomyKind};
use crate::span::Spanned;
use crate::theme::Theme;

pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    pub(super) lang: Lang,
    strings: Value,
    site_view: Value,
    /// The sitemap's addresses, made once for all its files.
    pub(super) sitemap: std::sync::OnceLock<Vec<crate::export::SitemapEntry>>,
    /// The site's fiches by slug, and for each event the fiches written after it.
    slugs: std::collections::HashMap<&'a str, usize>,
    outcomes: std::collections::HashMap<&'a str, Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let cfg = &site.config;
        Ctx {
            site,
            theme,
            lang: cfg.language,
            strings: ser(&theme.strings),
            site_view: ser(SiteView {
                title: &cfg.title,
                description: &cfg.description,
                language: cfg.language.code(),
                base_url: cfg.base_url.as_deref(),
                search: cfg.search,
                contribute: cfg.contribute.then(|| paths::contribute_dir(cfg.language)),
                license: cfg.license.as_deref(),
                fields: TaxonomyKind::of(cfg)
                    .into_iter()
                    .filter_map(|kind| match kind {
                        TaxonomyKind::Field(at) => Some(TermRef {
                            name: cfg.fields.get(at)?.label.clone(),
                            url: paths::taxonomy_dir(cfg, kind),
                        }),
                        _ => None,
                    })
                    .collect(),
                map: crate::map::has_map(site).then(|| paths::map_dir(cfg.language)),
                network: cfg.network.as_ref().map(|n| NetworkView {
                    name: &n.name,
                    url: &n.url,
                    logo: n.logo.as_deref(),
                    logo_url: cfg
                        .base_url
                        .as_ref()
                        .zip(n.logo.as_ref())
                        .map(|(b, l)| format!("{b}{l}")),
                    badges: cfg.base_url.is_some(),
                }),
                agenda: paths::has_events(site)
                    .then(|| super::views::AgendaLinks::new(cfg.base_url.as_deref(), cfg.language)),
                podcast: paths::has_podcast(site).then(|| {
                    format!(
                        "{}{}",
                        cfg.base_url.as_deref().unwrap_or(""),
                        paths::PODCAST
                    )
                }),
            }),
            sitemap: std::sync::OnceLock::new(),
            slugs: (site.fiches.iter().enumerate())
                .map(|(i, f)| (f.slug.as_str(), i))
                .collect(),
            outcomes: outcomes(site),
        }
    }

    /// The event fiche `f` was written after, as a link from the root.
    pub(super) fn came_from(&self, f: &Fiche) -> Option<TermRef> {
        let event = &self.site.fiches[*self.slugs.get(f.came_from.as_ref()?.as_str())?];
        event.event.as_ref()?;
        Some(TermRef {
            name: event.title.clone(),
            url: paths::fiche_dir(&event.slug),
        })
    }

    /// The fiches written after event `f`, as links from the root.
    pub(super) fn outcomes(&self, f: &Fiche) -> Vec<TermRef> {
        let list = self
            .outcomes
            .get(f.slug.as_str())
            .map_or(&[][..], Vec::as_slice);
        (list.iter())
            .map(|&i| TermRef {
                name: self.site.fiches[i].title.clone(),
                url: paths::fiche_dir(&self.site.fiches[i].slug),
            })
            .collect()
    }

    pub(super) fn t(&self, key: &str) -> String {
        self.theme.strings.get(key).cloned().unwrap_or_default()
    }

    /// What a term list is called: the theme's words for the built-in ones, the
    /// label of a declared field.
    pub(super) fn taxonomy_title(&self, kind: TaxonomyKind) -> String {
        match kind {
            TaxonomyKind::Field(at) => {
                (self.site.config.fields.get(at)).map_or_else(String::new, |f| f.label.clone())
            }
            _ => self.t(&format!("{}_title", self.key(kind))),
        }
    }

    /// The line under a term list's title: a declared field's names the field.
    pub(super) fn taxonomy_intro(&self, kind: TaxonomyKind) -> String {
        match kind {
            TaxonomyKind::Field(_) => self
                .t("field_intro")
                .replace("{field}", &self.taxonomy_title(kind)),
            _ => self.t(&format!("{}_intro", self.key(kind))),
        }
    }

    /// The link from a term's page back to its list.
    pub(super) fn all_terms(&self, kind: TaxonomyKind) -> String {
        match kind {
            TaxonomyKind::Field(_) => self
                .t("all_terms_field")
                .replace("{field}", &self.taxonomy_title(kind)),
            _ => self.t(&format!("all_terms_{}", self.key(kind))),
        }
    }

    /// The heading of a term's page.
    pub(super) fn term_heading(&self, kind: TaxonomyKind, term: &str) -> String {
        match kind {
            TaxonomyKind::Field(_) => self
                .t("field_term_heading")
                .replace("{field}", &self.taxonomy_title(kind))
                .replace("{term}", term),
            _ => self
                .t(&format!("{}_term_heading", self.key(kind)))
                .replace("{term}", term),
        }
    }

    /// The key of a term list (`tags`, a declared field's).
    pub(super) fn key(&self, kind: TaxonomyKind) -> &str {
        kind.key(&self.site.config)
    }

    pub(super) fn term_refs(&self, kind: TaxonomyKind, names: &[Spanned<String>]) -> Vec<TermRef> {
        let tax = self.site.taxonomy(kind);
        names
            .iter()
            .filter_map(|n| tax.find(n.as_str()))
            .map(|t| TermRef {
                name: t.name.clone(),
                url: paths::term_dir(&self.site.config, kind, &t.slug),
            })
            .collect()
    }

    /// A fiche as lists show it: its first [`super::CARD_TERMS`] tags and themes, its
    /// title and summary cut as check warns (each list and related-fiches page
    /// repeats them).
    pub(super) fn list_card<'f>(&self, f: &'f Fiche) -> Card<'f>
    where
        'a: 'f,
    {
        use crate::fiche::{SUMMARY_MAX, TITLE_MAX};
        let mut card = self.card(f);
        // Bytes bound characters: only a long text is counted.
        if f.title.len() > TITLE_MAX {
            card.title = crate::cut::clamp(&f.title, TITLE_MAX).into();
        }
        if f.summary.len() > SUMMARY_MAX {
            card.summary = crate::cut::clamp(&f.summary, SUMMARY_MAX).into();
        }
        for (terms, more) in [
            (&mut card.tags, &mut card.tags_more),
            (&mut card.themes, &mut card.themes_more),
        ] {
            *more = terms.len().saturating_sub(super::CARD_TERMS);
            terms.truncate(super::CARD_TERMS);
        }
        card
    }

    /// A fiche with all its terms, for its own page and the feed.
    pub(super) fn card<'f>(&self, f: &'f Fiche) -> Card<'f>
    where
        'a: 'f,
    {
        let variant = f.variant_in(&self.site.config);
        let date = f.date.unwrap_or(crate::lang::Date {
            year: 1970,
            month: 1,
            day: 1,
        });
        Card {
            slug: &f.slug,
            url: paths::fiche_dir(&f.slug),
            title: std::borrow::Cow::Borrowed(&f.title),
            summary: std::borrow::Cow::Borrowed(&f.summary),
            date: date.iso(),
            date_display: self.theme.long_date(date),
            variant: variant.map_or("", |v| &v.name),
            variant_label: variant.map(|v| v.label.clone()).unwrap_or_default(),
            tags: self.term_refs(TaxonomyKind::Tags, &f.tags),
            tags_more: 0,
            themes: self.term_refs(TaxonomyKind::Themes, &f.themes),
            themes_more: 0,
            territory: self
                .term_refs(TaxonomyKind::Territories, f.territory.as_slice())
                .pop(),
            organization: f.organization.as_deref(),
            authors: &f.authors,
            collective: f.collective.as_deref(),
            image: f
                .image
                .as_ref()
                .map(|i| paths::fiche_file_href(&f.slug, i.as_str())),
            image_alt: f.image_alt.as_deref(),
            image_card: self.small_cover(f),
            draft: f.draft,
            featured: f.featured,
        }
    }

    /// The smallest published copy of a fiche's cover photo, for cards: its path from
    /// the root, width and height.
    fn small_cover(&self, f: &Fiche) -> Option<(String, u32, u32)> {
        let path = crate::links::normalise(&f.bundle.as_ref()?.join(&f.image.as_ref()?.value))?;
        let (w, h, href) = self.site.photos.get(&path)?.first()?;
        let prefix = paths::from_fiche_to(&f.slug, "");
        let name = href.strip_prefix(&prefix)?;
        Some((paths::fiche_file(&f.slug, name), *w, *h))
    }

    /// The fiches of page `n` of a list (indices into `cards`) and its paginator.
    pub(super) fn paginate(
        &self,
        base: &str,
        cards: &[Option<Value>],
        list: &[usize],
        n: usize,
    ) -> (Vec<Value>, Paginator) {
        let per = self.site.config.paginate;
        let total = paths::page_count(list.len(), per);
        let slice = paths::page_slice(list, per, n);
        let paginator = Paginator {
            current: n,
            total,
            prev: (n > 1).then(|| paths::list_path(base, n - 1)),
            next: (n < total).then(|| paths::list_path(base, n + 1)),
        };
        (
            slice
                .iter()
                .map(|&i| cards[i].clone().unwrap_or_default())
                .collect(),
            paginator,
        )
    }

    pub(super) fn page(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        path: String,
    ) -> Value {
        let canonical = self
            .site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{path}"));
        ser(PageView {
            kind,
            title,
            description,
            path,
            canonical,
            image: None,
            image_alt: None,
        })
    }

    /// The way from the page at `path` back to the site's root, for its links.
    pub(super) fn root(&self, path: &str) -> String {
        // The 404 page is served at any depth, so it links from the site's root path.
        if path == paths::NOT_FOUND {
            self.site.config.base_path().to_string()
        } else {
            match path.matches('/').count() {
                0 => "./".to_string(),
                n => "../".repeat(n),
            }
        }
    }

    /// The interface strings, as templates see them (`t`).
    pub(super) fn strings(&self) -> &Value {
        &self.strings
    }

    pub(super) fn emit(
        &self,
        path: &str,
        template: &str,
        page: Value,
        extra: Value,
    ) -> Result<Page, Diagnostic> {
        let root = self.root(path);
        let base = minijinja::context! {
            site => self.site_view.clone(),
            t => self.strings.clone(),
            root => root,
            page => page,
        };
        let ctx = minijinja::context! { ..extra, ..base };
        let tmpl = self
            .theme
            .env
            .get_template(template)
            .map_err(|e| self.theme.template_error(&e, self.lang))?;
        let mut html = tmpl
            .render(ctx)
            .map_err(|e| self.theme.template_error(&e, self.lang))?;
        // Every text a page shows (titles, summaries, testimonies, the theme's words)
        // gets French typography; attributes, scripts (JSON-LD, the form's data) and
        // code are left as written; feeds and sitemaps are not pages.
        if self.lang == Lang::Fr && template.ends_with(".html") {
            html = crate::markdown::french(html);
        }
        Ok(Page {
            path: path.to_string(),
            bytes: html.into_bytes(),
        })
    }
}

/// For each slug that fiches name as their event, those fiches, in the site's order.
fn outcomes(site: &Site) -> std::collections::HashMap<&str, Vec<usize>> {
    let mut map: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, f) in site.fiches.iter().enumerate() {
        if let Some(slug) = &f.came_from {
            map.entry(slug.as_str()).or_default().push(i);
        }
    }
    map
}
