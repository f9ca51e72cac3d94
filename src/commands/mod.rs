//! The commands that turn a site into a report: `check` (every validation, nothing
//! written), `build` (the site written to its output) and `render_one` (one fiche in
//! memory, for the fuzz target). Each reads the sources once, assembles the project,
//! and for `build` hands the pages to the output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{self, Diagnostic, Failure};
use crate::lang::Lang;
use crate::output::{self, Page, marker};
use crate::partners::Partner;
use crate::project::{self, Project};
use crate::sources::{self, Sources};

mod full;
mod incremental;
mod pooled;
mod state;

pub use pooled::Pooled;

use state::State;

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Output folder; `SITE/public` when `None`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Build everything again, even when nothing changed since the last build.
    pub force: bool,
    /// Replace a non-empty output folder that `fiches` did not write (`--force` no
    /// longer does: one flag, one job).
    pub replace_output: bool,
    /// The user's language, for a site whose `fiches.toml` cannot be read far enough
    /// to say its own.
    pub locale: Lang,
    /// The site's address when `fiches.toml` gives none (already normalised, see
    /// [`crate::config::normal_base_url`]).
    pub base_url: Option<String>,
    /// The build's moment (`main`'s clock): the agenda's today, in the site's zone.
    pub now: Option<jiff::Timestamp>,
    /// How long a partner (`[[sources]]`) may take to answer;
    /// [`crate::partners::TIMEOUT`] when `None`.
    pub partner_timeout: Option<std::time::Duration>,
}

/// What a run found and, when it wrote a site, what it wrote.
pub struct Report {
    /// Language of the site, for printing the diagnostics; French when unknown.
    pub lang: Lang,
    pub diagnostics: Vec<Diagnostic>,
    pub built: Option<Built>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn without_site(lang: Lang, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            lang,
            diagnostics,
            built: None,
        }
    }
}

pub struct Built {
    pub fiches: usize,
    pub files: usize,
    pub output: PathBuf,
    /// Nothing had changed since the previous build: nothing was done.
    pub unchanged: bool,
    /// Only what the fiches edited since the previous build touch was rendered, the
    /// rest carried over (see [`build`]).
    pub incremental: bool,
    /// Drafts left out: their files and titles.
    pub drafts: Vec<(PathBuf, String)>,
    /// The fiches an incremental build read again (its edits), relative to the site
    /// folder: the other fiches' warnings are the last build's, already said.
    pub read: Vec<PathBuf>,
}

/// Reads and renders one fiche given as raw bytes, in a site of its own with the
/// embedded theme, entirely in memory, as `build` does: the pages handed over slice
/// by slice, the search index beside them, `fiches.json` streamed last. Returns every
/// file a build writes but the theme's and the marker: what the fuzz targets
/// exercise, and a quick way for tools to validate a single file.
pub fn render_one(bytes: &[u8], site_toml: &str) -> (Vec<Page>, Vec<Diagnostic>) {
    let sources = Sources::in_memory(
        site_toml,
        vec![(PathBuf::from("content/fiche.md"), bytes.to_vec())],
    );
    let opts = project::Options {
        search_index: true,
        ..Default::default()
    };
    let mut pages: Vec<Page> = Vec::new();
    let mut sink = |slice: &[Page]| -> Result<(), Diagnostic> {
        pages.extend_from_slice(slice);
        Ok(())
    };
    let mut project = match Project::assemble_into(sources, &opts, Some(&mut sink)) {
        Ok(p) => p,
        Err(f) => return (Vec::new(), f.diagnostics),
    };
    let mut warnings = project.warnings();
    pages.append(&mut project.generated.pages);
    if let Some(path) = project.data_left {
        let mut data = Vec::new();
        match project.write_data(&mut data) {
            Ok(()) => pages.push(Page {
                path: path.to_string(),
                bytes: data,
            }),
            // A Vec takes any write; said all the same rather than dropped.
            Err(e) => warnings.push(Diagnostic::error(e.to_string()).in_file(path)),
        }
    }
    (pages, warnings)
}

/// `fiches check`: every validation of a build, drafts included, without writing.
/// The search index is made too: a build that check passed may fail only on I/O.
pub fn check(site_dir: &Path) -> Report {
    check_in(site_dir, Lang::Fr)
}

/// [`check`], with the user's language (`locale`) for a site whose `fiches.toml`
/// cannot be read far enough to say its own.
pub fn check_in(site_dir: &Path, locale: Lang) -> Report {
    let mut scan = sources::scan_in(site_dir, locale);
    let pooled = Pooled::for_check(&mut scan);
    let mut sources = scan.load();
    sources.check_as_is();
    checked_report(sources, pooled.partners)
}

/// `fiches check` on sources already read: what `serve`'s editor runs on the site with
/// the text it is about to write put in the place of the file.
pub fn check_sources(sources: Sources) -> Report {
    checked_report(sources, Arc::default())
}

fn checked_report(sources: Sources, partners: Arc<Vec<Partner>>) -> Report {
    match checked(sources, partners, &mut |_| Ok(())) {
        Ok(p) => {
            let lang = p.site.config.language;
            let mut diagnostics = p.warnings();
            if p.site.config.base_url.is_none() {
                // Said once, here only: a site read from a key or a zip needs no address.
                diagnostics.push(
                    Diagnostic::note(lang.pick(
                        "sans l'adresse du site (`base_url`), les fiches n'ont pas de liens « Partager » (LinkedIn, Facebook, WhatsApp, Bluesky, e-mail), ni badge, ni flux",
                        "without the site's address (`base_url`), sheets have no \"Share\" links (LinkedIn, Facebook, WhatsApp, Bluesky, e-mail), no badge and no feeds",
                    ))
                    .in_file("fiches.toml")
                    .hint(lang.pick(
                        "quand le site aura une adresse sur le web, écrivez-la dans fiches.toml : base_url = \"https://…\"",
                        "once the site has an address on the web, write it in fiches.toml: base_url = \"https://…\"",
                    )),
                );
            }
            if crate::paths::has_podcast(&p.site) && p.site.config.podcast.email.is_none() {
                diagnostics.push(
                    Diagnostic::note(lang.pick(
                        "le podcast n'a pas d'adresse e-mail : Apple Podcasts et Spotify s'en servent pour vérifier qu'il est à vous avant de l'inscrire",
                        "the podcast has no e-mail address: Apple Podcasts and Spotify use it to check that it is yours before listing it",
                    ))
                    .in_file("fiches.toml")
                    .hint(lang.pick(
                        "ajoutez dans fiches.toml : [podcast] email = \"podcast@…\" (elle sera lisible dans podcast.xml)",
                        "add to fiches.toml: [podcast] email = \"podcast@…\" (it will be readable in podcast.xml)",
                    )),
                );
            }
            Report::without_site(lang, diagnostics)
        }
        Err(f) => Report::without_site(f.lang, f.diagnostics),
    }
}

/// The project of `fiches check`: every page rendered as a build renders them, in
/// slices handed to `sink` (which drops them), so that it holds no more than a build.
fn checked(
    mut sources: Sources,
    partners: Arc<Vec<Partner>>,
    sink: &mut project::PageSink<'_>,
) -> Result<Project, Failure> {
    let opts = project::Options {
        drafts: true,
        search_index: true,
        partners,
        ..Default::default()
    };
    // The photos a build would decode, decoded (and nothing written).
    let lang = sources.lang;
    let mut photos = crate::photos::verify(&sources.root, &sources.photos, lang);
    sources.diagnostics.append(&mut photos);
    Project::assemble_into(sources, &opts, Some(sink))
}

/// Reads every source and prepares the photos for publishing: what `serve` shows.
/// `locale` as for [`sources::scan_in`].
pub fn read_for_publishing(root: &Path, locale: Lang) -> Sources {
    let mut s = sources::scan_in(root, locale).load();
    realise_photos(&mut s);
    s
}

/// Re-encodes every photo for publishing, from `photos`' cache when it can, and
/// strips the images published as they are: what `build` and `serve` do before
/// assembling, and `check` not. `photos` writes and tidies its cache; `sources`
/// only reads.
pub fn realise_photos(sources: &mut Sources) {
    let (root, lang) = (&sources.root, sources.lang);
    let mut d = crate::photos::realise(root, &mut sources.photos, lang);
    sources.diagnostics.append(&mut d);
    let (copies, mut d) = crate::photos::publish_statics(root, sources.as_is(), lang);
    sources.static_copies = copies;
    sources.diagnostics.append(&mut d);
    crate::photos::tidy(root, &sources.photos, &sources.static_copies);
}

/// `fiches build`: generates the site, then writes it only if there was no error.
/// After a few fiches were edited, only what they touch is rendered (see
/// [`incremental`]); whenever that cannot be told exactly, everything is.
pub fn build(site_dir: &Path, opts: &BuildOptions) -> Report {
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    let scan = sources::scan_in(site_dir, opts.locale);
    if let Some(problems) = scan.not_a_site() {
        return Report::without_site(scan.lang, problems.to_vec());
    }
    // The output is replaced file by file: refuse at once a folder holding the
    // sources, before any work is done.
    if let Some(d) = output::unsafe_output(site_dir, &output, scan.lang) {
        return Report::without_site(scan.lang, vec![d]);
    }
    // Held until the site is published: a second build into the same folder waits.
    let _lock = output::lock(&output);
    let mut scan = scan;
    let pooled = Pooled::for_build(&mut scan, opts.partner_timeout);
    let stamp = scan.stamp(opts.drafts);
    // The stamp knows the sources, not an address given on the command line.
    if !opts.force
        && opts.base_url.is_none()
        && let Some(done) = unchanged(&output, &stamp, opts.now, scan.lang)
    {
        output::clear_leftovers(&output);
        return done;
    }
    let key = scan.key(opts.drafts, opts.base_url.as_deref());
    // The search index's records of the fiches' words, found by their texts: what
    // the last build kept spares reading again the fiches not edited (not trusted
    // by `--force`, which reads everything again).
    let previous_search = || {
        (!opts.force)
            .then(|| output::previous_search(&output))
            .flatten()
    };
    let mut popts = project::Options {
        drafts: opts.drafts,
        base_url: None,
        default_base_url: opts.base_url.clone(),
        search_index: true,
        skip_pages: false,
        kept_bodies: None,
        locale: opts.locale,
        now: opts.now,
        partners: pooled.partners.clone(),
        search_records: Some(project::SearchRecords {
            key,
            ..Default::default()
        }),
    };
    let previous = (!opts.force)
        .then(|| output::previous_state(&output))
        .flatten()
        .and_then(|bytes| State::decode(&bytes));
    if let Some(previous) = &previous
        && let Some(edited) = incremental::edited(&scan, key, opts.now, previous)
    {
        let plan = incremental::Plan {
            output: &output,
            opts,
            popts: &popts,
            stamp: &stamp,
            key,
            edited,
            // Taken by the incremental build, dropped once read.
            search: std::cell::Cell::new(previous_search()),
        };
        if let Some(report) = incremental::build(scan, previous, plan) {
            return report;
        }
        // Read again, as the sources may have changed meanwhile.
        scan = sources::scan_in(site_dir, opts.locale);
        pooled.apply(&mut scan);
    }
    if let Some(r) = &mut popts.search_records {
        r.previous = previous_search().map(|p| Arc::new(p) as Arc<dyn crate::packed::Pieces>);
    }
    full::build(scan, &output, opts, &popts, key)
}

/// The report of a build skipped because its sources are those of the output.
fn unchanged(
    output: &Path,
    stamp: &str,
    now: Option<jiff::Timestamp>,
    lang: Lang,
) -> Option<Report> {
    let (previous, warnings) = marker::previous(output)?;
    let rest = previous.strip_prefix(stamp)?.trim_start();
    let rest = match rest.strip_prefix("from ") {
        Some(rest) => {
            let (from, rest) = rest.split_once(" until ")?;
            let (until, rest) = rest.split_once(' ')?;
            let (from, until): (i64, i64) = (from.parse().ok()?, until.parse().ok()?);
            let now = now.map(|n| n.as_second());
            now.is_some_and(|n| (from..until).contains(&n))
                .then_some(rest)?
        }
        // A marker of a build before the day's start was kept: its day is not known.
        None if rest.starts_with("until ") => return None,
        None => rest,
    };
    let (fiches, files) = rest.trim().split_once(' ')?;
    let (fiches, files): (usize, usize) = (fiches.parse().ok()?, files.parse().ok()?);
    if marker::count_files(output) != files {
        return None;
    }
    let mut diagnostics = warnings;
    diagnostic::sort(&mut diagnostics);
    Some(Report {
        lang,
        diagnostics,
        built: Some(Built {
            fiches,
            files: 0,
            output: output.to_path_buf(),
            unchanged: true,
            incremental: false,
            drafts: Vec::new(),
            read: Vec::new(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_renders_every_page_and_keeps_none() {
        let fiche = |i: usize| {
            let text = format!(
                "+++\ntitle = \"F{i}\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S\"\nauthors = [\"A\"]\ntags = [\"t{i}\"]\n+++\nTexte.\n"
            );
            (PathBuf::from(format!("content/f{i}.md")), text.into_bytes())
        };
        let config = "title = \"T\"\nbase_url = \"https://e.org/\"\n";
        let sources = || Sources::in_memory(config, (0..300).map(fiche).collect());
        let mut seen = Vec::new();
        let mut largest = 0;
        let p = checked(sources(), Arc::default(), &mut |pages| {
            largest = largest.max(pages.len());
            seen.extend(pages.iter().map(|p| p.path.clone()));
            Ok(())
        })
        .unwrap();
        assert!(p.generated.pages.is_empty(), "check keeps no page");
        assert!(p.search_files.is_empty(), "nor the search index's files");
        assert!(largest < seen.len(), "pages come in slices: {largest}");
        // Every page a build writes was rendered, the search index's files handed
        // over too, fiches.json aside (check writes nothing).
        let opts = project::Options {
            search_index: true,
            ..Default::default()
        };
        let all = Project::assemble(sources(), &opts).unwrap();
        assert!(!all.search_files.is_empty(), "no sink: the index is kept");
        let mut expected: Vec<&str> = (all.generated.pages.iter())
            .chain(&all.search_files)
            .map(|p| p.path.as_str())
            .collect();
        expected.retain(|p| *p != crate::paths::DATA_FILE);
        expected.sort();
        seen.sort();
        assert_eq!(seen, expected);
    }
}
