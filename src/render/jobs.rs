//! One page of the plan rendered through its template: each kind of page is a step
//! of its own (a fiche's page is `fiche_page`'s).

use minijinja::Value;

use super::badge::Badge;
use super::cms;
use super::context::Ctx;
use super::form;
use super::ser;
use super::views::{TermView, term_view};
use crate::diagnostic::Diagnostic;
use crate::export;
use crate::output::Page;
use crate::paths::{self, Job};
use crate::site::TaxonomyKind;

impl Ctx<'_> {
    /// Renders one page of the plan.
    pub(super) fn render_job(
        &self,
        job: &Job,
        cards: &[Option<Value>],
    ) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        // Where the page lives: its folder for HTML pages, its file for the others.
        let path = job.dir(self.site);
        let file = |bytes: String| {
            Ok(Page {
                path: path.clone(),
                bytes: bytes.into_bytes(),
            })
        };
        match job {
            Job::Home(n) => self.home(*n, cards, path),
            Job::Fiche(i) => self.fiche_page(*i, cards, path),
            Job::Taxonomy(kind) => self.taxonomy_page(*kind, path),
            Job::Term(kind, i, n) => self.term_page(*kind, *i, *n, cards, path),
            Job::NotFound => {
                let title = self.t("not_found_title");
                let page = self.page("404", title, String::new(), path.clone());
                self.emit(&path, "404.html", page, minijinja::context! {})
            }
            Job::Atom => self.atom(path),
            Job::Sitemap(n) => self.sitemap(*n, paths::SITEMAP_MAX),
            Job::Search => self.search_page(path),
            Job::Contribute => self.contribute(&path, None, &[]),
            Job::Map => self.map_page(path),
            Job::Podcast => self.podcast(&path),
            Job::Badges => self.badges(&path),
            Job::BadgeNetwork => Ok(self.badge_file(&path, Badge::Network)),
            Job::BadgeFiche => Ok(self.badge_file(&path, Badge::Fiche)),
            Job::Admin => Ok(Page {
                path: paths::index_html(&path),
                bytes: cms::admin_page(cfg).unwrap_or_default().into_bytes(),
            }),
            Job::AdminConfig => file(cms::config_yml(cfg).unwrap_or_default()),
            Job::Robots => file(export::robots(self.site)),
            Job::Data => file(export::data(self.site)),
            Job::Schema => file(export::schema(self.site)),
            Job::GeoJson => file(export::geojson(self.site)),
            Job::JsonFeed => file(export::json_feed(self.site)),
            Job::EventIcs(i) => file(export::event_ics(self.site, *i)),
            Job::AgendaIcs => file(export::agenda_ics(self.site)),
            Job::Agenda => self.agenda_page(path),
        }
    }

    /// Page `n` of the home list; the first also presents the network: its featured
    /// fiches and its themes, the most used first.
    fn home(&self, n: usize, cards: &[Option<Value>], path: String) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let (list, paginator) = self.paginate("", cards, &(0..cards.len()).collect::<Vec<_>>(), n);
        let title = if n > 1 {
            format!(
                "{} — {}",
                cfg.title,
                self.t("page_n").replace("{n}", &n.to_string())
            )
        } else {
            cfg.title.clone()
        };
        let page = self.page("home", title, cfg.description.clone(), path.clone());
        let (featured, themes, list) = if n == 1 {
            let featured: Vec<Value> = (self.site.fiches.iter().enumerate())
                .filter(|(_, f)| f.featured)
                .filter_map(|(i, _)| cards[i].clone())
                .collect();
            let mut themes = self.term_views(TaxonomyKind::Themes);
            // The network's own themes: its partners' are counted apart.
            themes.retain(|t| t.count > 0);
            themes.sort_by_key(|t| std::cmp::Reverse(t.count));
            let list = not_featured(list, &featured);
            (featured, themes, list)
        } else {
            (Vec::new(), Vec::new(), list)
        };
        self.emit(
            &paths::index_html(&path),
            "index.html",
            page,
            minijinja::context! {
                fiches => list,
                total => cards.len(),
                paginator => ser(paginator),
                featured => featured,
                themes => ser(themes),
                events => if n == 1 { self.next_events() } else { Value::UNDEFINED },
                // The network, for search engines: on the first page only.
                organization => (n == 1 && cfg.network.is_some()).then(|| {
                    crate::escape::script_json(&super::article::publisher(cfg).to_string())
                }),
                partners => ser(if n == 1 { self.partner_views() } else { Vec::new() }),
                partner_total => self.partner_total(),
            },
        )
    }

    /// Every term of a list, as templates see them.
    fn term_views(&self, kind: TaxonomyKind) -> Vec<TermView> {
        let cfg = &self.site.config;
        let terms = &self.site.taxonomy(kind).terms;
        terms.iter().map(|t| term_view(cfg, kind, t)).collect()
    }

    /// The page of a term list (`tags/`): every term.
    fn taxonomy_page(&self, kind: TaxonomyKind, path: String) -> Result<Page, Diagnostic> {
        let title = self.taxonomy_title(kind);
        let terms = self.term_views(kind);
        let page = self.page("taxonomy", title.clone(), title.clone(), path.clone());
        self.emit(
            &paths::index_html(&path),
            "taxonomy.html",
            page,
            minijinja::context! { taxonomy => minijinja::context! { key => self.key(kind), title => title, intro => self.taxonomy_intro(kind), terms => ser(terms) } },
        )
    }

    /// Page `n` of the list of term `i` of `kind`.
    fn term_page(
        &self,
        kind: TaxonomyKind,
        i: usize,
        n: usize,
        cards: &[Option<Value>],
        path: String,
    ) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let term = &self.site.taxonomy(kind).terms[i];
        let heading = self.term_heading(kind, &term.name);
        let base = paths::term_dir(cfg, kind, &term.slug);
        let (list, paginator) = self.paginate(&base, cards, &term.fiches, n);
        let (partners, more) = match n {
            1 => self.term_partners(term),
            _ => (Vec::new(), 0),
        };
        let title = if n > 1 {
            format!(
                "{heading} — {}",
                self.t("page_n").replace("{n}", &n.to_string())
            )
        } else {
            heading.clone()
        };
        let page = self.page("term", title, heading.clone(), path.clone());
        self.emit(
            &paths::index_html(&path),
            "term.html",
            page,
            minijinja::context! {
                taxonomy => minijinja::context! { key => self.key(kind), title => self.taxonomy_title(kind), back => self.all_terms(kind) },
                term => ser(term_view(cfg, kind, term)),
                heading => heading,
                fiches => list,
                paginator => ser(paginator),
                partners => ser(partners),
                partners_more => more,
                partners_search => (more > 0 && cfg.search).then(|| self.term_search(kind, &term.name)),
            },
        )
    }

    /// The Atom feed: the newest fiches only (`feed_limit`; 0: all), as it is polled.
    fn atom(&self, path: String) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let kept = match cfg.feed_limit {
            0 => self.site.fiches.len(),
            n => n,
        };
        let fiches = &self.site.fiches[..kept.min(self.site.fiches.len())];
        let entries: Vec<Value> = fiches
            .iter()
            .map(|f| {
                let card = ser(self.card(f));
                let updated = f.updated.or(f.date).map(|d| d.iso());
                let event = self.feed_event(f);
                let content = match &event {
                    Some(e) => format!("{}{}", e.intro(), f.html),
                    None => f.html.clone(),
                };
                let event = event.map(ser);
                minijinja::context! { ..card, ..minijinja::context! { content, updated, event } }
            })
            .collect();
        let updated = fiches
            .iter()
            .filter_map(|f| f.updated.or(f.date))
            .max()
            .map(|d| d.iso());
        let page = self.page(
            "atom",
            cfg.title.clone(),
            cfg.description.clone(),
            path.clone(),
        );
        self.emit(
            &path,
            "atom.xml",
            page,
            minijinja::context! {
                entries => entries,
                updated => updated,
                ev => paths::has_events(self.site).then_some(super::feed_event::EV_NAMESPACE),
            },
        )
    }

    /// The search page: its filters (themes, tags, variants, declared fields); the
    /// index it loads is `search`'s.
    fn search_page(&self, path: String) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let title = self.t("search_title");
        let page = self.page(
            "search",
            title.clone(),
            self.t("search_intro"),
            path.clone(),
        );
        self.emit(
            &paths::index_html(&path),
            "search.html",
            page,
            minijinja::context! {
                themes => ser(self.term_views(TaxonomyKind::Themes)),
                tags => ser(self.term_views(TaxonomyKind::Tags)),
                variants => cfg.variants.iter()
                    .map(|v| (v.name.clone(), v.label.clone()))
                    .collect::<std::collections::BTreeMap<_, _>>(),
                field_filters => cfg.declared_fields().filter(|f| f.filter)
                    .map(|f| minijinja::context! { key => f.key.clone(), label => f.label.clone() })
                    .collect::<Vec<_>>(),
                // Partners' fiches are searched with the site's: a filter by source.
                pooled => self.partner_total() > 0,
            },
        )
    }

    /// The contribution page; in `serve`, `edit` prefills it to edit or create a fiche.
    pub(super) fn contribute(
        &self,
        path: &str,
        edit: Option<&serde_json::Value>,
        drafts: &[String],
    ) -> Result<Page, Diagnostic> {
        // Editing an existing fiche in serve: the tab says so.
        let editing = edit.is_some_and(|e| e.get("path").is_some_and(|p| !p.is_null()));
        let title = self.t(if editing {
            "form_edit_title"
        } else {
            "form_title"
        });
        let page = self.page("contribute", title, self.t("form_intro"), path.to_string());
        self.emit(
            &paths::index_html(path),
            "contribute.html",
            page,
            minijinja::context! {
                form_data => Value::from_safe_string(form::data(self.site, self.theme, edit, drafts)),
                editing => edit.is_some(),
            },
        )
    }
}

/// The first page's latest fiches without those shown just above as featured, unless
/// that would leave none.
fn not_featured(list: Vec<Value>, featured: &[Value]) -> Vec<Value> {
    let url = |card: &Value| card.get_attr("url").ok().filter(|u| !u.is_undefined());
    let shown: Vec<Value> = featured.iter().filter_map(url).collect();
    let rest: Vec<Value> = list
        .iter()
        .filter(|c| url(c).is_none_or(|u| !shown.contains(&u)))
        .cloned()
        .collect();
    if rest.is_empty() { list } else { rest }
}
