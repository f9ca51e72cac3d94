//! `[[sources]]`: the partner sites whose fiches a site pools, each a `name` and the
//! address of its `fiches.json` (`https://…`, `http://…`, `file://…`, or a path from
//! the site's folder).

use crate::fields::{Local, Reader, Value};
use crate::span::FileSpan;

const SOURCE_KEYS: [&str; 2] = ["name", "url"];

/// One partner site, as `fiches.toml` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerSource {
    /// What readers see: « publiée par Réseau X ».
    pub name: String,
    /// Where its `fiches.json` is, as written (trimmed).
    pub url: String,
    /// Where the `[[sources]]` entry is written, for the warnings about it.
    pub span: FileSpan,
}

pub(super) fn read(r: &mut Reader, value: &Value) -> Vec<PartnerSource> {
    let mut out: Vec<PartnerSource> = Vec::new();
    for item in r.tables("sources", value) {
        let Some(source) = read_one(r, item) else {
            continue;
        };
        if out.iter().any(|s| s.name == source.name) {
            twice(r, item);
        } else {
            out.push(source);
        }
    }
    out
}

fn read_one(r: &mut Reader, item: &Value) -> Option<PartnerSource> {
    let lang = r.lang;
    let t = r.table("sources", item)?;
    let (mut name, mut url) = (None, None);
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "name" => name = r.nonempty_string("name", v).map(|n| n.trim().to_string()),
            "url" => url = r.nonempty_string("url", v).map(|u| u.trim().to_string()),
            other => r.unknown_key(
                k.local(),
                other,
                &SOURCE_KEYS,
                &lang.pick("dans [[sources]]", "in [[sources]]"),
            ),
        }
    }
    for (key, example, absent) in [
        ("name", "name = \"Réseau Alpin\"", name.is_none()),
        (
            "url",
            "url = \"https://partenaire.exemple.org/fiches.json\"",
            url.is_none(),
        ),
    ] {
        if absent && !t.contains_key(key) {
            r.error(
                item.local(),
                lang.pick(
                    format!("il manque `{key}` dans [[sources]]"),
                    format!("`{key}` is missing in [[sources]]"),
                ),
                Some(lang.pick(
                    format!("ajoutez par exemple : {example}"),
                    format!("add for example: {example}"),
                )),
            );
        }
    }
    Some(PartnerSource {
        name: name.filter(|n| !n.is_empty())?,
        url: url.filter(|u| !u.is_empty())?,
        span: r.in_file(item.local()),
    })
}

/// Two partners under one name could not be told apart by readers.
fn twice(r: &mut Reader, item: &Value) {
    let lang = r.lang;
    r.error(
        item.local(),
        lang.pick(
            "deux [[sources]] portent le même nom",
            "two [[sources]] have the same name",
        ),
        Some(lang.pick(
            "donnez à chaque partenaire un nom qui lui est propre",
            "give each partner a name of its own",
        )),
    );
}

/// The search names the site's own fiches by its network's name, else its title,
/// beside its partners': a partner of that name could not be told from the site.
pub(super) fn not_named_as_the_site(r: &mut Reader, cfg: &super::Config) {
    let here = cfg.network.as_ref().map_or(&cfg.title, |n| &n.name);
    let lang = r.lang;
    for p in cfg.partners.iter().filter(|p| p.name == *here) {
        r.error(
            p.span,
            lang.pick(
                format!("le partenaire « {here} » porte le nom de ce site"),
                format!("partner \"{here}\" has the name of this site"),
            ),
            Some(lang.pick(
                "la recherche ne pourrait pas distinguer ses fiches de celles du site : donnez-lui un autre `name`",
                "the search could not tell its sheets from the site's: give it another `name`",
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse;

    #[test]
    fn sources_are_read_with_their_place() {
        let (cfg, diags) = parse(
            "title = \"R\"\n[[sources]]\nname = \" Réseau Alpin \"\nurl = \"../alpin/fiches.json\"\n[[sources]]\nname = \"Autre\"\nurl = \"https://a.example/fiches.json\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let cfg = cfg.unwrap();
        assert_eq!(cfg.partners.len(), 2);
        assert_eq!(cfg.partners[0].name, "Réseau Alpin");
        assert_eq!(cfg.partners[0].url, "../alpin/fiches.json");
        let text = "title = \"R\"\n[[sources]]\nname = \" Réseau Alpin \"\nurl = \"../alpin/fiches.json\"\n[[sources]]\nname = \"Autre\"\nurl = \"https://a.example/fiches.json\"\n";
        let d = crate::Diagnostic::warning("x").at(text, cfg.partners[1].span);
        assert_eq!(d.line, 5, "the line of its [[sources]]");
    }

    #[test]
    fn a_source_without_url_or_with_a_name_taken_is_an_error() {
        let (cfg, diags) = parse(
            "title = \"R\"\n[[sources]]\nname = \"A\"\n[[sources]]\nname = \"B\"\nurl = \"b.json\"\n[[sources]]\nname = \"B\"\nurl = \"c.json\"\nnom = 1\n",
        );
        assert!(cfg.is_none());
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("`url`")), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("même nom")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("`nom`")), "{messages:?}");
    }

    #[test]
    fn a_partner_named_as_the_site_is_an_error_at_its_place() {
        let text =
            "title = \"Réseau Nord\"\n[[sources]]\nname = \"Réseau Nord\"\nurl = \"a.json\"\n";
        let (cfg, diags) = parse(text);
        assert!(cfg.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("nom de ce site"), "{diags:?}");
        assert_eq!(diags[0].line, 2, "{diags:?}");
        // The network's name is the one the search gives the site.
        let text = "title = \"T\"\n[network]\nname = \"Nord\"\nurl = \"https://n.example/\"\n[[sources]]\nname = \"Nord\"\nurl = \"a.json\"\n[[sources]]\nname = \"T\"\nurl = \"b.json\"\n";
        let (cfg, diags) = parse(text);
        assert!(cfg.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 5, "{diags:?}");
    }
}
