//! `fiches build` after a few fiches were edited: only what the edits touch is
//! rendered, the rest of the published site is carried over as it is. What changed
//! is told by the state the last build kept ([`State`]); how far each edit goes, and
//! which pages it touches, by the same logic as `serve`'s
//! ([`Project::update_fiches`]), run on the site as it was (the edited fiches with
//! their previous front matter). Whenever in doubt — no state or another one, a file
//! added, removed or other than a fiche changed, an edit `serve` would rebuild
//! everything for, an error, a published file changed by hand — this gives up and
//! the caller builds everything.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::state::State;
use super::{BuildOptions, Built, Report};
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::output::{self, marker};
use crate::paths::{self, Job};
use crate::project::incremental::Update;
use crate::project::{self, Project};
use crate::sources::{self, Scan};

/// Past this many edited fiches, a full build costs little more.
const MAX_EDITS: usize = 64;

/// The fiches edited since the build whose state is `previous`, when nothing else
/// changed: same key, same day when a page reads it, same files, only fiches'
/// stamps differ.
pub(super) fn edited(
    scan: &Scan,
    key: u64,
    now: Option<jiff::Timestamp>,
    previous: &State,
) -> Option<Vec<PathBuf>> {
    if previous.key != key
        || !previous.holds_at(now)
        || scan.file_stamps().count() != previous.files.len()
    {
        return None;
    }
    let mut edited = Vec::new();
    for ((path, stamp), (was, then)) in scan.file_stamps().zip(&previous.files) {
        if path.as_os_str().as_encoded_bytes() != was.as_slice() {
            return None;
        }
        if stamp != *then {
            if !previous.fronts.contains_key(was) || edited.len() == MAX_EDITS {
                return None;
            }
            edited.push(path.to_path_buf());
        }
    }
    (!edited.is_empty()).then_some(edited)
}

/// What [`build`] needs besides the scan.
pub(super) struct Plan<'a> {
    pub output: &'a Path,
    pub opts: &'a BuildOptions,
    pub popts: &'a project::Options,
    pub stamp: &'a str,
    pub key: u64,
    pub edited: Vec<PathBuf>,
    /// The search index's records the last build kept, taken when read.
    pub search: std::cell::Cell<Option<output::PreviousRecords>>,
}

/// Builds the site of `scan` rendering only what the plan's edits touch; `None`
/// when it cannot tell exactly (see the module's doc), having published nothing.
pub(super) fn build(scan: Scan, previous: &State, plan: Plan<'_>) -> Option<Report> {
    let files = State::files_of(&scan);
    let mut sources = scan.load();
    super::realise_photos(&mut sources);
    let mut state = State {
        key: plan.key,
        until: i64::MIN,
        files,
        fronts: State::fronts_of(&sources),
        data: None,
        bodies: HashMap::new(),
    };
    // The site as the last build saw it: each edited fiche with its previous front
    // matter (its body does not matter: the edit renders its page anew).
    let mut edits = Vec::new();
    for rel in &plan.edited {
        let text = sources.fiches.iter_mut().find(|t| &t.rel == rel)?;
        let front = previous.fronts.get(rel.as_os_str().as_encoded_bytes())?;
        let decoded = sources::decode(&text.bytes, rel, sources.lang).ok()?;
        let (_, body) = crate::fiche::split(&decoded).ok()?;
        let before = format!("{front}{}", decoded.get(body..)?);
        edits.push((
            rel.clone(),
            std::mem::replace(&mut text.bytes, before.into_bytes()),
        ));
    }
    let popts = project::Options {
        skip_pages: true,
        kept_bodies: kept_bodies(previous, &plan),
        ..plan.popts.clone()
    };
    let mut project = Project::assemble(sources, &popts).ok()?;
    if !matches!(project.update_fiches(&edits), Update::Pages(_)) {
        return None;
    }
    state.until = State::until_of(&project);
    // Past the edits nothing reads a fiche's text (tens of megabytes).
    drop(edits);
    project.site.fiches.iter_mut().for_each(Fiche::forget_text);
    publish(project, previous, &mut state, &plan)
}

/// Writes what the edits touched, the outputs made of every fiche and the search
/// index, carries the rest over, and publishes.
fn publish(
    mut project: Project,
    previous: &State,
    state: &mut State,
    plan: &Plan<'_>,
) -> Option<Report> {
    let lang = project.site.config.language;
    let fail = |d: Diagnostic, mut diagnostics: Vec<Diagnostic>| {
        diagnostics.push(d);
        Some(Report::without_site(lang, diagnostics))
    };
    let diagnostics = project.warnings();
    state.bodies = State::bodies_of(&project, &diagnostics, &state.fronts);
    let mut w = match output::Writer::open(plan.output, plan.opts.replace_output, lang) {
        Ok(w) => w,
        Err(d) => return fail(d, diagnostics),
    };
    let whole: Vec<Job> = paths::whole_site_jobs(&project.site)
        .into_iter()
        .filter(|j| *j != Job::Data)
        .collect();
    let (mut pages, errors) = project.render(&whole);
    if !errors.is_empty() {
        return None;
    }
    pages.append(&mut project.generated.pages);
    let (files, records, whole) = search_index(&project, plan);
    pages.extend(files);
    let mut written: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let data = whole_has_data(&project);
    written.extend(data.then_some(paths::DATA_FILE));
    let plan_files: Vec<String> = paths::all_jobs(&project.site)
        .iter()
        .map(|j| j.file(&project.site))
        .collect();
    let carried: Vec<&str> = plan_files
        .iter()
        .map(String::as_str)
        .filter(|f| !written.contains(f))
        .collect();
    let reused = Reused::new(plan, previous, &project);
    let put = w.pages(&pages).and_then(|()| {
        w.keep_search(records, whole)?;
        if data {
            let mut entries = Vec::new();
            let id = w.stream(paths::DATA_FILE, &mut |out| {
                entries = project.write_data_reusing(out, &|f| reused.entry(f))?;
                Ok(())
            })?;
            state.data = Some((id.0, entries));
        }
        w.carry(&carried)
    });
    match put {
        Ok(true) => {}
        Ok(false) => return None,
        Err(d) => return fail(d, diagnostics),
    }
    w.keep_state(state.encode());
    let fiches = project.site.fiches.len();
    let files = w.files() + project.generated.assets.len() + 1;
    let record = marker::record(&state.dated(plan.stamp), fiches, files, &diagnostics);
    match w.finish(&project.generated.assets, Some(&record)) {
        Ok((files, unkept)) => Some(Report {
            diagnostics: diagnostics.into_iter().chain(unkept).collect(),
            lang,
            built: Some(Built {
                fiches,
                files,
                output: plan.output.to_path_buf(),
                unchanged: false,
                incremental: true,
                drafts: std::mem::take(&mut project.skipped_drafts),
                read: plan.edited.clone(),
            }),
        }),
        Err(d) => fail(d, diagnostics),
    }
}

/// The search index's files, when the site has search, and the file of its records
/// of the fiches' words, made from those the last build kept, and whether they are
/// whole.
fn search_index(
    project: &Project,
    plan: &Plan<'_>,
) -> (Vec<output::Page>, Option<output::RecordsFile>, bool) {
    if !project.site.config.search {
        return (Vec::new(), None, false);
    }
    let previous = plan.search.take();
    let dates = project.theme.dates();
    let mut file = output::search_records_file(plan.output);
    let Some(mut into) = file.as_mut().and_then(output::RecordsFile::writer) else {
        return (crate::search::build(&project.site, &dates), file, false);
    };
    let (files, whole) = crate::search::build_keeping(
        &project.site,
        &dates,
        plan.key,
        previous.as_ref().map(|p| p as &dyn crate::packed::Pieces),
        &mut *into,
    );
    (files, file, whole)
}

/// The entries of the published `fiches.json` a build may copy: those of the fiches
/// not edited, when the file is the one the state describes.
struct Reused {
    file: Option<output::PreviousFile>,
    entries: HashMap<String, (u64, u64)>,
    edited: HashSet<String>,
}

impl Reused {
    fn new(plan: &Plan<'_>, previous: &State, project: &Project) -> Reused {
        let file = previous.data.as_ref().and_then(|(id, _)| {
            let file = output::PreviousFile::open(plan.output, paths::DATA_FILE)?;
            (file.id.0 == *id).then_some(file)
        });
        let entries = previous.data.as_ref().map_or(HashMap::new(), |(_, e)| {
            e.iter()
                .map(|(s, at, len)| (s.clone(), (*at, *len)))
                .collect()
        });
        let edited = (project.site.fiches.iter())
            .filter(|f| plan.edited.contains(&f.path))
            .map(|f| f.slug.clone())
            .collect();
        Reused {
            file,
            entries,
            edited,
        }
    }

    fn entry(&self, f: &Fiche) -> Option<Vec<u8>> {
        if self.edited.contains(&f.slug) {
            return None;
        }
        let &(at, len) = self.entries.get(&f.slug)?;
        self.file.as_ref()?.read_at(at, len)
    }
}

/// The bodies of the fiches not edited that the last build rendered without a
/// diagnostic, read back from the `fiches.json` it published (each fiche's entry
/// holds its body's HTML as it was rendered), when that file is the one the state
/// describes: rendering them again would give the same, as neither their text nor
/// anything they link to changed (same files, same key).
fn kept_bodies(previous: &State, plan: &Plan<'_>) -> Option<crate::content::KeptBodies> {
    let (id, entries) = previous.data.as_ref()?;
    let file = output::PreviousFile::open(plan.output, paths::DATA_FILE)?;
    if file.id.0 != *id {
        return None;
    }
    let entries: HashMap<String, (u64, u64)> = (entries.iter())
        .map(|(s, at, len)| (s.clone(), (*at, *len)))
        .collect();
    let sections = previous.bodies.clone();
    let edited: HashSet<PathBuf> = plan.edited.iter().cloned().collect();
    let kept = move |f: &Fiche| -> Option<(String, Vec<String>)> {
        if edited.contains(&f.path) {
            return None;
        }
        let sections = sections.get(f.path.as_os_str().as_encoded_bytes())?;
        let &(at, len) = entries.get(&f.slug)?;
        let body = body_html(&file.read_at(at, len)?)?;
        Some((body, sections.clone()))
    };
    Some(crate::content::KeptBodies(std::sync::Arc::new(kept)))
}

/// The body's HTML in a fiche's entry of `fiches.json` as `export` prints it, its
/// other fields (as long, with the body's text) not read: the key's line at the
/// depth of an entry's fields is found by its bytes (a string holds no line
/// break and no bare quote), its string alone decoded. `None` for anything else.
fn body_html(entry: &[u8]) -> Option<String> {
    use serde::Deserialize;
    const KEY: &[u8] = b"\n      \"body_html\": ";
    let at = memchr::memmem::find(entry, KEY)? + KEY.len();
    let mut json = serde_json::Deserializer::from_slice(entry.get(at..)?);
    String::deserialize(&mut json).ok()
}

/// Whether the site publishes `fiches.json`.
fn whole_has_data(project: &Project) -> bool {
    paths::whole_site_jobs(&project.site).contains(&Job::Data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(48) })]

        /// The body read from a printed `fiches.json` is the one a JSON reader
        /// finds there, whatever the fiche holds: the key written in its body or
        /// its authors, quotes, line breaks, any Unicode.
        #[test]
        fn a_body_is_read_from_its_entry_as_a_json_reader_reads_it(
            body in crate::cut::hostile::text(24),
            author in crate::cut::hostile::text(6),
        ) {
            let key = "\n      \"body_html\": \"x\"";
            let author = author.replace(['\\', '"'], "").replace(|c: char| c.is_control(), "");
            let text = format!(
                "+++\ntitle = \"T\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S\"\nauthors = [\"A{author}{}\"]\n+++\n{body}{key}\n",
                key.replace('"', "\\\"").replace('\n', "\\n")
            );
            let (pages, _) = crate::commands::render_one(
                text.as_bytes(),
                "title = \"T\"\nbase_url = \"https://e.org/\"\n",
            );
            let data = pages.iter().find(|p| p.path == paths::DATA_FILE);
            // A fiche with an error publishes nothing: nothing to read.
            if let Some(data) = data {
                let json: serde_json::Value = serde_json::from_slice(&data.bytes).unwrap();
                let expected = json["fiches"][0]["body_html"].as_str().unwrap();
                let read = body_html(&data.bytes);
                prop_assert_eq!(read.as_deref(), Some(expected));
            }
        }
    }

    #[test]
    fn anything_but_an_entry_has_no_body() {
        assert_eq!(body_html(b""), None);
        assert_eq!(body_html(b"\n      \"body_html\": "), None);
        assert_eq!(body_html(b"\n      \"body_html\": \"cut"), None);
        assert_eq!(body_html(b"\n      \"body_html\": 12"), None);
        assert_eq!(body_html(b"  \"body_html\": \"x\""), None);
        assert_eq!(
            body_html(b"{\n      \"body_html\": \"<p>\\u00e9\\\"</p>\",").as_deref(),
            Some("<p>é\"</p>")
        );
        // A fiche's own text holding the key's line: still the body.
        let text = "+++\ntitle = \"T\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S\"\nauthors = [\"A\\n      \\\"body_html\\\": \"]\n+++\n\n      \"body_html\": \"x\"\n";
        let (pages, _) = crate::commands::render_one(
            text.as_bytes(),
            "title = \"T\"\nbase_url = \"https://e.org/\"\n",
        );
        let data = pages.iter().find(|p| p.path == paths::DATA_FILE).unwrap();
        assert_eq!(
            body_html(&data.bytes).as_deref(),
            Some("<pre><code>  &quot;body_html&quot;: &quot;x&quot;\n</code></pre>\n")
        );
    }
}
