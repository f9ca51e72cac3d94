//! `[network]`: the network a site belongs to (`name`, `url`, optional `logo`), which
//! signs every fiche page and gives its members badges to show on their own sites.

use serde::Serialize;

use crate::fields::{Local, Reader, Value};
use crate::schema::is_url;
use crate::span::FileSpan;

const NETWORK_KEYS: [&str; 3] = ["name", "url", "logo"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Network {
    pub name: String,
    /// The network's own site.
    pub url: String,
    /// A file of the site (from `static/`), as a path from the site's root: `logo.png`.
    pub logo: Option<String>,
    /// Where `logo` is written in `fiches.toml`, for the error when the file is missing.
    #[serde(skip)]
    pub logo_span: FileSpan,
}

pub(super) fn read(r: &mut Reader, value: &Value) -> Option<Network> {
    let lang = r.lang;
    let t = r.table("network", value)?;
    let (mut name, mut url, mut logo, mut logo_span) = (None, None, None, FileSpan::default());
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "name" => name = r.nonempty_string("name", v),
            "url" => {
                let u = r.nonempty_string("url", v);
                if u.as_deref().is_some_and(|u| !is_url(u.trim())) {
                    r.error(
                        v.local(),
                        lang.pick(
                            "`url` du réseau doit être une adresse web complète",
                            "the network's `url` must be a full web address",
                        ),
                        Some(lang.pick(
                            "par exemple : url = \"https://reseau.exemple.org/\"",
                            "for example: url = \"https://network.example.org/\"",
                        )),
                    );
                } else {
                    url = u.map(|u| u.trim().to_string());
                }
            }
            "logo" => {
                logo = r
                    .nonempty_string("logo", v)
                    .map(|l| l.trim().trim_start_matches('/').to_string());
                logo_span = r.in_file(v.local());
            }
            other => r.unknown_key(
                k.local(),
                other,
                &NETWORK_KEYS,
                &lang.pick("dans [network]", "in [network]"),
            ),
        }
    }
    let missing = |r: &mut Reader, key: &str, example: &str| {
        r.error(
            value.local(),
            lang.pick(
                format!("il manque `{key}` dans [network]"),
                format!("`{key}` is missing in [network]"),
            ),
            Some(lang.pick(
                format!("ajoutez par exemple : {example}"),
                format!("add for example: {example}"),
            )),
        );
    };
    if name.is_none() && !t.contains_key("name") {
        missing(r, "name", "name = \"Réseau Léman Solidaire\"");
    }
    if url.is_none() && !t.contains_key("url") {
        missing(r, "url", "url = \"https://reseau.exemple.org/\"");
    }
    Some(Network {
        name: name?,
        url: url?,
        logo,
        logo_span,
    })
}
