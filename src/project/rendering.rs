//! The site's pages rendered in slices handed to a sink as they are made, with
//! the search index made beside them, as a job of rayon's pool.

use std::sync::{Mutex, PoisonError};

use super::{Options, PageSink, SLICE};
use crate::diagnostic::Diagnostic;
use crate::output::Page;
use crate::paths::{self, Job};
use crate::render;
use crate::search;
use crate::site::Site;
use crate::theme;

/// What rendering the site made, apart from what went to the sink.
#[derive(Default)]
pub(super) struct Rendered {
    pub pages: Vec<Page>,
    pub search_files: Vec<Page>,
    /// The search index's records were written whole, worth keeping.
    pub search_records: bool,
    pub data_left: Option<&'static str>,
}

/// Renders every page of `jobs` (kept, or handed to `sink`) and, when `opts` ask
/// for it, the search index beside them.
pub(super) fn render_site(
    site: &Site,
    theme: &theme::Theme,
    mut jobs: Vec<Job>,
    opts: &Options,
    mut sink: Option<&mut PageSink<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    // `fiches.json` weighs as much as every fiche's text: handed over, it is left
    // to the caller, which writes it piece by piece (see `write_data`).
    let data_left = (sink.is_some() && jobs.contains(&Job::Data)).then_some(paths::DATA_FILE);
    jobs.retain(|j| data_left.is_none() || *j != Job::Data);
    let renderer = render::Renderer::new(site, theme, &jobs);
    let dates = theme.dates();
    // The search index's files once made. A sink takes them after the slice then
    // rendered: they are not held while the rest of the site is rendered.
    let made: Made = Mutex::new(None);
    let records = Mutex::new(false);
    let (pages, failed) = rayon::in_place_scope(|scope| {
        if opts.search_index && site.config.search {
            let (made, records, dates) = (&made, &records, &dates);
            scope.spawn(move |_| {
                let into = (opts.search_records.as_ref())
                    .and_then(|r| r.into.as_ref())
                    .and_then(|into| into.lock().unwrap_or_else(PoisonError::into_inner).take());
                let (files, kept) = match (&opts.search_records, into) {
                    (Some(r), Some(mut into)) => {
                        search::build_keeping(site, dates, r.key, r.previous.as_deref(), &mut *into)
                    }
                    _ => (search::build(site, dates), false),
                };
                *records.lock().unwrap_or_else(PoisonError::into_inner) = kept;
                *made.lock().unwrap_or_else(PoisonError::into_inner) = Some(files);
            });
        }
        render_all(&renderer, &jobs, sink.as_mut(), &made, diags)
    });
    // The scope has waited for the index: made after the last slice, it goes now.
    let mut search_files = made
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .unwrap_or_default();
    if let Some(sink) = sink
        && !failed
        && !search_files.is_empty()
    {
        if let Err(d) = sink(&search_files) {
            diags.push(d);
        }
        search_files = Vec::new();
    }
    Rendered {
        pages,
        search_files,
        search_records: records.into_inner().unwrap_or_else(PoisonError::into_inner),
        data_left,
    }
}

/// Where the search index's files wait between the job that makes them and the sink.
type Made = Mutex<Option<Vec<Page>>>;

/// Renders every page of `jobs`: kept (no sink), or handed to `sink` slice by slice,
/// with the search index's files as soon as they are `made`. After an error the sink
/// is not called again. Returns the pages kept and whether it failed.
fn render_all(
    renderer: &render::Renderer,
    jobs: &[paths::Job],
    sink: Option<&mut &mut PageSink<'_>>,
    made: &Made,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Page>, bool) {
    match sink {
        None => {
            let (pages, mut d) = renderer.render(jobs);
            let failed = !d.is_empty();
            diags.append(&mut d);
            (pages, failed)
        }
        Some(sink) => {
            let mut failed = false;
            for slice in jobs.chunks(SLICE) {
                let (pages, mut d) = renderer.render(slice);
                failed |= !d.is_empty();
                diags.append(&mut d);
                if !failed && let Err(d) = sink(&pages) {
                    diags.push(d);
                    failed = true;
                }
                let files = made.lock().unwrap_or_else(PoisonError::into_inner).take();
                if let Some(files) = files.filter(|_| !failed)
                    && let Err(d) = sink(&files)
                {
                    diags.push(d);
                    failed = true;
                }
            }
            (Vec::new(), failed)
        }
    }
}
