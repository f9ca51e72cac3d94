//! `fiches build` rendering every page: the pages written into the new site as they
//! are rendered, then what is made of every fiche, `fiches.json` streamed, the state
//! kept for the next build, and the site published whole.

use std::path::Path;

use super::state::State;
use super::{BuildOptions, Built, Report, realise_photos};
use crate::diagnostic::Diagnostic;
use crate::output::{self, marker};
use crate::project::{self, Project};
use crate::sources;

/// [`super::build`] rendering every page.
pub(super) fn build(
    scan: sources::Scan,
    output: &Path,
    opts: &BuildOptions,
    popts: &project::Options,
    key: u64,
) -> Report {
    let stamp = scan.stamp(opts.drafts);
    // Pages are written into the new site as they are rendered (see output::Writer):
    // nothing is published unless the whole build succeeds.
    let scan_lang = scan.lang;
    let mut writer: Option<output::Writer> = None;
    let mut sink = |pages: &[output::Page]| -> Result<(), Diagnostic> {
        if writer.is_none() {
            writer = Some(output::Writer::open(
                output,
                opts.replace_output,
                scan_lang,
            )?);
        }
        writer.as_mut().map_or(Ok(()), |w| w.pages(pages))
    };
    let files = State::files_of(&scan);
    let mut sources = scan.load();
    realise_photos(&mut sources);
    let mut state = State {
        key,
        until: i64::MIN,
        from: i64::MAX,
        files,
        fronts: State::fronts_of(&sources),
        data: None,
        bodies: std::collections::HashMap::new(),
    };
    // The search index's records go to their file as they are made.
    let (records, popts) = records_into(output, popts);
    let assembled = Project::assemble_into(sources, &popts, Some(&mut sink));
    drop(popts); // Its writer closed: what the index wrote is on its way to the disk.
    let mut project = match assembled {
        Ok(p) => p,
        Err(f) => return Report::without_site(f.lang, f.diagnostics),
    };
    let lang = project.site.config.language;
    let mut diagnostics = project.warnings();
    state.bodies = State::bodies_of(&project, &diagnostics, &state.fronts);
    (state.from, state.until) = State::span_of(&project);
    let fiches = project.site.fiches.len();
    let drafts = std::mem::take(&mut project.skipped_drafts);
    let written = match writer {
        Some(w) => Ok(w),
        None => output::Writer::open(output, opts.replace_output, lang),
    };
    let written = written
        .and_then(|w| write_the_rest(w, &mut project, &mut state, records))
        .and_then(|w| {
            // The marker itself is one more file of the output.
            let files = w.files() + project.generated.assets.len() + 1;
            let record = marker::record(&state.dated(&stamp), fiches, files, &diagnostics);
            w.finish(&project.generated.assets, Some(&record))
        });
    match written {
        Ok((files, unkept)) => Report {
            diagnostics: diagnostics.into_iter().chain(unkept).collect(),
            lang,
            built: Some(Built {
                fiches,
                files,
                output: output.to_path_buf(),
                unchanged: false,
                incremental: false,
                drafts,
                read: Vec::new(),
            }),
        },
        Err(d) => {
            diagnostics.push(d);
            Report::without_site(lang, diagnostics)
        }
    }
}

/// Writes what a full build made besides the pages (and the search index's files)
/// handed over as they were rendered: the generated pages, `fiches.json` (streamed, where
/// each entry lies noted in `state`), and the state.
fn write_the_rest(
    mut w: output::Writer,
    project: &mut Project,
    state: &mut State,
    records: Option<output::RecordsFile>,
) -> Result<output::Writer, Diagnostic> {
    // The search index's files went with the pages, as soon as they were made.
    w.pages(&project.generated.pages)?;
    w.keep_search(records, project.search_records)?;
    if let Some(path) = project.data_left {
        let mut entries = Vec::new();
        let id = w.stream(path, &mut |out| {
            entries = project.write_data_reusing(out, None)?;
            Ok(())
        })?;
        state.data = Some((id.0, entries));
    }
    w.keep_state(state.encode());
    Ok(w)
}

/// `popts` writing the search index's records, when asked for, into a new file
/// beside `output`; the file.
pub(super) fn records_into(
    output: &Path,
    popts: &project::Options,
) -> (Option<output::RecordsFile>, project::Options) {
    let mut popts = popts.clone();
    let Some(r) = &mut popts.search_records else {
        return (None, popts);
    };
    let mut file = output::search_records_file(output);
    let into = file.as_mut().and_then(output::RecordsFile::writer);
    r.into = into.map(|w| std::sync::Arc::new(std::sync::Mutex::new(Some(w))));
    (file, popts)
}
