//! The fiches of partner sites (`[[sources]]`): each partner's `fiches.json` fetched
//! once a build (over HTTP with a timeout and a size cap, or from the disk), kept in
//! `.fiches-cache/partners/` and read from there when the partner cannot be reached,
//! then checked entry by entry against the schema. A partner's trouble is a warning
//! that names it, never a failed build.

use std::path::Path;
use std::time::Duration;

use crate::config::PartnerSource;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

mod fetch;
mod read;

pub use read::{PartnerFiche, TEXT_KEPT};

/// The most a partner's `fiches.json` may weigh: 10,000 fiches with their text weigh
/// about 125 MB (bodies as HTML and as text); past this it is refused, not read.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// How long a partner may take to answer, unless the build says otherwise.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// How a run gets the partners' files.
#[derive(Clone, Copy, Debug)]
pub struct Fetch {
    /// Ask each partner (else read the cache only, and ask only a partner never
    /// fetched): `serve` asks once, at its start, not on every edit.
    pub network: bool,
    /// Write what was fetched to the cache (`check` writes nothing).
    pub keep: bool,
    pub timeout: Duration,
}

impl Default for Fetch {
    fn default() -> Self {
        Fetch {
            network: true,
            keep: true,
            timeout: TIMEOUT,
        }
    }
}

/// One partner site and the fiches of it that could be read.
#[derive(Clone, Debug)]
pub struct Partner {
    /// As `fiches.toml` names it.
    pub name: String,
    /// The partner's own site (`site.url` of its `fiches.json`), when it gives one.
    pub site_url: Option<String>,
    pub fiches: Vec<PartnerFiche>,
    /// A fingerprint of the bytes read: a build whose partners changed is not skipped.
    pub fingerprint: u64,
}

/// Fetches and reads every partner of `sources`. `config_text` places the warnings
/// in `fiches.toml`; `root` is the site's folder (relative paths, the cache).
pub fn gather(
    root: &Path,
    sources: &[PartnerSource],
    config_text: &str,
    lang: Lang,
    how: Fetch,
) -> (Vec<Partner>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = Vec::new();
    for source in sources {
        let place = |d: Diagnostic| d.in_file("fiches.toml").at(config_text, source.span);
        let got = fetch::get(root, source, how, lang);
        diags.extend(got.warning.map(place));
        let Some(bytes) = got.bytes else { continue };
        let fingerprint = crate::hash::Fnv64::new().words(&bytes).finish();
        let (partner, warnings) = read::document(&source.name, &bytes, &source.url, lang);
        diags.extend(warnings.into_iter().map(place));
        if let Some((site_url, fiches)) = partner {
            out.push(Partner {
                name: source.name.clone(),
                site_url,
                fiches,
                fingerprint,
            });
        }
    }
    (out, diags)
}

/// The `[[sources]]` of a `fiches.toml` text, without its diagnostics (the build
/// reads the file again and says them).
pub fn sources_of(config_text: &str) -> Vec<PartnerSource> {
    crate::config::parse(config_text)
        .0
        .map(|c| c.partners)
        .unwrap_or_default()
}
