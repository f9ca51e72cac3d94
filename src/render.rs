//! Site + theme → pages in memory, in parallel. No I/O: the output stage writes them,
//! `serve` keeps them in memory.

use minijinja::Value;
use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::markdown::{Links, Markdown};
use crate::site::{Site, TaxonomyKind, Term};
use crate::slug::slugify;
use crate::theme::Theme;

/// A generated file: its path in the output (with `/`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Tags or themes shown on a fiche's card in a list, the rest counted. The card is
/// repeated on the page of each of its terms: showing them all would make a build
/// grow with the square of a fiche's terms.
pub const CARD_TERMS: usize = 5;

/// Templates every build uses; variants may add theirs.
pub const TEMPLATES: [&str; 8] = [
    "search.html",
    "index.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "fiche.html",
    "atom.xml",
    "sitemap.xml",
];

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: Option<&'a str>,
    search: bool,
}

#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    title: String,
    description: String,
    /// Path of the page's folder from the root (`fiches/x/`), empty for the home page.
    path: String,
    canonical: Option<String>,
    /// Absolute address of the page's image, for link previews.
    image: Option<String>,
    image_alt: Option<String>,
}

#[derive(Serialize, Clone)]
struct TermRef {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Card<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    summary: &'a str,
    date: String,
    date_display: String,
    variant: &'a str,
    variant_label: String,
    tags: Vec<TermRef>,
    /// Tags left off a card in a list (see [`CARD_TERMS`]); 0 on the fiche's page.
    tags_more: usize,
    themes: Vec<TermRef>,
    themes_more: usize,
    territory: Option<TermRef>,
    organization: Option<&'a str>,
    authors: &'a [String],
    collective: Option<&'a str>,
    image: Option<String>,
    image_alt: Option<&'a str>,
}

#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    card: Card<'a>,
    updated: Option<String>,
    updated_display: Option<String>,
    period: Option<&'a str>,
    audience: &'a [String],
    partners: &'a [String],
    budget: Option<&'a str>,
    contact: Option<&'a str>,
    testimonies: Vec<TestimonyView<'a>>,
    has_facts: bool,
}

#[derive(Serialize)]
struct TestimonyView<'a> {
    name: &'a str,
    role: Option<&'a str>,
    quote: &'a str,
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    /// Folders of the previous and next pages, from the root.
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    slug: String,
    url: String,
    count: usize,
}

/// Renders every fiche's body in parallel: the HTML of each published fiche, in
/// `site.fiches` order, and every diagnostic. `invalid` fiches (front matter errors)
/// are not published, but their bodies are checked too, so an author sees every
/// mistake at once.
pub fn bodies(site: &Site, links: &Links, invalid: &[Fiche]) -> (Vec<String>, Vec<Diagnostic>) {
    let md = Markdown::new(site.config.unsafe_html, site.config.language);
    let rendered: Vec<(String, Vec<Diagnostic>)> = site
        .fiches
        .par_iter()
        .map(|f| body(site, &md, links, f))
        .collect();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut html = Vec::with_capacity(rendered.len());
    for (h, mut d) in rendered {
        html.push(h);
        diags.append(&mut d);
    }
    diags.par_extend(
        invalid
            .par_iter()
            .flat_map_iter(|f| body(site, &md, links, f).1),
    );
    (html, diags)
}

/// One fiche's body, with its link and section diagnostics.
pub fn body(site: &Site, md: &Markdown, links: &Links, f: &Fiche) -> (String, Vec<Diagnostic>) {
    let (r, mut diags) = md.render(f, links, "../../");
    check_sections(site, f, &r.sections, &mut diags);
    (r.html, diags)
}

/// Every page a site has.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = home_jobs(site);
    jobs.extend((0..site.fiches.len()).map(Job::Fiche));
    for kind in TaxonomyKind::ALL {
        jobs.push(Job::Taxonomy(kind));
        for i in 0..site.taxonomy(kind).terms.len() {
            jobs.extend(term_jobs(site, kind, i));
        }
    }
    jobs.push(Job::NotFound);
    if site.config.search {
        jobs.push(Job::Search);
    }
    if site.config.base_url.is_some() {
        jobs.extend([Job::Atom, Job::Sitemap, Job::Robots, Job::Data, Job::Schema]);
    }
    jobs
}

/// Every page of the home list.
pub fn home_jobs(site: &Site) -> Vec<Job> {
    (1..=page_count(site.fiches.len(), site.config.paginate))
        .map(Job::Home)
        .collect()
}

/// Every page of a term's list.
pub fn term_jobs(site: &Site, kind: TaxonomyKind, i: usize) -> Vec<Job> {
    let n = page_count(
        site.taxonomy(kind).terms[i].fiches.len(),
        site.config.paginate,
    );
    (1..=n).map(|p| Job::Term(kind, i, p)).collect()
}

/// Whether a job's output depends on every fiche (feeds, exports).
pub fn is_whole_site(job: &Job) -> bool {
    matches!(job, Job::Atom | Job::Sitemap | Job::Data)
}

/// Renders the pages of `jobs` in parallel; `bodies` are the fiches' HTML.
pub fn pages(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    bodies: &[String],
) -> (Vec<Page>, Vec<Diagnostic>) {
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
            Job::Term(kind, i, n) => page_slice(&site.taxonomy(*kind).terms[*i].fiches, per, *n),
            _ => &[],
        };
        for &j in list {
            needed[j] = true;
        }
    }
    let cards: Vec<Option<Value>> = site
        .fiches
        .par_iter()
        .zip(needed.par_iter())
        .map(|(f, &need)| need.then(|| ser(ctx.list_card(f))))
        .collect();
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .par_iter()
        .map(|job| ctx.render_job(job, &cards, bodies))
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

/// A page to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    /// A page of the home list, from 1.
    Home(usize),
    Fiche(usize),
    Taxonomy(TaxonomyKind),
    /// A page of a term's list, from 1.
    Term(TaxonomyKind, usize, usize),
    NotFound,
    /// Outputs that need the site's address (`base_url`).
    Atom,
    Sitemap,
    Robots,
    Data,
    Schema,
    /// The search page (its index is built apart, by `search`).
    Search,
}

/// The part of `list` shown on page `n` (from 1).
pub fn page_slice(list: &[usize], per_page: usize, n: usize) -> &[usize] {
    if per_page == 0 {
        return list;
    }
    let start = (n.saturating_sub(1) * per_page).min(list.len());
    &list[start..(start + per_page).min(list.len())]
}

/// Lists are cut into pages of this many fiches; 0 keeps them whole.
fn page_count(len: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        len.div_ceil(per_page).max(1)
    }
}

/// The folder of page `n` of a list whose first page is `base` (`tags/x/`).
pub fn list_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

struct Ctx<'a> {
    site: &'a Site,
    theme: &'a Theme,
    lang: Lang,
    strings: Value,
    site_view: Value,
}

impl<'a> Ctx<'a> {
    fn new(site: &'a Site, theme: &'a Theme) -> Self {
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
            }),
        }
    }

    fn t(&self, key: &str) -> String {
        self.theme.strings.get(key).cloned().unwrap_or_default()
    }

    fn term_refs(&self, kind: TaxonomyKind, names: &[String]) -> Vec<TermRef> {
        let tax = self.site.taxonomy(kind);
        names
            .iter()
            .filter_map(|n| tax.find(n))
            .map(|t| TermRef {
                name: t.name.clone(),
                url: format!("{}/{}/", kind.key(), t.slug),
            })
            .collect()
    }

    /// A fiche as lists show it: its first [`CARD_TERMS`] tags and themes.
    fn list_card<'f>(&self, f: &'f Fiche) -> Card<'f> {
        let mut card = self.card(f);
        for (terms, more) in [
            (&mut card.tags, &mut card.tags_more),
            (&mut card.themes, &mut card.themes_more),
        ] {
            *more = terms.len().saturating_sub(CARD_TERMS);
            terms.truncate(CARD_TERMS);
        }
        card
    }

    /// A fiche with all its terms, for its own page and the feed.
    fn card<'f>(&self, f: &'f Fiche) -> Card<'f> {
        let date = f.date.unwrap_or(crate::lang::Date {
            year: 1970,
            month: 1,
            day: 1,
        });
        Card {
            slug: &f.slug,
            url: format!("fiches/{}/", f.slug),
            title: &f.title,
            summary: &f.summary,
            date: date.iso(),
            date_display: self.theme.long_date(date),
            variant: &f.variant,
            variant_label: self
                .site
                .config
                .variant(&f.variant)
                .map(|v| v.label.clone())
                .unwrap_or_else(|| f.variant.clone()),
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
                .map(|i| format!("fiches/{}/{}", f.slug, i.trim_start_matches("./"))),
            image_alt: f.image_alt.as_deref(),
        }
    }

    /// The fiches of page `n` of a list (indices into `cards`) and its paginator.
    fn paginate(
        &self,
        base: &str,
        cards: &[Option<Value>],
        list: &[usize],
        n: usize,
    ) -> (Vec<Value>, Paginator) {
        let per = self.site.config.paginate;
        let total = page_count(list.len(), per);
        let slice = page_slice(list, per, n);
        let paginator = Paginator {
            current: n,
            total,
            prev: (n > 1).then(|| list_path(base, n - 1)),
            next: (n < total).then(|| list_path(base, n + 1)),
        };
        (
            slice
                .iter()
                .map(|&i| cards[i].clone().unwrap_or_default())
                .collect(),
            paginator,
        )
    }

    fn page(&self, kind: &'static str, title: String, description: String, path: String) -> Value {
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

    fn render_job(
        &self,
        job: &Job,
        cards: &[Option<Value>],
        bodies: &[String],
    ) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
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
                let path = list_path("", *n);
                let page = self.page("home", title, cfg.description.clone(), path.clone());
                self.emit(
                    &format!("{path}index.html"),
                    "index.html",
                    page,
                    minijinja::context! { fiches => list, total => cards.len(), paginator => ser(paginator) },
                )
            }
            Job::Fiche(i) => {
                let f = &self.site.fiches[*i];
                let variant = cfg.variant(&f.variant);
                let template = variant
                    .map(|v| v.template.as_str())
                    .filter(|t| self.theme.env.get_template(t).is_ok())
                    .unwrap_or("fiche.html");
                let has_facts = f.organization.is_some()
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
                    has_facts,
                };
                let path = format!("fiches/{}/", f.slug);
                let base = self.site.config.base_url.as_deref();
                let page = ser(PageView {
                    kind: "fiche",
                    title: f.title.clone(),
                    description: f.summary.clone(),
                    path: path.clone(),
                    canonical: base.map(|b| format!("{b}{path}")),
                    image: base
                        .zip(f.image.as_ref())
                        .map(|(b, i)| format!("{b}{path}{}", i.trim_start_matches("./"))),
                    image_alt: f.image_alt.clone(),
                });
                self.emit(
                    &format!("{path}index.html"),
                    template,
                    page,
                    minijinja::context! {
                        fiche => ser(full),
                        content => Value::from_safe_string(bodies[*i].clone()),
                        related => self.site.related[*i].iter().map(|&j| cards[j].clone().unwrap_or_default()).collect::<Vec<_>>(),
                    },
                )
            }
            Job::Taxonomy(kind) => {
                let tax = self.site.taxonomy(*kind);
                let title = self.t(&format!("{}_title", kind.key()));
                let terms: Vec<TermView> = tax.terms.iter().map(|t| term_view(*kind, t)).collect();
                let path = format!("{}/", kind.key());
                let page = self.page("taxonomy", title.clone(), title.clone(), path.clone());
                self.emit(
                    &format!("{path}index.html"),
                    "taxonomy.html",
                    page,
                    minijinja::context! { taxonomy => minijinja::context! { key => kind.key(), title => title, terms => ser(terms) } },
                )
            }
            Job::Term(kind, i, n) => {
                let term = &self.site.taxonomy(*kind).terms[*i];
                let heading = self
                    .t(&format!("{}_term_heading", kind.key()))
                    .replace("{term}", &term.name);
                let base = format!("{}/{}/", kind.key(), term.slug);
                let (list, paginator) = self.paginate(&base, cards, &term.fiches, *n);
                let path = list_path(&base, *n);
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
                    &format!("{path}index.html"),
                    "term.html",
                    page,
                    minijinja::context! {
                        taxonomy => minijinja::context! { key => kind.key(), title => self.t(&format!("{}_title", kind.key())) },
                        term => ser(term_view(*kind, term)),
                        heading => heading,
                        fiches => list,
                        paginator => ser(paginator),
                    },
                )
            }
            Job::NotFound => {
                let title = self.t("not_found_title");
                let page = self.page("404", title, String::new(), "404.html".into());
                self.emit("404.html", "404.html", page, minijinja::context! {})
            }
            Job::Atom => {
                let entries: Vec<Value> = self
                    .site
                    .fiches
                    .iter()
                    .zip(bodies)
                    .map(|(f, body)| {
                        let card = ser(self.card(f));
                        let updated = f.updated.or(f.date).map(|d| d.iso());
                        minijinja::context! { ..card, ..minijinja::context! { content => body, updated => updated } }
                    })
                    .collect();
                let updated = self
                    .site
                    .fiches
                    .iter()
                    .filter_map(|f| f.updated.or(f.date))
                    .max()
                    .map(|d| d.iso());
                let page = self.page(
                    "atom",
                    cfg.title.clone(),
                    cfg.description.clone(),
                    "atom.xml".into(),
                );
                self.emit(
                    "atom.xml",
                    "atom.xml",
                    page,
                    minijinja::context! { entries => entries, updated => updated },
                )
            }
            Job::Sitemap => {
                let page = self.page(
                    "sitemap",
                    cfg.title.clone(),
                    String::new(),
                    "sitemap.xml".into(),
                );
                let urls = crate::export::sitemap_entries(self.site);
                self.emit(
                    "sitemap.xml",
                    "sitemap.xml",
                    page,
                    minijinja::context! { urls => ser(urls) },
                )
            }
            Job::Search => {
                let title = self.t("search_title");
                let page = self.page(
                    "search",
                    title.clone(),
                    self.t("search_intro"),
                    "search/".into(),
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
                    "search/index.html",
                    "search.html",
                    page,
                    minijinja::context! { themes => terms(TaxonomyKind::Themes), tags => terms(TaxonomyKind::Tags) },
                )
            }
            Job::Robots => Ok(Page {
                path: "robots.txt".into(),
                bytes: crate::export::robots(self.site).into_bytes(),
            }),
            Job::Data => Ok(Page {
                path: crate::export::DATA_FILE.into(),
                bytes: crate::export::data(self.site, bodies).into_bytes(),
            }),
            Job::Schema => Ok(Page {
                path: crate::export::SCHEMA_FILE.into(),
                bytes: crate::export::SCHEMA.as_bytes().to_vec(),
            }),
        }
    }

    fn emit(
        &self,
        path: &str,
        template: &str,
        page: Value,
        extra: Value,
    ) -> Result<Page, Diagnostic> {
        // The 404 page is served at any depth, so it links from the site's root path.
        let root = if path == "404.html" {
            self.site.config.base_path().to_string()
        } else {
            match path.matches('/').count() {
                0 => "./".to_string(),
                n => "../".repeat(n),
            }
        };
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
        let html = tmpl
            .render(ctx)
            .map_err(|e| self.theme.template_error(&e, self.lang))?;
        Ok(Page {
            path: path.to_string(),
            bytes: html.into_bytes(),
        })
    }
}

fn term_view(kind: TaxonomyKind, t: &Term) -> TermView {
    TermView {
        name: t.name.clone(),
        slug: t.slug.clone(),
        url: format!("{}/{}/", kind.key(), t.slug),
        count: t.fiches.len(),
    }
}

/// Required sections missing are errors, recommended ones warnings; headings match
/// ignoring case and accents.
fn check_sections(site: &Site, f: &Fiche, found: &[String], diags: &mut Vec<Diagnostic>) {
    let Some(v) = site.config.variant(&f.variant) else {
        return;
    };
    let lang = site.config.language;
    let have: Vec<String> = found.iter().map(|s| slugify(s)).collect();
    let missing = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|s| !have.contains(&slugify(s)))
            .map(|s| format!("« ## {s} »"))
            .collect()
    };
    let required = missing(&v.required_sections);
    if !required.is_empty() {
        diags.push(
            Diagnostic::error(lang.pick(
                format!(
                    "il manque des parties obligatoires pour une fiche « {} » : {}",
                    v.label,
                    required.join(", ")
                ),
                format!(
                    "required sections are missing for a \"{}\" fiche: {}",
                    v.label,
                    required.join(", ")
                ),
            ))
            .in_file(&f.path)
            .hint(lang.pick(
                "ajoutez chaque titre sur sa propre ligne, suivi de son texte",
                "add each heading on its own line, followed by its text",
            )),
        );
    }
    let recommended = missing(&v.recommended_sections);
    if !recommended.is_empty() {
        diags.push(
            Diagnostic::warning(lang.pick(
                format!("parties conseillées absentes : {}", recommended.join(", ")),
                format!("recommended sections are missing: {}", recommended.join(", ")),
            ))
            .in_file(&f.path)
            .hint(lang.pick(
                "ces titres aident les lecteurs à retrouver les mêmes repères d'une fiche à l'autre",
                "these headings help readers find the same landmarks from one fiche to the next",
            )),
        );
    }
}

fn ser<T: Serialize>(v: T) -> Value {
    Value::from(minijinja::value::Serde(v))
}
