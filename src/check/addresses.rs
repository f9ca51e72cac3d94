//! Every published file has one source: two sources of one address (a page fiches
//! makes, a file of `static/`, a bundle's file, a photo's reduced copy, the search
//! index) are an error naming both, as are a file and a folder at one address, and
//! two addresses that differ only by case or by how accents are encoded (NFC, NFD):
//! Windows and macOS take them for one, and so does a zip opened there. A
//! theme's file is the one exception: the site's own file replaces it, on purpose.
//! One pass over the addresses, with a map of address → source.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

pub use crate::content::Origin;
use crate::diagnostic::{Diagnostic, display_path};
use crate::lang::Lang;

impl Origin {
    /// The file an author would change, for the diagnostic's place.
    fn file(&self) -> Option<&Path> {
        match self {
            Origin::File(p) | Origin::Copy(p, _) => Some(p),
            Origin::Theme(p) => p.as_deref(),
            Origin::Page { .. } => None,
        }
    }

    fn describe(&self, address: &str, lang: Lang) -> String {
        match self {
            Origin::Page { .. } => lang.pick(
                format!("la page `{address}`, que fiches produit"),
                format!("the page `{address}`, which fiches makes"),
            ),
            Origin::Theme(Some(p)) | Origin::File(p) => display_path(p),
            Origin::Theme(None) => lang.pick(
                format!("le fichier `{address}` du thème"),
                format!("the theme's file `{address}`"),
            ),
            Origin::Copy(p, w) => lang.pick(
                format!("la copie de {w} px de {}", display_path(p)),
                format!("the {w} px copy of {}", display_path(p)),
            ),
        }
    }
}

/// An error for each published address with two sources. `files` are in the order
/// they would be written (theme files first, then the site's); `pages` are the
/// files fiches makes; `reserved` folders belong to fiches whole (the search index).
pub fn check(
    files: &[(&str, Origin)],
    pages: &[(String, Origin)],
    reserved: &[&str],
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) {
    let mut at: HashMap<&str, &Origin> = HashMap::with_capacity(files.len() + pages.len());
    // Each folder some file needs, with that file's address.
    let mut dirs: HashMap<&str, &str> = HashMap::new();
    // Each address as Windows and macOS compare them, with the first to take it.
    let mut folds: HashMap<Cow<str>, (&str, &Origin)> = HashMap::new();
    let all = pages
        .iter()
        .map(|(a, o)| (a.as_str(), o))
        .chain(files.iter().map(|(a, o)| (*a, o)));
    for (address, origin) in all {
        match at.get(address) {
            // A site's file replaces the theme's, on purpose.
            Some(Origin::Theme(_)) if !matches!(origin, Origin::Page { .. }) => {
                at.insert(address, origin);
            }
            Some(Origin::Page { fiche: true }) if *origin == (Origin::Page { fiche: true }) => {}
            Some(first) => diags.push(same_address(address, first, origin, lang)),
            None => {
                at.insert(address, origin);
                match folds.entry(folded(address)) {
                    std::collections::hash_map::Entry::Occupied(o) => {
                        let (first, before) = *o.get();
                        if let Some(d) = folded_clash(first, before, address, origin, lang) {
                            diags.push(d);
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert((address, origin));
                    }
                }
            }
        }
        need_folders(&mut dirs, address, matches!(origin, Origin::Page { .. }));
        if let Some(r) = reserved.iter().find(|r| is_under(address, r))
            && !matches!(origin, Origin::Page { .. })
        {
            diags.push(in_place(address, origin, &format!("{r}/"), true, lang));
        }
    }
    // A file where another needs a folder: `tags` beside `tags/x/index.html`.
    let all = pages
        .iter()
        .map(|(a, o)| (a.as_str(), o))
        .chain(files.iter().map(|(a, o)| (*a, o)));
    for (address, origin) in all {
        let kept = at.get(address).is_some_and(|&o| std::ptr::eq(o, origin));
        let Some(&inner) = dirs.get(address).filter(|_| kept) else {
            continue;
        };
        let Some(&other) = at.get(inner) else {
            continue;
        };
        let d = match (origin, other) {
            (Origin::Page { .. }, Origin::Page { .. }) => continue,
            // A file inside what is a page: `index.html/x`.
            (Origin::Page { .. }, file) => in_place(inner, file, address, false, lang),
            (file, Origin::Page { .. }) => in_place(address, file, inner, false, lang),
            (file, folder) => folder_clash(address, file, inner, folder, lang),
        };
        diags.push(d);
    }
}

/// Notes the folders `address` needs, each with the file that needs it. A page's
/// need of a folder is the one named (the last page under it), another file's the
/// first; the walk up stops at a folder already known.
fn need_folders<'a>(dirs: &mut HashMap<&'a str, &'a str>, address: &'a str, page: bool) {
    let mut cut = address;
    while let Some(slash) = cut.rfind('/') {
        cut = &cut[..slash];
        let known = if page {
            dirs.insert(cut, address).is_some()
        } else {
            let known = dirs.contains_key(cut);
            dirs.entry(cut).or_insert(address);
            known
        };
        if known {
            break;
        }
    }
}

/// `address` as a file system that ignores case and accent encoding sees it.
fn folded(address: &str) -> Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if address
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(address)
    } else {
        Cow::Owned(address.to_lowercase().nfc().collect())
    }
}

/// Two addresses that differ only by case or accent encoding: an error, unless the
/// site's file replaces the theme's (as at one address) or fiches makes both.
fn folded_clash(
    first: &str,
    before: &Origin,
    address: &str,
    origin: &Origin,
    lang: Lang,
) -> Option<Diagnostic> {
    let page = |o: &Origin| matches!(o, Origin::Page { .. });
    if matches!(before, Origin::Theme(_)) || matches!(origin, Origin::Theme(_)) {
        return None;
    }
    if page(before) && page(origin) {
        return None;
    }
    let (a, b) = (before.describe(first, lang), origin.describe(address, lang));
    let d = Diagnostic::error(lang.pick(
        format!("`{first}` et `{address}` ne diffèrent que par les majuscules ou l'écriture des accents : sur Windows et macOS, c'est une seule adresse, et l'un remplacerait l'autre ({a} ; {b})"),
        format!("`{first}` and `{address}` differ only by case or accent encoding: on Windows and macOS they are one address, and one would replace the other ({a}; {b})"),
    ))
    .hint(lang.pick(
        "renommez l'un des deux, ou rangez-le dans un autre dossier",
        "rename one of them, or move it to another folder",
    ));
    Some(if page(origin) {
        placed(d, before)
    } else {
        placed(d, origin)
    })
}

fn is_under(address: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    address == dir
        || address
            .strip_prefix(dir)
            .is_some_and(|s| s.starts_with('/'))
}

fn placed(d: Diagnostic, origin: &Origin) -> Diagnostic {
    match origin.file() {
        Some(p) => d.in_file(p),
        None => d,
    }
}

/// A file that would take the place of a page fiches makes (or of its folder).
fn in_place(address: &str, file: &Origin, page: &str, search: bool, lang: Lang) -> Diagnostic {
    let what = if search {
        lang.pick(
            format!("du dossier `{page}` de la recherche"),
            format!("the search's `{page}` folder"),
        )
    } else {
        lang.pick(format!("de la page `{page}`"), format!("the page `{page}`"))
    };
    let d = Diagnostic::error(lang.pick(
        format!("ce fichier serait publié en `{address}`, à la place {what}, que fiches produit"),
        format!(
            "this file would be published as `{address}`, in place of {what}, which fiches makes"
        ),
    ))
    .hint(lang.pick(
        "renommez ce fichier ou rangez-le dans un autre dossier",
        "rename this file or move it to another folder",
    ));
    placed(d, file)
}

fn same_address(address: &str, first: &Origin, second: &Origin, lang: Lang) -> Diagnostic {
    if let Origin::Page { .. } = first {
        return in_place(address, second, address, false, lang);
    }
    if let Origin::Page { .. } = second {
        return in_place(address, first, address, false, lang);
    }
    let (a, b) = (
        first.describe(address, lang),
        second.describe(address, lang),
    );
    let d = Diagnostic::error(lang.pick(
        format!("deux fichiers seraient publiés à la même adresse `{address}` : {a} et {b} ; l'un remplacerait l'autre"),
        format!("two files would be published at the same address `{address}`: {a} and {b}; one would replace the other"),
    ))
    .hint(lang.pick(
        "renommez l'un des deux, ou rangez-le dans un autre dossier",
        "rename one of them, or move it to another folder",
    ));
    placed(d, second)
}

fn folder_clash(
    address: &str,
    file: &Origin,
    inner: &str,
    folder: &Origin,
    lang: Lang,
) -> Diagnostic {
    let (a, b) = (file.describe(address, lang), folder.describe(inner, lang));
    let d = Diagnostic::error(lang.pick(
        format!("`{address}` serait à la fois un fichier ({a}) et un dossier, où serait publié {b} en `{inner}`"),
        format!("`{address}` would be both a file ({a}) and a folder, holding {b} as `{inner}`"),
    ))
    .hint(lang.pick(
        "renommez le fichier ou le dossier",
        "rename the file or the folder",
    ));
    placed(d, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str) -> Origin {
        Origin::File(std::path::PathBuf::from(p))
    }

    fn found(files: &[(&str, Origin)], pages: &[&str]) -> Vec<String> {
        let pages: Vec<(String, Origin)> = pages
            .iter()
            .map(|p| (p.to_string(), Origin::Page { fiche: false }))
            .collect();
        let mut diags = Vec::new();
        check(files, &pages, &["search/data"], Lang::En, &mut diags);
        diags
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    #[test]
    fn files_that_take_the_place_of_pages() {
        let files: Vec<(&str, Origin)> = [
            "tags",
            "tags/x",
            "tags/x/index.html",
            "index.html/y",
            "search/data/p.js",
            "tags/y.png",
            "search/database.png",
            "logo.png",
        ]
        .into_iter()
        .map(|p| (p, file(&format!("static/{p}"))))
        .collect();
        let mut got = found(&files, &["index.html", "tags/x/index.html"]);
        got.sort();
        assert_eq!(
            got,
            [
                "static/index.html/y: this file would be published as `index.html/y`, in place of the page `index.html`, which fiches makes",
                "static/search/data/p.js: this file would be published as `search/data/p.js`, in place of the search's `search/data/` folder, which fiches makes",
                "static/tags/x/index.html: this file would be published as `tags/x/index.html`, in place of the page `tags/x/index.html`, which fiches makes",
                "static/tags/x: this file would be published as `tags/x`, in place of the page `tags/x/index.html`, which fiches makes",
                "static/tags: this file would be published as `tags`, in place of the page `tags/x/index.html`, which fiches makes",
            ]
        );
    }

    #[test]
    fn two_files_of_one_address_are_named_both() {
        let files = [
            ("style.css", Origin::Theme(None)),
            (
                "fiches/jardin/jardin-480w.png",
                Origin::Copy("content/jardin/jardin.png".into(), 480),
            ),
            (
                "fiches/jardin/jardin-480w.png",
                file("content/jardin/jardin-480w.png"),
            ),
            ("fiches/jardin/plan.pdf", file("content/jardin/plan.pdf")),
            (
                "fiches/jardin/plan.pdf",
                file("static/fiches/jardin/plan.pdf"),
            ),
            // The site's own file replaces the theme's: no error.
            ("style.css", file("static/style.css")),
            ("a/b", file("static/a/b")),
            ("a", file("content/x/a")),
        ];
        let mut got = found(&files, &[]);
        got.sort();
        assert_eq!(
            got,
            [
                "content/jardin/jardin-480w.png: two files would be published at the same address `fiches/jardin/jardin-480w.png`: the 480 px copy of content/jardin/jardin.png and content/jardin/jardin-480w.png; one would replace the other",
                "content/x/a: `a` would be both a file (content/x/a) and a folder, holding static/a/b as `a/b`",
                "static/fiches/jardin/plan.pdf: two files would be published at the same address `fiches/jardin/plan.pdf`: content/jardin/plan.pdf and static/fiches/jardin/plan.pdf; one would replace the other",
            ]
        );
    }
}
