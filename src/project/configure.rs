//! `fiches.toml` read for a run: the addresses and the day the run's options give.

use super::Options;
use crate::config;
use crate::diagnostic::{self, Diagnostic, Failure};
use crate::sources::Sources;

/// `fiches.toml` read, with the addresses `opts` give; `Err` with every diagnostic
/// so far when it cannot be read.
pub(super) fn configure(
    sources: &Sources,
    opts: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Result<config::Config, Failure> {
    let (cfg, mut d, lang) = match &sources.config {
        // The language `sources` read of the text, once for the run.
        Ok(text) => config::parse_with(text, sources.lang),
        Err(e) => (None, e.clone(), sources.lang),
    };
    diags.append(&mut d);
    let Some(mut cfg) = cfg else {
        let mut diagnostics = std::mem::take(diags);
        diagnostic::sort(&mut diagnostics);
        return Err(Failure { lang, diagnostics });
    };
    if let Some(url) = &opts.base_url {
        cfg.base_url = Some(url.clone());
    }
    // No warning without `base_url`: a site read from a USB key or a folder has
    // no address, and `fiches init` explains what the address adds.
    if cfg.base_url.is_none() {
        cfg.base_url.clone_from(&opts.default_base_url);
    }
    cfg.today =
        (opts.now.zip(crate::agenda::zone(&cfg.timezone))).map(|(t, z)| z.to_datetime(t).date());
    Ok(cfg)
}
