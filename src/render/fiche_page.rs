//! A fiche's own page: its card in full, the declared fields it fills, its cover's
//! sizes, its body, its related fiches and the ways to share it.

use minijinja::Value;

use super::context::Ctx;
use super::ser;
use super::share;
use super::views::{CoverView, FieldView, Full, PageView, TestimonyView};
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::output::Page;
use crate::paths;
use crate::schema::{FieldValue, Variant};
use crate::span::Spanned;

/// The page's full address, when the site has one.
fn page_url(base: Option<&str>, path: &str) -> Option<String> {
    base.map(|b| format!("{b}{path}"))
}

impl<'a> Ctx<'a> {
    /// The page of fiche `i`, in the folder `path`, through its variant's template.
    pub(super) fn fiche_page(
        &self,
        i: usize,
        cards: &[Option<Value>],
        path: String,
    ) -> Result<Page, Diagnostic> {
        let site: &'a crate::site::Site = self.site;
        let f = &site.fiches[i];
        let variant = f.variant_in(&site.config);
        let template = variant
            .map(|v| v.template.as_str())
            .filter(|t| self.theme.env.get_template(t).is_ok())
            .unwrap_or("fiche.html");
        let base = self.site.config.base_url.as_deref();
        let page = ser(PageView {
            kind: "fiche",
            title: f.title.clone(),
            description: f.summary.clone(),
            path: path.clone(),
            canonical: base.map(|b| format!("{b}{path}")),
            image: base
                .zip(f.image.as_ref())
                .map(|(b, i)| format!("{b}{}", paths::fiche_file_href(&f.slug, i.as_str()))),
            image_alt: f.image_alt.clone(),
        });
        let related = self.site.related[i].iter();
        self.emit(
            &paths::index_html(&path),
            template,
            page,
            minijinja::context! {
                fiche => ser(self.full(f, variant, page_url(base, &path))),
                content => Value::from_safe_string(f.html.clone()),
                related => related.map(|&j| cards[j].clone().unwrap_or_default()).collect::<Vec<_>>(),
                network_badge => self.fiche_snippet(&f.slug, &f.title),
                share => base.map(|b| ser(share::links(&format!("{b}{path}"), &f.title, &f.summary, self.lang))),
            },
        )
    }

    /// Everything the fiche's page shows of it besides its body.
    fn full(&self, f: &'a Fiche, variant: Option<&'a Variant>, url: Option<String>) -> Full<'a> {
        let fields = self.fields(f, variant);
        let has_facts = !fields.is_empty()
            || f.organization.is_some()
            || f.territory.is_some()
            || f.commune.is_some()
            || f.period.is_some()
            || !f.audience.is_empty()
            || !f.partners.is_empty()
            || f.budget.is_some()
            || f.contact.is_some();
        Full {
            card: self.card(f),
            updated: f.updated.map(|d| d.iso()),
            updated_display: f.updated.map(|d| self.theme.long_date(d)),
            commune: f.commune.as_deref(),
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
            cover: self.cover(f),
            event: f.event.as_ref().map(|e| {
                super::event::view(
                    e,
                    &f.slug,
                    self.outcomes(f),
                    &self.site.config.timezone,
                    self.lang,
                )
            }),
            json_ld: self.json_ld(f, url.as_deref()),
            came_from: self.came_from(f),
        }
    }

    /// The fiche's schema.org JSON-LD: an `Event` for an event.
    fn json_ld(&self, f: &Fiche, url: Option<&str>) -> Option<String> {
        let e = f.event.as_ref()?;
        let at = super::event::Where {
            url,
            title: &f.title,
            summary: &f.summary,
            language: self.lang,
        };
        let doc = super::event::json_ld(e, &at);
        Some(crate::escape::script_json(&doc.to_string()))
    }

    /// The declared fields `f` fills: in the order its variant lists them, then any
    /// other it has; a field with `filter = true` links each value to its page.
    fn fields(&self, f: &'a Fiche, variant: Option<&'a Variant>) -> Vec<FieldView<'a>> {
        let cfg: &'a crate::config::Config = &self.site.config;
        let order = cfg.shown_fields(variant, f.extra.keys().map(String::as_str));
        order
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
                    kind.map(|k| self.term_refs(k, k.terms_of(cfg, f)))
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
            .collect()
    }

    /// The cover's published sizes, when it is a photo of the fiche's bundle.
    fn cover(&self, f: &Fiche) -> Option<CoverView> {
        let (image, bundle) = f.image.as_ref().zip(f.bundle.as_ref())?;
        let path = crate::links::normalise(&bundle.join(&image.value))?;
        let sizes = self.site.photos.get(&path)?;
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
    }
}
