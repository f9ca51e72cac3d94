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
        from: i64::MAX,
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
    (state.from, state.until) = State::span_of(&project);
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
    let data = whole_has_data(&project);
    let carried = carried_files(&project, &pages, data);
    let carried: Vec<&str> = carried.iter().map(String::as_str).collect();
    let mut reused = Reused::new(plan, previous, &project);
    let put = w.pages(&pages).and_then(|()| {
        w.keep_search(records, whole)?;
        if data {
            let mut entries = Vec::new();
            let id = w.stream(paths::DATA_FILE, &mut |out| {
                entries = project.write_data_reusing(out, Some(&mut reused))?;
                Ok(())
            })?;
            state.data = Some((id.0, entries));
        }
        w.carry(&carried)
    });
    match put {
        // The previous file could not be read as the state says: not published.
        _ if reused.failed => return None,
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

/// The files of the page plan this build does not write (`pages`, and `fiches.json`
/// when `data`): carried over as they were published.
fn carried_files(project: &Project, pages: &[output::Page], data: bool) -> Vec<String> {
    let mut written: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    written.extend(data.then_some(paths::DATA_FILE));
    (paths::all_jobs(&project.site).iter())
        .map(|j| j.file(&project.site))
        .filter(|f| !written.contains(f.as_str()))
        .collect()
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
    entries: HashMap<String, crate::export::Entry>,
    edited: HashSet<String>,
    /// A copy could not read the bytes the state said the file holds.
    failed: bool,
}

impl Reused {
    fn new(plan: &Plan<'_>, previous: &State, project: &Project) -> Reused {
        let file = previous_data(plan, previous);
        let entries = (previous.data.iter().flat_map(|(_, e)| e))
            .map(|e| (e.slug.clone(), e.clone()))
            .collect();
        let edited = (project.site.fiches.iter())
            .filter(|f| plan.edited.contains(&f.path))
            .map(|f| f.slug.clone())
            .collect();
        Reused {
            file,
            entries,
            edited,
            failed: false,
        }
    }
}

impl crate::export::PreviousData for Reused {
    fn entry(&self, f: &Fiche) -> Option<crate::export::Entry> {
        if self.file.is_none() || self.edited.contains(&f.slug) {
            return None;
        }
        self.entries.get(&f.slug).cloned()
    }

    fn copy(&mut self, at: u64, len: u64, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        // In pieces, so that a run as long as the file is never held whole.
        const PIECE: u64 = 1 << 20;
        let mut done = 0;
        while done < len {
            let n = PIECE.min(len - done);
            let piece = self.file.as_ref().and_then(|f| f.read_at(at + done, n));
            // A run is whole entries: a damaged state that points elsewhere is told.
            let whole = piece.as_ref().is_some_and(|p| {
                (done > 0 || p.first() == Some(&b'{'))
                    && (done + n < len || p.last() == Some(&b'}'))
            });
            let (Some(piece), true) = (piece, whole) else {
                self.failed = true;
                return Err(std::io::ErrorKind::InvalidData.into());
            };
            out.write_all(&piece)?;
            done += n;
        }
        Ok(())
    }
}

/// The published `fiches.json`, when it is the file the state describes.
fn previous_data(plan: &Plan<'_>, previous: &State) -> Option<output::PreviousFile> {
    let (id, _) = previous.data.as_ref()?;
    let file = output::PreviousFile::open(plan.output, paths::DATA_FILE)?;
    (file.id.0 == *id).then_some(file)
}

/// The bodies of the fiches not edited that the last build rendered without a
/// diagnostic, read back from the `fiches.json` it published (each fiche's entry
/// holds its body's HTML as it was rendered; the state says where), when that file
/// is the one the state describes: rendering them again would give the same, as
/// neither their text nor anything they link to changed (same files, same key).
fn kept_bodies(previous: &State, plan: &Plan<'_>) -> Option<crate::content::KeptBodies> {
    let file = previous_data(plan, previous)?;
    let entries: HashMap<String, (u64, u64)> = (previous.data.iter().flat_map(|(_, e)| e))
        .map(|e| (e.slug.clone(), (e.at.saturating_add(e.body.0), e.body.1)))
        .collect();
    let sections = previous.bodies.clone();
    let edited: HashSet<PathBuf> = plan.edited.iter().cloned().collect();
    let kept = move |f: &Fiche| -> Option<(String, Vec<String>)> {
        if edited.contains(&f.path) {
            return None;
        }
        let sections = sections.get(f.path.as_os_str().as_encoded_bytes())?;
        let &(at, len) = entries.get(&f.slug)?;
        let body = body_at(&|at, len| file.read_at(at, len), at, len)?;
        Some((body, sections.clone()))
    };
    Some(crate::content::KeptBodies(std::sync::Arc::new(kept)))
}

/// The body whose string's content the state says lies at `at`, `len` bytes long,
/// in the file `read` reads: only when the key is right before it and the end of its
/// line right after (a damaged state that points elsewhere, even at another
/// string, gives no body: the fiche is then rendered again).
fn body_at(read: &dyn Fn(u64, u64) -> Option<Vec<u8>>, at: u64, len: u64) -> Option<String> {
    const BEFORE: &[u8] = b"\n      \"body_html\": \"";
    const AFTER: &[u8] = b"\",\n";
    let from = at.checked_sub(BEFORE.len() as u64)?;
    let bytes = read(from, len.checked_add((BEFORE.len() + AFTER.len()) as u64)?)?;
    json_string(bytes.strip_prefix(BEFORE)?.strip_suffix(AFTER)?)
}

/// The text a JSON string holds, its content given without its quotes (as
/// `export` prints it: escapes for `"`, `\\` and control characters only, the rest
/// as it is): runs without an escape copied as they are, UTF-8 checked once.
/// `None` for anything a JSON reader would refuse.
fn json_string(bytes: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        let at = memchr::memchr2(b'\\', b'"', rest).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(at);
        if run.iter().any(|&b| b < 0x20) {
            return None;
        }
        out.extend_from_slice(run);
        let Some((&b'\\', tail)) = tail.split_first() else {
            // The end, or a bare quote.
            return tail.is_empty().then(|| String::from_utf8(out).ok())?;
        };
        let (&e, tail) = tail.split_first()?;
        rest = tail;
        let c = match e {
            b'"' | b'\\' | b'/' => e,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let c = escaped_char(&mut rest)?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                continue;
            }
            _ => return None,
        };
        out.push(c);
    }
}

/// The character of a `\\u` escape whose four digits start `rest` (and of the
/// low surrogate's escape that follows a high one), `rest` moved past them.
fn escaped_char(rest: &mut &[u8]) -> Option<char> {
    let n = hex4(rest)?;
    if (0xD800..0xDC00).contains(&n) {
        *rest = rest.strip_prefix(b"\\u")?;
        let low = hex4(rest)?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        return char::from_u32(0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00));
    }
    char::from_u32(n)
}

/// The four hexadecimal digits that start `rest`, `rest` moved past them.
fn hex4(rest: &mut &[u8]) -> Option<u32> {
    let digits = rest.get(..4)?;
    // from_str_radix would take a sign: digits only.
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let n = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
    *rest = &rest[4..];
    Some(n)
}

/// Whether the site publishes `fiches.json`.
fn whole_has_data(project: &Project) -> bool {
    paths::whole_site_jobs(&project.site).contains(&Job::Data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a JSON reader finds in the string whose content is `bytes`.
    fn read(bytes: &[u8]) -> Option<String> {
        let mut quoted = b"\"".to_vec();
        quoted.extend_from_slice(bytes);
        quoted.push(b'"');
        serde_json::from_slice(&quoted).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(256) })]

        /// A string printed as `export` prints it reads back as it was, whatever it
        /// holds: quotes, backslashes, control characters, astral letters, RTL.
        #[test]
        fn a_printed_string_reads_back(text in "(\\PC|[\"\\\\\u{0}-\u{1f}\u{7f}\u{a0}\u{202e}\u{1f600}\u{10ffff}])*") {
            let printed = serde_json::to_string(&text).unwrap();
            let content = &printed.as_bytes()[1..printed.len() - 1];
            prop_assert_eq!(json_string(content), Some(text));
        }

        /// Any bytes read as a JSON reader reads them, or not at all: escapes of
        /// every kind, surrogates (paired or not), bare quotes, bytes that are not
        /// UTF-8.
        #[test]
        fn any_bytes_read_as_a_json_reader_reads_them(
            parts in proptest::collection::vec(prop_oneof![
                "\\PC{0,4}".prop_map(String::into_bytes),
                Just(b"\\".to_vec()),
                Just(b"\"".to_vec()),
                "\\\\[\"\\\\/bfnrtux0]".prop_map(String::into_bytes),
                "\\\\u[0-9a-fA-F+-]{4}".prop_map(String::into_bytes),
                "\\\\ud[89ab][0-9a-f]{2}(\\\\ud[c-f][0-9a-f]{2})?".prop_map(String::into_bytes),
                any::<u8>().prop_map(|b| vec![b]),
            ], 0..12),
        ) {
            let bytes = parts.concat();
            let ours = json_string(&bytes);
            match read(&bytes) {
                Some(text) => prop_assert_eq!(ours, Some(text)),
                // serde_json takes a lone surrogate in no form: neither do we.
                None => prop_assert_eq!(ours, None),
            }
        }
    }

    #[test]
    fn a_body_is_read_only_where_its_key_is() {
        let text = "+++\ntitle = \"T\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"S\"\nauthors = [\"A\"]\n+++\nUn « texte » 🌞\n\nSecond paragraphe.\n";
        let (pages, _) = crate::commands::render_one(
            text.as_bytes(),
            "title = \"T\"\nbase_url = \"https://e.org/\"\n",
        );
        let doc = &pages
            .iter()
            .find(|p| p.path == paths::DATA_FILE)
            .unwrap()
            .bytes;
        let json: serde_json::Value = serde_json::from_slice(doc).unwrap();
        let key = b"\n      \"body_html\": \"";
        let at = memchr::memmem::find(doc, key).unwrap() + key.len();
        let len = memchr::memchr(b'\n', &doc[at..]).unwrap() - 2;
        let read = |at: u64, len: u64| {
            let end = usize::try_from(at.checked_add(len)?).ok()?;
            doc.get(usize::try_from(at).ok()?..end).map(<[u8]>::to_vec)
        };
        let (at, len) = (at as u64, len as u64);
        assert_eq!(
            body_at(&read, at, len).as_deref(),
            json["fiches"][0]["body_html"].as_str()
        );
        // Anywhere else, even on another string of the entry: nothing.
        let text_at = memchr::memmem::find(doc, b"\"body_text\": \"").unwrap() as u64 + 14;
        for (at, len) in [
            (at + 1, len - 1),
            (at - 1, len + 1),
            (at, len - 1),
            (at, len + 1),
            (text_at, 5),
            (0, 3),
            (u64::MAX, 0),
            (at, u64::MAX),
        ] {
            assert_eq!(body_at(&read, at, len), None, "{at} {len}");
        }
    }

    #[test]
    fn escapes_read_as_json_says() {
        assert_eq!(json_string(b"").as_deref(), Some(""));
        assert_eq!(
            json_string(b"<p>\\u00e9\\\"</p>").as_deref(),
            Some("<p>é\"</p>")
        );
        assert_eq!(json_string(b"\\ud83d\\ude00\\n").as_deref(), Some("😀\n"));
        assert_eq!(json_string(b"a\"b"), None);
        assert_eq!(json_string(b"a\\"), None);
        assert_eq!(json_string(b"\\u+0ff"), None);
        assert_eq!(json_string(b"\\ud83d"), None);
        assert_eq!(json_string(b"\\udc00"), None);
        assert_eq!(json_string(b"a\nb"), None);
        assert_eq!(json_string(b"\xff"), None);
    }
}
