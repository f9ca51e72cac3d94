//! The site's addresses and its page plan: the only place that knows where a fiche,
//! a term, a page of a list or a feed lives in the output. Everything else asks here,
//! so an address can never be spelled two ways.

use crate::lang::Lang;
use crate::site::{Site, TaxonomyKind};

/// The folder of the fiche pages.
const FICHES_DIR: &str = "fiches";
pub const NOT_FOUND: &str = "404.html";
pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// Every published fiche, for other programs (see [`crate::export`]).
pub const DATA_FILE: &str = "fiches.json";
pub const SCHEMA_FILE: &str = "fiches.schema.json";
pub const SEARCH_DIR: &str = "search/";
/// The page that offers the network's badges, and the badges themselves.
pub const BADGE_DIR: &str = "badge/";
pub const BADGE_NETWORK: &str = "badge/network.svg";
pub const BADGE_FICHE: &str = "badge/fiche.svg";
/// The podcast feed: every audio file of the published fiches.
pub const PODCAST: &str = "podcast.xml";
/// The CMS's page and its configuration, with `[cms]`.
pub const ADMIN_DIR: &str = "admin/";
pub const ADMIN_CONFIG: &str = "admin/config.yml";

/// The folder of the "Propose a fiche" page, in the site's language.
pub fn contribute_dir(lang: Lang) -> String {
    lang.pick("proposer/", "contribute/")
}

/// The folder of a fiche's page (`fiches/SLUG/`).
pub fn fiche_dir(slug: &str) -> String {
    format!("{FICHES_DIR}/{slug}/")
}

/// A file published with a fiche's bundle; `rel` is its path inside the bundle.
pub fn fiche_file(slug: &str, rel: &str) -> String {
    format!("{FICHES_DIR}/{slug}/{}", rel.trim_start_matches("./"))
}

/// How a fiche page links to another fiche's page, or to a file of its bundle.
pub fn from_fiche_to(slug: &str, rel: &str) -> String {
    format!("../{slug}/{rel}")
}

/// The folder of a taxonomy's page (`tags/`).
pub fn taxonomy_dir(kind: TaxonomyKind) -> String {
    format!("{}/", kind.key())
}

/// The folder of a term's first page (`tags/SLUG/`).
pub fn term_dir(kind: TaxonomyKind, slug: &str) -> String {
    format!("{}/{slug}/", kind.key())
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
    Sitemap,
    Robots,
    Data,
    Schema,
    /// The search page (its index is built apart, by `search`).
    Search,
    /// The "Propose a fiche" page.
    Contribute,
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
}

impl Job {
    /// The folder of an HTML page from the site's root, or the file for the others.
    pub fn dir(&self, site: &Site) -> String {
        match *self {
            Job::Home(n) => list_path("", n),
            Job::Fiche(i) => fiche_dir(&site.fiches[i].slug),
            Job::Taxonomy(kind) => taxonomy_dir(kind),
            Job::Term(kind, i, n) => {
                list_path(&term_dir(kind, &site.taxonomy(kind).terms[i].slug), n)
            }
            Job::NotFound => NOT_FOUND.into(),
            Job::Atom => ATOM.into(),
            Job::Sitemap => SITEMAP.into(),
            Job::Robots => ROBOTS.into(),
            Job::Data => DATA_FILE.into(),
            Job::Schema => SCHEMA_FILE.into(),
            Job::Search => SEARCH_DIR.into(),
            Job::Contribute => contribute_dir(site.config.language),
            Job::Podcast => PODCAST.into(),
            Job::Badges => BADGE_DIR.into(),
            Job::BadgeNetwork => BADGE_NETWORK.into(),
            Job::BadgeFiche => BADGE_FICHE.into(),
            Job::Admin => ADMIN_DIR.into(),
            Job::AdminConfig => ADMIN_CONFIG.into(),
        }
    }

    /// Whether the job's output depends on every fiche (feeds, exports).
    pub fn is_whole_site(&self) -> bool {
        matches!(
            self,
            Job::Atom | Job::Sitemap | Job::Data | Job::Podcast | Job::Badges
        )
    }
}

/// Every page a site has.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = home_jobs(site);
    jobs.extend((0..site.fiches.len()).map(Job::Fiche));
    for &kind in &site.kinds {
        jobs.push(Job::Taxonomy(kind));
        for i in 0..site.taxonomy(kind).terms.len() {
            jobs.extend(term_jobs(site, kind, i));
        }
    }
    jobs.push(Job::NotFound);
    if site.config.search {
        jobs.push(Job::Search);
    }
    if site.config.contribute {
        jobs.push(Job::Contribute);
    }
    if site.config.cms.is_some() {
        jobs.extend([Job::Admin, Job::AdminConfig]);
    }
    if site.config.base_url.is_some() {
        jobs.extend([Job::Atom, Job::Sitemap, Job::Robots, Job::Data, Job::Schema]);
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

/// Every HTML page of the site but the 404 page, as folders from the root, with the
/// date of fiche pages: what the sitemap lists.
pub fn sitemap_pages(site: &Site) -> Vec<(String, Option<crate::lang::Date>)> {
    all_jobs(site)
        .iter()
        .filter_map(|job| match job {
            Job::Home(_) | Job::Taxonomy(_) | Job::Term(..) => Some((job.dir(site), None)),
            Job::Fiche(i) => {
                let f = &site.fiches[*i];
                Some((job.dir(site), f.updated.or(f.date)))
            }
            _ => None,
        })
        .collect()
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
    fn bundle_files_lose_a_leading_dot_slash() {
        assert_eq!(
            fiche_file("jardin", "./photo.jpg"),
            "fiches/jardin/photo.jpg"
        );
        assert_eq!(fiche_dir("jardin"), "fiches/jardin/");
    }
}
