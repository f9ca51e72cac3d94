//! Site + theme → pages in memory, in parallel. No I/O: the output stage writes them,
//! `serve` keeps them in memory.

mod agenda_page;
mod article;
mod badge;
mod cms;
mod context;
mod event;
mod feed_event;
mod fiche_page;
mod form;
mod jobs;
mod map_page;
mod partners;
mod podcast;
mod share;
mod sitemap;
mod views;
mod yaml;

use minijinja::Value;
use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::output::Page;
use crate::paths::{Job, page_slice};
use crate::site::Site;
use crate::theme::Theme;
use context::Ctx;

/// Tags or themes shown on a fiche's card in a list, the rest counted. The card is
/// repeated on the page of each of its terms: showing them all would make a build
/// grow with the square of a fiche's terms.
pub const CARD_TERMS: usize = 5;

/// Templates every build uses; variants may add theirs.
pub const TEMPLATES: [&str; 12] = [
    "search.html",
    "index.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "fiche.html",
    "atom.xml",
    "sitemap.xml",
    "contribute.html",
    "podcast.xml",
    "badge.html",
    "agenda.html",
];

/// Renders the pages of `jobs` in parallel.
pub fn pages(site: &Site, theme: &Theme, jobs: &[Job]) -> (Vec<Page>, Vec<Diagnostic>) {
    Renderer::new(site, theme, jobs).render(jobs)
}

/// What the pages of a plan share, made once: a build renders its plan in slices
/// and writes each before the next, so that the pages are never all in memory.
pub struct Renderer<'a> {
    ctx: Ctx<'a>,
    cards: Vec<Option<Value>>,
}

impl<'a> Renderer<'a> {
    /// Ready to render any of `jobs`.
    pub fn new(site: &'a Site, theme: &'a Theme, jobs: &[Job]) -> Self {
        let ctx = Ctx::new(site, theme);
        // Cards are made only for the fiches the pages list: all of them for a full
        // build, a handful when serve re-renders one fiche.
        let per = site.config.paginate;
        let mut needed = vec![false; site.fiches.len()];
        let all: Vec<usize> = (0..site.fiches.len()).collect();
        for job in jobs {
            let list: &[usize] = match job {
                Job::Fiche(i) => &site.related[*i],
                Job::Home(n) => page_slice(&all, per, *n),
                Job::Term(kind, i, n) => {
                    page_slice(&site.taxonomy(*kind).terms[*i].fiches, per, *n)
                }
                _ => &[],
            };
            for &j in list {
                needed[j] = true;
            }
            if *job == Job::Home(1) {
                for (j, f) in site.fiches.iter().enumerate() {
                    needed[j] |= f.featured;
                }
            }
        }
        // The card of a fiche in a list, rendered once per way back to the root and
        // heading level the lists use, instead of once per list (home, each of its
        // terms): the theme's `list` macro prints `f.html[root ~ level]` when present.
        let mut variants: Vec<(String, usize)> = jobs
            .iter()
            .filter(|j| matches!(j, Job::Home(_) | Job::Term(..)))
            .map(|j| {
                let level = if *j == Job::Home(1) { 3 } else { 2 };
                (ctx.root(&crate::paths::index_html(&j.dir(site))), level)
            })
            .collect();
        variants.sort();
        variants.dedup();
        let macros = theme.env.get_template("partials/card.html").ok();
        let cards: Vec<Option<Value>> = site
            .fiches
            .par_iter()
            .zip(needed.par_iter())
            .map_init(
                || macros.as_ref().and_then(|t| t.render_captured(()).ok()),
                |captured, (f, &need)| {
                    need.then(|| {
                        let card = ser(ctx.list_card(f));
                        let Some(captured) = captured.as_mut().filter(|_| !variants.is_empty())
                        else {
                            return card;
                        };
                        let mut html = std::collections::BTreeMap::new();
                        for (root, level) in &variants {
                            let args = [
                                card.clone(),
                                Value::from(root.as_str()),
                                ctx.strings().clone(),
                                Value::from(*level),
                            ];
                            match captured.with_state_mut(|s| s.call_macro("card", &args)) {
                                Ok(h) => html
                                    .insert(format!("{root}{level}"), Value::from_safe_string(h)),
                                // The template says what is wrong when it renders the list.
                                Err(_) => return card,
                            };
                        }
                        minijinja::context! { html => Value::from(html), ..card }
                    })
                },
            )
            .collect();
        Renderer { ctx, cards }
    }

    /// Renders `jobs` (some of those given to [`Renderer::new`]) in parallel.
    pub fn render(&self, jobs: &[Job]) -> (Vec<Page>, Vec<Diagnostic>) {
        let results: Vec<Result<Page, Diagnostic>> = jobs
            .par_iter()
            .map(|job| self.ctx.render_job(job, &self.cards))
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut diags = Vec::new();
        for r in results {
            match r {
                Ok(p) => pages.push(p),
                Err(d) => diags.push(d),
            }
        }
        (pages, diags)
    }
}

/// Every file of the sitemap, were a file to hold at most `max` addresses: what a
/// build writes with [`crate::paths::SITEMAP_MAX`], for tests to see the cut.
pub fn sitemap_files(site: &Site, theme: &Theme, max: usize) -> Result<Vec<Page>, Diagnostic> {
    let ctx = Ctx::new(site, theme);
    let parts = crate::paths::sitemap_split(crate::paths::sitemap_pages(site).len(), max);
    let files = if parts.len() > 1 {
        0..=parts.len()
    } else {
        0..=0
    };
    files.map(|n| ctx.sitemap(n, max)).collect()
}

/// The contribution form prefilled by `serve` to edit or create a fiche (`edit` joins
/// the form's data); its links lead from the site's root. `drafts`: the addresses of
/// the drafts left out, which a new fiche may not take either.
pub fn edit_page(
    site: &Site,
    theme: &Theme,
    edit: &serde_json::Value,
    drafts: &[String],
) -> Result<Page, Diagnostic> {
    // Served at `paths::EDIT_PAGE`: in `paths::SERVE_DIR`, one folder down the root.
    Ctx::new(site, theme).contribute(crate::paths::SERVE_DIR, Some(edit), drafts)
}

fn ser<T: Serialize>(v: T) -> Value {
    Value::from(minijinja::value::Serde(v))
}
