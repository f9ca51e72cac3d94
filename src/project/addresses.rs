//! The check that every published file has an address of its own, with what only
//! the assembly knows: the page plan, the theme's files and the site's.

use crate::check;
use crate::diagnostic::Diagnostic;
use crate::output::Asset;
use crate::paths::Job;
use crate::search;
use crate::site::Site;
use crate::theme;

/// Checks that every published file — each page of `jobs`, each theme file, each
/// file of the site — has an address of its own (see [`check::addresses`]).
pub(super) fn addresses(
    site: &Site,
    jobs: &[Job],
    theme: &theme::Theme,
    assets: &[(String, Asset, check::addresses::Origin)],
    root: &std::path::Path,
    diags: &mut Vec<Diagnostic>,
) {
    use check::addresses::Origin;
    let pages: Vec<(String, Origin)> = jobs
        .iter()
        .map(|j| {
            let fiche = matches!(j, Job::Fiche(_));
            (j.file(site), Origin::Page { fiche })
        })
        .collect();
    let theme_files = theme.assets.iter().map(|(dest, asset)| {
        let file = match asset {
            Asset::File(p) => Some(p.strip_prefix(root).unwrap_or(p).to_path_buf()),
            Asset::Embedded(_) => None,
        };
        (dest.as_str(), Origin::Theme(file))
    });
    let files: Vec<(&str, Origin)> = theme_files
        .chain(assets.iter().map(|(d, _, o)| (d.as_str(), o.clone())))
        .collect();
    let reserved: Vec<&str> = site
        .config
        .search
        .then_some(search::BUNDLE_DIR)
        .into_iter()
        .collect();
    check::addresses::check(&files, &pages, &reserved, site.config.language, diags);
}
