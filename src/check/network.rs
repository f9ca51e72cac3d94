//! The network's logo (`[network] logo`) is a file the site publishes.

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::links::Links;

/// An error when `[network] logo` names no file of `static/` (or of the theme).
pub fn logo(cfg: &Config, links: &Links, config_text: &str, diags: &mut Vec<Diagnostic>) {
    let Some(logo) = cfg
        .network
        .as_ref()
        .and_then(|n| n.logo.as_ref().map(|l| (n, l)))
    else {
        return;
    };
    let (network, logo) = logo;
    if links.root_files.contains(logo.as_str()) {
        return;
    }
    let lang = cfg.language;
    diags.push(
        Diagnostic::error(lang.pick(
            format!("le logo du réseau `{logo}` est introuvable"),
            format!("the network's logo `{logo}` cannot be found"),
        ))
        .in_file(config::FILE_NAME)
        .at(config_text, network.logo_span)
        .hint(lang.pick(
            format!("placez l'image dans static/{logo}, ou corrigez son nom"),
            format!("put the image at static/{logo}, or fix its name"),
        )),
    );
}
