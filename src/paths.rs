//! The site's addresses and its page plan: the only place that knows where a fiche,
//! a term, a page of a list or a feed lives in the output. Everything else asks here,
//! so an address can never be spelled two ways.

mod agenda;
mod sitemap;

pub use agenda::{AGENDA_ICS, agenda_dir, event_ics, event_jobs, has_events};
use sitemap::in_sitemap;
pub use sitemap::{sitemap_file, sitemap_pages, sitemap_split};

use crate::config::Config;
use crate::lang::Lang;
use crate::site::{Site, TaxonomyKind};

/// The folder of the fiche pages.
const FICHES_DIR: &str = "fiches";
pub const NOT_FOUND: &str = "404.html";
pub const ATOM: &str = "atom.xml";
/// The latest fiches as a JSON Feed 1.1 (see [`crate::export`]).
pub const JSON_FEED: &str = "feed.json";
pub const SITEMAP: &str = "sitemap.xml";
/// The addresses one sitemap file may hold (the sitemaps protocol's limit); past
/// it, `sitemap.xml` becomes an index of files that hold this many each.
pub const SITEMAP_MAX: usize = 50_000;
pub const ROBOTS: &str = "robots.txt";
/// Every published fiche, for other programs (see [`crate::export`]).
pub const DATA_FILE: &str = "fiches.json";
pub const SCHEMA_FILE: &str = "fiches.schema.json";
/// The fiches that have a place, for maps and GIS (see [`crate::export`]).
pub const GEOJSON_FILE: &str = "fiches.geojson";
pub const SEARCH_DIR: &str = "search/";
/// The search index's files, beside the search page: a folder that belongs to
/// fiches whole (see `search`).
pub const SEARCH_INDEX_DIR: &str = "search/data";
/// The folder of the addresses only `serve` answers, which no site has: the
/// editor's form and where it saves.
pub const SERVE_DIR: &str = "__fiches/";
pub const EDIT_PAGE: &str = "__fiches/edit";
pub const SAVE_PAGE: &str = "__fiches/save";
/// The page that offers the network's badges, and the badges themselves.
pub const BADGE_DIR: &str = "badge/";
pub const BADGE_NETWORK: &str = "badge/network.svg";
pub const BADGE_FICHE: &str = "badge/fiche.svg";
/// The podcast feed: every audio file of the published fiches.
pub const PODCAST: &str = "podcast.xml";
/// The CMS's page and its configuration, with `[cms]`.
pub const ADMIN_DIR: &str = "admin/";
pub const ADMIN_CONFIG: &str = "admin/config.yml";

/// The folder of the map page, in the site's language.
pub fn map_dir(lang: Lang) -> String {
    lang.pick("carte/", "map/")
}

/// The folder of the "Propose a fiche" page, in the site's language.
pub fn contribute_dir(lang: Lang) -> String {
    lang.pick("proposer/", "contribute/")
}

/// The way from a fiche's page (`fiches/SLUG/`) back to the site's root.
pub const FICHE_TO_ROOT: &str = "../../";

/// The folder of a fiche's page (`fiches/SLUG/`).
pub fn fiche_dir(slug: &str) -> String {
    format!("{FICHES_DIR}/{slug}/")
}

/// The slug of the fiche whose page is the file `page` (`fiches/SLUG/index.html`).
pub fn fiche_of_page(page: &str) -> Option<&str> {
    let slug = page
        .strip_prefix(FICHES_DIR)?
        .strip_prefix('/')?
        .strip_suffix("/index.html")?;
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

/// A file published with a fiche's bundle; `rel` is its path inside the bundle.
pub fn fiche_file(slug: &str, rel: &str) -> String {
    format!("{FICHES_DIR}/{slug}/{}", rel.trim_start_matches("./"))
}

/// How a fiche page links to another fiche's page, or to a file of its bundle
/// ([`escaped`]).
pub fn from_fiche_to(slug: &str, rel: &str) -> String {
    escaped(&format!("../{slug}/"), rel)
}

/// The address of a file of a fiche's bundle from the site's root, for a link
/// ([`escaped`]); [`fiche_file`] is where it is written.
pub fn fiche_file_href(slug: &str, rel: &str) -> String {
    escaped(
        &format!("{FICHES_DIR}/{slug}/"),
        rel.trim_start_matches("./"),
    )
}

/// `prefix` then a file's path written for a URL: the ASCII characters a browser
/// does not read as part of a name (`#` a fragment, `?` a query, `%` an escape, a
/// space, quotes) are escaped; letters with accents stay as they are.
fn escaped(prefix: &str, rel: &str) -> String {
    let mut href = String::with_capacity(prefix.len() + rel.len());
    href.push_str(prefix);
    for c in rel.chars() {
        let plain = !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c);
        if plain {
            href.push(c);
        } else {
            href.push_str(&format!("%{:02X}", u32::from(c)));
        }
    }
    href
}

/// The folder of a taxonomy's page (`tags/`).
pub fn taxonomy_dir(cfg: &Config, kind: TaxonomyKind) -> String {
    format!("{}/", kind.key(cfg))
}

/// The folder of a term's first page (`tags/SLUG/`).
pub fn term_dir(cfg: &Config, kind: TaxonomyKind, slug: &str) -> String {
    format!("{}/{slug}/", kind.key(cfg))
}

/// The folder of page `n` of a list whose first page is `base` (`tags/x/`).
pub fn list_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The HTML file of a page folder (`""` is the site's root).
pub fn index_html(dir: &str) -> String {
    format!("{dir}index.html")
}

/// Lists are cut into pages of this many fiches; 0 keeps them whole.
pub fn page_count(len: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        len.div_ceil(per_page).max(1)
    }
}

/// The part of `list` shown on page `n` (from 1).
pub fn page_slice(list: &[usize], per_page: usize, n: usize) -> &[usize] {
    if per_page == 0 {
        return list;
    }
    let start = (n.saturating_sub(1) * per_page).min(list.len());
    &list[start..(start + per_page).min(list.len())]
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
    JsonFeed,
    /// `sitemap.xml` (0), or file `n` of a sitemap cut into files (see [`sitemap_split`]).
    Sitemap(usize),
    Robots,
    Data,
    Schema,
    /// `fiches.geojson`, when a fiche has a place.
    GeoJson,
    /// The search page (its index is built apart, by `search`).
    Search,
    /// The "Propose a fiche" page.
    Contribute,
    /// The map of the territories, when one of them names a place.
    Map,
    /// The podcast feed, when fiches hold audio and the site has its address.
    Podcast,
    /// The badges page and its two SVG badges, when the site belongs to a network
    /// and has its address.
    Badges,
    BadgeNetwork,
    BadgeFiche,
    /// The CMS's page and its `config.yml`, with `[cms]`.
    Admin,
    AdminConfig,
    /// The iCalendar file of fiche `i`, an event.
    EventIcs(usize),
    /// The agenda page, when a fiche is an event.
    Agenda,
    /// `agenda.ics`, when a fiche is an event.
    AgendaIcs,
}

impl Job {
    /// The folder of an HTML page from the site's root, or the file for the others.
    pub fn dir(&self, site: &Site) -> String {
        match *self {
            Job::Home(n) => list_path("", n),
            Job::Fiche(i) => fiche_dir(&site.fiches[i].slug),
            Job::Taxonomy(kind) => taxonomy_dir(&site.config, kind),
            Job::Term(kind, i, n) => {
                let slug = &site.taxonomy(kind).terms[i].slug;
                list_path(&term_dir(&site.config, kind, slug), n)
            }
            Job::NotFound => NOT_FOUND.into(),
            Job::Atom => ATOM.into(),
            Job::JsonFeed => JSON_FEED.into(),
            Job::Sitemap(n) => sitemap_file(n),
            Job::Robots => ROBOTS.into(),
            Job::Data => DATA_FILE.into(),
            Job::Schema => SCHEMA_FILE.into(),
            Job::GeoJson => GEOJSON_FILE.into(),
            Job::Search => SEARCH_DIR.into(),
            Job::Contribute => contribute_dir(site.config.language),
            Job::Map => map_dir(site.config.language),
            Job::Podcast => PODCAST.into(),
            Job::Badges => BADGE_DIR.into(),
            Job::BadgeNetwork => BADGE_NETWORK.into(),
            Job::BadgeFiche => BADGE_FICHE.into(),
            Job::Admin => ADMIN_DIR.into(),
            Job::AdminConfig => ADMIN_CONFIG.into(),
            Job::EventIcs(i) => event_ics(&site.fiches[i].slug),
            Job::AgendaIcs => AGENDA_ICS.into(),
            Job::Agenda => agenda_dir(site.config.language),
        }
    }

    /// The file the job writes, from the site's root: the `index.html` of its folder
    /// for an HTML page, else the file [`Job::dir`] names.
    pub fn file(&self, site: &Site) -> String {
        match self {
            Job::Home(_)
            | Job::Fiche(_)
            | Job::Taxonomy(_)
            | Job::Term(..)
            | Job::Search
            | Job::Contribute
            | Job::Map
            | Job::Admin
            | Job::Agenda
            | Job::Badges => index_html(&self.dir(site)),
            Job::NotFound
            | Job::Atom
            | Job::JsonFeed
            | Job::Sitemap(_)
            | Job::Robots
            | Job::Data
            | Job::Schema
            | Job::GeoJson
            | Job::Podcast
            | Job::BadgeNetwork
            | Job::AdminConfig
            | Job::EventIcs(_)
            | Job::AgendaIcs
            | Job::BadgeFiche => self.dir(site),
        }
    }

    /// Whether the job's output shows every fiche (feeds, exports, the badges page's
    /// example) rather than the few an edit's plan names: `serve` renders these again
    /// lazily, when one is asked for. Every kind is named, so that a new one is
    /// decided here.
    pub fn is_whole_site(&self) -> bool {
        match self {
            Job::Atom
            | Job::JsonFeed
            | Job::Sitemap(_)
            | Job::Data
            | Job::GeoJson
            | Job::Podcast
            | Job::AgendaIcs
            | Job::Agenda
            | Job::Badges => true,
            Job::Home(_)
            | Job::Fiche(_)
            | Job::Taxonomy(_)
            | Job::Term(..)
            | Job::NotFound
            | Job::Robots
            | Job::Schema
            | Job::Search
            | Job::Contribute
            | Job::Map
            | Job::BadgeNetwork
            | Job::Admin
            | Job::AdminConfig
            | Job::EventIcs(_)
            | Job::BadgeFiche => false,
        }
    }
}

/// The outputs made of every fiche that this site has (see [`Job::is_whole_site`]).
pub fn whole_site_jobs(site: &Site) -> Vec<Job> {
    all_jobs(site)
        .into_iter()
        .filter(Job::is_whole_site)
        .collect()
}

/// Every page a site has.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = home_jobs(site);
    jobs.extend((0..site.fiches.len()).map(Job::Fiche));
    jobs.extend(event_jobs(site));
    for &kind in &site.kinds {
        jobs.push(Job::Taxonomy(kind));
        for i in 0..site.taxonomy(kind).terms.len() {
            jobs.extend(term_jobs(site, kind, i));
        }
    }
    // The sitemap lists the pages planned so far (see `sitemap_pages`), the agenda
    // and the map.
    let addresses = jobs.iter().filter(|j| in_sitemap(j)).count()
        + usize::from(has_events(site))
        + usize::from(crate::map::has_map(site));
    jobs.extend(site_wide_jobs(site, addresses));
    jobs
}

/// The pages a site has once whatever its number of fiches and terms.
/// `addresses`: how many pages the sitemap lists.
fn site_wide_jobs(site: &Site, addresses: usize) -> Vec<Job> {
    let mut jobs = vec![Job::NotFound];
    if site.config.search {
        jobs.push(Job::Search);
    }
    if site.config.contribute {
        jobs.push(Job::Contribute);
    }
    jobs.extend(crate::map::has_map(site).then_some(Job::Map));
    if has_events(site) {
        jobs.extend([Job::Agenda, Job::AgendaIcs]);
    }
    if site.config.cms.is_some() {
        jobs.extend([Job::Admin, Job::AdminConfig]);
    }
    if site.config.base_url.is_some() {
        let parts = sitemap_split(addresses, SITEMAP_MAX).len();
        jobs.extend([Job::Atom, Job::JsonFeed, Job::Sitemap(0)]);
        if parts > 1 {
            jobs.extend((1..=parts).map(Job::Sitemap));
        }
        jobs.extend([Job::Robots, Job::Data, Job::Schema]);
        jobs.extend(crate::map::has_places(site).then_some(Job::GeoJson));
        if has_podcast(site) {
            jobs.push(Job::Podcast);
        }
        // The snippets members paste on their sites need absolute addresses.
        if site.config.network.is_some() {
            jobs.extend([Job::Badges, Job::BadgeNetwork, Job::BadgeFiche]);
        }
    }
    jobs
}

/// Whether the site has a podcast feed: its address is known and a published fiche
/// holds audio.
pub fn has_podcast(site: &Site) -> bool {
    site.config.base_url.is_some()
        && site
            .media
            .values()
            .flatten()
            .any(|m| m.kind == crate::media::Kind::Audio)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages() {
        assert_eq!(list_path("tags/x/", 1), "tags/x/");
        assert_eq!(list_path("tags/x/", 3), "tags/x/page/3/");
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(41, 20), 3);
        assert_eq!(page_count(41, 0), 1);
        let list: Vec<usize> = (0..5).collect();
        assert_eq!(page_slice(&list, 2, 3), &[4]);
        assert_eq!(page_slice(&list, 2, 9), &[] as &[usize]);
        assert_eq!(page_slice(&list, 0, 1), &list[..]);
    }

    #[test]
    fn a_sitemap_past_its_limit_is_cut_into_files() {
        assert_eq!(sitemap_split(0, 3), vec![(0..0)]);
        assert_eq!(sitemap_split(3, 3), vec![(0..3)]);
        assert_eq!(sitemap_split(4, 3), [0..3, 3..4]);
        assert_eq!(sitemap_split(9, 3), [0..3, 3..6, 6..9]);
        assert_eq!(sitemap_split(SITEMAP_MAX, SITEMAP_MAX).len(), 1);
        assert_eq!(sitemap_split(SITEMAP_MAX + 1, SITEMAP_MAX).len(), 2);
        assert_eq!(sitemap_file(0), "sitemap.xml");
        assert_eq!(sitemap_file(2), "sitemap-2.xml");
    }

    #[test]
    fn the_plan_cuts_the_sitemap_past_fifty_thousand_addresses() {
        let (cfg, _) = crate::config::parse("title = \"T\"\nbase_url = \"https://e.org/\"\n");
        let cfg = cfg.unwrap();
        let site = |n: usize| {
            let fiche = |i| crate::fiche::Fiche {
                slug: format!("f{i}"),
                ..Default::default()
            };
            Site::new(cfg.clone(), (0..n).map(fiche).collect())
        };
        let small = site(10);
        // Besides the fiches: the pages of the home list and the taxonomies' pages.
        let others = sitemap_pages(&small).len() - 10;
        let sitemaps = |s: &Site| -> Vec<Job> {
            let jobs = all_jobs(s);
            jobs.into_iter()
                .filter(|j| matches!(j, Job::Sitemap(_)))
                .collect()
        };
        assert_eq!(sitemaps(&small), [Job::Sitemap(0)]);
        // Every fiche adds its page, and one home page every 20 fiches.
        let n = (SITEMAP_MAX - others) * 20 / 21;
        let at = site(n);
        let count = sitemap_pages(&at).len();
        assert!(count <= SITEMAP_MAX && count > SITEMAP_MAX - 30, "{count}");
        assert_eq!(sitemaps(&at), [Job::Sitemap(0)]);
        let past = site(n + 40);
        assert!(sitemap_pages(&past).len() > SITEMAP_MAX);
        assert_eq!(
            sitemaps(&past),
            [Job::Sitemap(0), Job::Sitemap(1), Job::Sitemap(2)]
        );
        assert_eq!(Job::Sitemap(2).dir(&past), "sitemap-2.xml");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The files hold every address once, in order, at most `max` each, and
        /// there is one file exactly when the addresses fit in one.
        #[test]
        fn sitemap_files_cover_every_address(count in 0usize..2000, max in 1usize..300) {
            let parts = sitemap_split(count, max);
            proptest::prop_assert_eq!(parts.len() == 1, count <= max);
            let mut next = 0;
            for r in &parts {
                proptest::prop_assert_eq!(r.start, next);
                proptest::prop_assert!(r.len() <= max && (!r.is_empty() || count == 0));
                next = r.end;
            }
            proptest::prop_assert_eq!(next, count);
        }
    }

    #[test]
    fn bundle_files_lose_a_leading_dot_slash() {
        assert_eq!(
            fiche_file("jardin", "./photo.jpg"),
            "fiches/jardin/photo.jpg"
        );
        assert_eq!(fiche_dir("jardin"), "fiches/jardin/");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        /// The fiche a page belongs to is read back from the address its slug gives,
        /// and no other page (a list, a file of a bundle, a folder deeper) has one.
        #[test]
        fn a_fiche_page_gives_back_its_slug(slug in "[a-z0-9-]{1,12}", rel in "[a-z/]{0,6}") {
            let page = index_html(&fiche_dir(&slug));
            proptest::prop_assert_eq!(fiche_of_page(&page), Some(slug.as_str()));
            let other = fiche_file(&slug, &format!("{rel}/x.html"));
            proptest::prop_assert_eq!(fiche_of_page(&other), None);
            let deeper = index_html(&fiche_dir(&format!("{slug}/{rel}x")));
            proptest::prop_assert_eq!(fiche_of_page(&deeper), None);
            let home = index_html(&list_path("", 2));
            proptest::prop_assert_eq!(fiche_of_page(&home), None);
        }
    }
}
