//! The partners' fiches as the index reads them (`[[sources]]`): each with its
//! source and its variant numbered, after the site's own fiches; and what the entry
//! file says of them (the sources, the variants only partners use), so that the
//! search page lists them « publiée par » their partner, with a filter by source.

use std::collections::{BTreeMap, HashMap};

use crate::partners::PartnerFiche;
use crate::site::{Pooled, Site};

/// What the entry file says of partners; empty for a site without any.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// The variants whose numbers cards give: the site's, then those only partners
    /// use, as they name them.
    pub variants: Vec<String>,
    /// How partners label the variants only they use.
    pub variant_labels: BTreeMap<String, String>,
    /// The partners' names, by source number; empty when none gave a fiche.
    pub sources: Vec<String>,
    /// By source number, what the addresses of its fiches' pages begin with (up to
    /// a `/`): a card holds the rest, so that a group of cards does not repeat it
    /// (10,000 partner fiches: 300 KB of groups).
    pub urls: Vec<String>,
    /// The value the site's own fiches have in the filter by source: its network's
    /// name, else its title.
    pub here: String,
}

/// The partners' fiches of a site, in `fiches.toml`'s order of partners.
pub struct Pool<'s> {
    /// How the site names partners' terms.
    pub names: Pooled<'s>,
    /// Each fiche with its source number and its variant number.
    pub fiches: Vec<(usize, usize, &'s PartnerFiche)>,
    pub entry: Entry,
}

impl<'s> Pool<'s> {
    pub fn new(site: &'s Site) -> Pool<'s> {
        let mut entry = Entry {
            variants: site
                .config
                .variants
                .iter()
                .map(|v| v.name.clone())
                .collect(),
            ..Entry::default()
        };
        // A partner may name a variant per fiche: found by name, not by a look
        // along the list.
        let mut numbers: HashMap<String, usize> = (entry.variants.iter().enumerate())
            .map(|(i, v)| (v.clone(), i))
            .collect();
        let mut fiches = Vec::new();
        for (s, partner) in site.partners.iter().enumerate() {
            for f in &partner.fiches {
                let v = variant(&mut entry, &mut numbers, f);
                fiches.push((s, v, f));
            }
        }
        if !fiches.is_empty() {
            entry.sources = site.partners.iter().map(|p| p.name.clone()).collect();
            entry.urls = (site.partners.iter())
                .map(|p| common_folder(p.fiches.iter().map(|f| f.url.as_str())))
                .collect();
            entry.here = (site.config.network.as_ref())
                .map_or(&site.config.title, |n| &n.name)
                .clone();
        }
        Pool {
            names: Pooled::new(site),
            fiches,
            entry,
        }
    }
}

/// What every address of `urls` begins with, up to and with its last `/` (the
/// part after the scheme's `//` kept whole): "" when they share no folder.
fn common_folder<'a>(mut urls: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = urls.next() else {
        return String::new();
    };
    let mut len = first.len();
    for url in urls {
        len = (first.bytes().zip(url.bytes()))
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let shared = &first[..crate::cut::floor(first, len)];
    let host_from = shared.find("://").map_or(0, |i| i + 3);
    match shared[host_from..].rfind('/') {
        Some(i) => shared[..host_from + i + 1].to_string(),
        None => String::new(),
    }
}

/// The number of `f`'s variant, one only partners use numbered after the others.
fn variant(entry: &mut Entry, numbers: &mut HashMap<String, usize>, f: &PartnerFiche) -> usize {
    if let Some(&at) = numbers.get(&f.variant) {
        return at;
    }
    numbers.insert(f.variant.clone(), entry.variants.len());
    entry.variants.push(f.variant.clone());
    if let Some(label) = &f.variant_label {
        entry
            .variant_labels
            .insert(f.variant.clone(), label.clone());
    }
    entry.variants.len() - 1
}

#[cfg(test)]
mod tests {
    use super::common_folder;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(256) })]

        /// Whatever the addresses (a partner's data is anyone's), the folder is a
        /// piece every one of them begins with, that the engine puts back before
        /// each card's rest: empty, or ending with a `/` past the host.
        #[test]
        fn any_addresses_begin_with_their_common_folder(
            rests in prop::collection::vec(crate::cut::hostile::text(12), 0..6),
            host in prop::sample::select(vec!["https://a.example/", "https://a.example/é/", "http://b/", ""]),
        ) {
            let urls: Vec<String> = rests.iter().map(|r| format!("{host}{r}")).collect();
            let folder = common_folder(urls.iter().map(String::as_str));
            for url in &urls {
                prop_assert!(url.starts_with(&folder), "{url:?} {folder:?}");
                let rest = &url[folder.len()..];
                prop_assert_eq!(format!("{folder}{rest}"), url.clone());
            }
            prop_assert!(folder.is_empty() || folder.ends_with('/'), "{:?}", folder);
            if let Some(i) = folder.find("://") {
                prop_assert!(folder[i + 3..].contains('/'), "{:?}", folder);
            }
        }
    }

    #[test]
    fn the_common_folder_of_addresses_ends_at_a_slash_and_keeps_the_host_whole() {
        let urls = [
            "https://voisin.example/fiches/p1/",
            "https://voisin.example/fiches/p2/",
            "https://voisin.example/fiches/p10/",
        ];
        assert_eq!(
            common_folder(urls.into_iter()),
            "https://voisin.example/fiches/"
        );
        // A host cut in its middle is no folder.
        let hosts = ["https://a.example/x", "https://ab.example/x"];
        assert_eq!(common_folder(hosts.into_iter()), "");
        assert_eq!(
            common_folder(["https://a.example/x/"].into_iter()),
            "https://a.example/x/"
        );
        assert_eq!(common_folder(std::iter::empty()), "");
        // Shared bytes inside a character: cut before it.
        let accents = ["https://a.example/é/1", "https://a.example/è/1"];
        assert_eq!(common_folder(accents.into_iter()), "https://a.example/");
        for url in ["https://a.example/é/1", "https://a.example/è/1"] {
            assert!(url.starts_with(&common_folder(accents.into_iter())));
        }
    }
}
