//! The sitemap's part of the page plan: which pages it lists, and how a sitemap too
//! long for one file is cut into files.

use super::{Job, SITEMAP, all_jobs};
use crate::site::Site;

/// Every HTML page of the site but the 404 page, as folders from the root, with the
/// date of fiche pages: what the sitemap lists.
pub fn sitemap_pages(site: &Site) -> Vec<(String, Option<crate::lang::Date>)> {
    all_jobs(site)
        .iter()
        .filter(|job| in_sitemap(job))
        .map(|job| match job {
            Job::Fiche(i) => {
                let f = &site.fiches[*i];
                (job.dir(site), f.updated.or(f.date))
            }
            _ => (job.dir(site), None),
        })
        .collect()
}

/// Whether the sitemap lists the page: every HTML page but the 404, search and
/// contribution pages (the agenda is listed: its events are what is coming; the map
/// too: it is where a reader finds what happens near them).
pub(super) fn in_sitemap(job: &Job) -> bool {
    matches!(
        job,
        Job::Home(_) | Job::Taxonomy(_) | Job::Term(..) | Job::Fiche(_) | Job::Agenda | Job::Map
    )
}

/// How a sitemap of `count` addresses is cut into files of at most `max` addresses:
/// the addresses of each file. One range: `sitemap.xml` lists them all; more:
/// `sitemap.xml` is an index of `sitemap-1.xml`, `sitemap-2.xml`…, one range each.
pub fn sitemap_split(count: usize, max: usize) -> Vec<std::ops::Range<usize>> {
    let max = max.max(1);
    if count <= max {
        return std::iter::once(0..count).collect();
    }
    (0..count.div_ceil(max))
        .map(|i| i * max..((i + 1) * max).min(count))
        .collect()
}

/// `sitemap.xml` (0), or file `n` of a sitemap cut into files: `sitemap-n.xml`.
pub fn sitemap_file(n: usize) -> String {
    match n {
        0 => SITEMAP.into(),
        n => format!("sitemap-{n}.xml"),
    }
}
