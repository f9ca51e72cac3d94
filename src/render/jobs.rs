//! One page of the plan rendered through its template.

use minijinja::Value;

use super::badge::Badge;
use super::cms;
use super::context::Ctx;
use super::form;
use super::ser;
use super::share;
use super::views::{CoverView, FieldView, Full, PageView, TermView, TestimonyView, term_view};
use crate::diagnostic::Diagnostic;
use crate::export;
use crate::output::Page;
use crate::paths::{self, Job};
use crate::schema::FieldValue;
use crate::site::TaxonomyKind;
use crate::span::Spanned;

impl Ctx<'_> {
    /// Renders one page of the plan.
    pub(super) fn render_job(
        &self,
        job: &Job,
        cards: &[Option<Value>],
        bodies: &[String],
    ) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        // Where the page lives: its folder for HTML pages, its file for the others.
        let path = job.dir(self.site);
        match job {
            Job::Home(n) => {
                let (list, paginator) =
                    self.paginate("", cards, &(0..cards.len()).collect::<Vec<_>>(), *n);
                let title = if *n > 1 {
                    format!(
                        "{} — {}",
                        cfg.title,
                        self.t("page_n").replace("{n}", &n.to_string())
                    )
                } else {
                    cfg.title.clone()
                };
                let page = self.page("home", title, cfg.description.clone(), path.clone());
                // The first page presents the network: its featured fiches and its
                // themes, the most used first.
                let (featured, themes) = if *n == 1 {
                    let featured: Vec<Value> = self
                        .site
                        .fiches
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.featured)
                        .filter_map(|(i, _)| cards[i].clone())
                        .collect();
                    let mut themes: Vec<TermView> = self
                        .site
                        .taxonomy(TaxonomyKind::Themes)
                        .terms
                        .iter()
                        .map(|t| term_view(TaxonomyKind::Themes, t))
                        .collect();
                    themes.sort_by_key(|t| std::cmp::Reverse(t.count));
                    (featured, themes)
                } else {
                    (Vec::new(), Vec::new())
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
                    },
                )
            }
            Job::Fiche(i) => {
                let f = &self.site.fiches[*i];
                let variant = f.variant_in(cfg);
                let template = variant
                    .map(|v| v.template.as_str())
                    .filter(|t| self.theme.env.get_template(t).is_ok())
                    .unwrap_or("fiche.html");
                // In the order the variant lists them, then any other the fiche has.
                let order = cfg.shown_fields(variant, f.extra.keys().map(String::as_str));
                let fields: Vec<FieldView> = order
                    .into_iter()
                    .filter_map(|d| {
                        let value = f.extra.get(&d.key)?;
                        let (text, items): (Option<String>, &[Spanned<String>]) = match value {
                            FieldValue::Text(t) => (Some(t.value.clone()), &[]),
                            FieldValue::Number(n) => (Some(n.clone()), &[]),
                            FieldValue::Date(date) => (Some(self.theme.long_date(*date)), &[]),
                            FieldValue::List(l) => (None, l),
                        };
                        let terms = if d.filter {
                            // The site's own kind for this field (no lookup per fiche).
                            let kind = self.site.field_kind(&d.key);
                            kind.map(|k| self.term_refs(k, k.terms_of(f)))
                                .unwrap_or_default()
                        } else {
                            Vec::new()
                        };
                        Some(FieldView {
                            key: &d.key,
                            label: &d.label,
                            kind: d.kind,
                            text,
                            items,
                            terms,
                        })
                    })
                    .collect();
                let has_facts = !fields.is_empty()
                    || f.organization.is_some()
                    || f.territory.is_some()
                    || f.period.is_some()
                    || !f.audience.is_empty()
                    || !f.partners.is_empty()
                    || f.budget.is_some()
                    || f.contact.is_some();
                let full = Full {
                    card: self.card(f),
                    updated: f.updated.map(|d| d.iso()),
                    updated_display: f.updated.map(|d| self.theme.long_date(d)),
                    period: f.period.as_deref(),
                    audience: &f.audience,
                    partners: &f.partners,
                    budget: f.budget.as_deref(),
                    contact: f.contact.as_deref(),
                    testimonies: f
                        .testimonies
                        .iter()
                        .map(|t| TestimonyView {
                            name: &t.name,
                            role: t.role.as_deref(),
                            quote: &t.quote,
                        })
                        .collect(),
                    fields,
                    has_facts,
                    cover: f
                        .image
                        .as_ref()
                        .zip(f.bundle.as_ref())
                        .and_then(|(i, b)| crate::links::normalise(&b.join(&i.value)))
                        .and_then(|p| self.site.photos.get(&p))
                        .and_then(|sizes| {
                            let (width, height, _) = sizes.last()?;
                            Some(CoverView {
                                srcset: if sizes.len() > 1 {
                                    crate::markdown::srcset(sizes)
                                } else {
                                    String::new()
                                },
                                sizes: "(min-width: 68rem) 65.5rem, calc(100vw - 2.5rem)",
                                width: *width,
                                height: *height,
                            })
                        }),
                };
                let base = self.site.config.base_url.as_deref();
                let page = ser(PageView {
                    kind: "fiche",
                    title: f.title.clone(),
                    description: f.summary.clone(),
                    path: path.clone(),
                    canonical: base.map(|b| format!("{b}{path}")),
                    image: base.zip(f.image.as_ref()).map(|(b, i)| {
                        format!("{b}{}", paths::fiche_file_href(&f.slug, i.as_str()))
                    }),
                    image_alt: f.image_alt.clone(),
                });
                self.emit(
                    &paths::index_html(&path),
                    template,
                    page,
                    minijinja::context! {
                        fiche => ser(full),
                        content => Value::from_safe_string(bodies[*i].clone()),
                        related => self.site.related[*i].iter().map(|&j| cards[j].clone().unwrap_or_default()).collect::<Vec<_>>(),
                        network_badge => self.fiche_snippet(&f.slug, &f.title),
                        share => base.map(|b| ser(share::links(&format!("{b}{path}"), &f.title, &f.summary, self.lang))),
                    },
                )
            }
            Job::Taxonomy(kind) => {
                let tax = self.site.taxonomy(*kind);
                let title = self.taxonomy_title(*kind);
                let terms: Vec<TermView> = tax.terms.iter().map(|t| term_view(*kind, t)).collect();
                let page = self.page("taxonomy", title.clone(), title.clone(), path.clone());
                self.emit(
                    &paths::index_html(&path),
                    "taxonomy.html",
                    page,
                    minijinja::context! { taxonomy => minijinja::context! { key => kind.key(), title => title, terms => ser(terms) } },
                )
            }
            Job::Term(kind, i, n) => {
                let term = &self.site.taxonomy(*kind).terms[*i];
                let heading = self.term_heading(*kind, &term.name);
                let base = paths::term_dir(*kind, &term.slug);
                let (list, paginator) = self.paginate(&base, cards, &term.fiches, *n);
                let title = if *n > 1 {
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
                        taxonomy => minijinja::context! { key => kind.key(), title => self.taxonomy_title(*kind), back => self.all_terms(*kind) },
                        term => ser(term_view(*kind, term)),
                        heading => heading,
                        fiches => list,
                        paginator => ser(paginator),
                    },
                )
            }
            Job::NotFound => {
                let title = self.t("not_found_title");
                let page = self.page("404", title, String::new(), path.clone());
                self.emit(&path, "404.html", page, minijinja::context! {})
            }
            Job::Atom => {
                // The newest fiches only (`feed_limit`; 0: all): the feed is polled.
                let kept = match cfg.feed_limit {
                    0 => self.site.fiches.len(),
                    n => n,
                };
                let fiches = &self.site.fiches[..kept.min(self.site.fiches.len())];
                let entries: Vec<Value> = fiches
                    .iter()
                    .zip(bodies)
                    .map(|(f, body)| {
                        let card = ser(self.card(f));
                        let updated = f.updated.or(f.date).map(|d| d.iso());
                        minijinja::context! { ..card, ..minijinja::context! { content => body, updated => updated } }
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
                    minijinja::context! { entries => entries, updated => updated },
                )
            }
            Job::Sitemap(n) => self.sitemap(*n, paths::SITEMAP_MAX),
            Job::Search => {
                let title = self.t("search_title");
                let page = self.page(
                    "search",
                    title.clone(),
                    self.t("search_intro"),
                    path.clone(),
                );
                let terms = |kind: TaxonomyKind| {
                    ser(self
                        .site
                        .taxonomy(kind)
                        .terms
                        .iter()
                        .map(|t| term_view(kind, t))
                        .collect::<Vec<_>>())
                };
                self.emit(
                    &paths::index_html(&path),
                    "search.html",
                    page,
                    minijinja::context! {
                        themes => terms(TaxonomyKind::Themes),
                        tags => terms(TaxonomyKind::Tags),
                        variants => self.site.config.variants.iter()
                            .map(|v| (v.name.clone(), v.label.clone()))
                            .collect::<std::collections::BTreeMap<_, _>>(),
                        field_filters => self.site.config.declared_fields().filter(|f| f.filter)
                            .map(|f| minijinja::context! { key => f.key.clone(), label => f.label.clone() })
                            .collect::<Vec<_>>(),
                    },
                )
            }
            Job::Contribute => self.contribute(&path, None, &[]),
            Job::Podcast => self.podcast(&path),
            Job::Badges => self.badges(&path),
            Job::BadgeNetwork => Ok(self.badge_file(&path, Badge::Network)),
            Job::BadgeFiche => Ok(self.badge_file(&path, Badge::Fiche)),
            Job::Admin => Ok(Page {
                path: paths::index_html(&path),
                bytes: cms::admin_page(cfg).unwrap_or_default().into_bytes(),
            }),
            Job::AdminConfig => Ok(Page {
                path,
                bytes: cms::config_yml(cfg).unwrap_or_default().into_bytes(),
            }),
            Job::Robots => Ok(Page {
                path,
                bytes: export::robots(self.site).into_bytes(),
            }),
            Job::Data => Ok(Page {
                path,
                bytes: export::data(self.site, bodies).into_bytes(),
            }),
            Job::Schema => Ok(Page {
                path,
                bytes: export::schema(self.site).into_bytes(),
            }),
        }
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
