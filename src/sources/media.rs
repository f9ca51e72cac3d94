//! The disk side of media files: which files of `content/` are audio or video, the
//! first and last bytes of each (for its duration), and the transcripts and captions
//! beside them, read as texts. A `NAME.md` beside `NAME.mp3` is a transcript, not a
//! fiche.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Limited, Text, io_error, read_at_most};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::media::{self, PROBE, Probe};

/// The media files among `files` (paths relative to the site folder).
pub(super) fn media_set(files: &[PathBuf]) -> HashSet<PathBuf> {
    files
        .iter()
        .filter(|f| media::kind_of(f).is_some())
        .cloned()
        .collect()
}

/// The media files' paths without their extension, to find what sits beside them.
pub(super) fn stems(media: &HashSet<PathBuf>) -> HashSet<PathBuf> {
    media.iter().map(|m| m.with_extension("")).collect()
}

/// Whether a file of `content/` is the transcript or captions of a media file.
pub(super) fn is_companion(rel: &Path, stems: &HashSet<PathBuf>) -> bool {
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("txt" | "md" | "vtt")) {
        return false;
    }
    stems.contains(&rel.with_extension(""))
}

/// Probes every media file and reads every companion text, in parallel.
pub(super) fn read(
    root: &Path,
    media: &HashSet<PathBuf>,
    companions: &[PathBuf],
    lang: Lang,
) -> (
    BTreeMap<PathBuf, Probe>,
    BTreeMap<PathBuf, Text>,
    Vec<Diagnostic>,
) {
    let mut diags = Vec::new();
    let probes: Vec<_> = media
        .par_iter()
        .map(|rel| (rel.clone(), probe(&root.join(rel))))
        .collect();
    let mut out = BTreeMap::new();
    for (rel, p) in probes {
        match p {
            Ok(p) => {
                out.insert(rel, p);
            }
            Err(e) => diags.push(io_error(&rel, &e, lang)),
        }
    }
    let texts: Vec<_> = companions
        .par_iter()
        .map(|rel| (rel, read_at_most(&root.join(rel), media::MAX_TRANSCRIPT)))
        .collect();
    let mut words = BTreeMap::new();
    for (rel, bytes) in texts {
        match bytes {
            Ok(Limited::Over(_)) => diags.push(
                Diagnostic::error(lang.pick(
                    "cette transcription dépasse 1 Mo : elle n'est pas lue",
                    "this transcript is over 1 MB: it is not read",
                ))
                .in_file(rel)
                .hint(lang.pick(
                    "une transcription est un texte ; vérifiez que ce fichier en est bien une",
                    "a transcript is a text; check that this file is one",
                )),
            ),
            Ok(Limited::Read(bytes)) => {
                words.insert(
                    rel.clone(),
                    Text {
                        rel: rel.clone(),
                        bytes,
                    },
                );
            }
            Err(e) => diags.push(io_error(rel, &e, lang)),
        }
    }
    (out, words, diags)
}

/// A file's size and its first and last [`PROBE`] bytes.
fn probe(path: &Path) -> std::io::Result<Probe> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut head = Vec::new();
    (&mut file).take(PROBE as u64).read_to_end(&mut head)?;
    let mut tail = Vec::new();
    if len > PROBE as u64 {
        file.seek(SeekFrom::Start(len - PROBE as u64))?;
        file.take(PROBE as u64).read_to_end(&mut tail)?;
    } else {
        tail = head.clone();
    }
    Ok(Probe { len, head, tail })
}
