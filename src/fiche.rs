//! A fiche: its front matter split from its Markdown body, read into typed fields
//! with every mistake reported at its place in the file.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fields::{Reader, Value, closest};
use crate::lang::{Date, Lang};
use crate::slug::slugify;
use crate::variant::SPECIFIC_FIELDS;

const COMMON_FIELDS: [&str; 15] = [
    "title",
    "date",
    "variant",
    "summary",
    "authors",
    "collective",
    "tags",
    "themes",
    "territory",
    "organization",
    "image",
    "image_alt",
    "draft",
    "updated",
    "slug",
];

/// Every front matter key a fiche may hold, whatever its variant.
pub fn known_fields() -> impl Iterator<Item = &'static str> {
    COMMON_FIELDS.iter().chain(SPECIFIC_FIELDS.iter()).copied()
}

/// The largest fiche file read, in bytes. A real fiche is a few tens of kilobytes;
/// past a megabyte it is a mistake (a pasted export, an image written inline), and the
/// bound caps the work of the Markdown parser whatever the input.
pub const MAX_BYTES: usize = 1_000_000;

/// Past these, a fiche's terms index nothing useful, and each term page listing the
/// fiche would repeat them all.
pub const MAX_TAGS: usize = 50;
pub const MAX_THEMES: usize = 20;

/// Longer summaries get cut by search engines and link previews.
const SUMMARY_MAX: usize = 300;

const TESTIMONY_FIELDS: [&str; 4] = ["name", "role", "quote", "consent"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Testimony {
    pub name: String,
    pub role: Option<String>,
    pub quote: String,
}

#[derive(Clone, Debug, Default)]
pub struct Fiche {
    /// Path relative to the site folder, as shown in diagnostics.
    pub path: PathBuf,
    /// Folder of a bundle (`NAME/index.md`), whose other files are published with it.
    pub bundle: Option<PathBuf>,
    /// The file's text, BOM removed and line ends normalised; positions refer to it.
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    pub slug: String,
    /// Span of the `slug` value, or of the opening `+++`, for duplicate-slug errors.
    pub slug_span: Range<usize>,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub variant: String,
    pub summary: String,
    pub authors: Vec<String>,
    pub collective: Option<String>,
    pub tags: Vec<String>,
    /// Where each tag is written in `text`.
    pub tag_spans: Vec<Range<usize>>,
    pub themes: Vec<String>,
    pub theme_spans: Vec<Range<usize>>,
    pub territory: Option<String>,
    pub territory_span: Range<usize>,
    pub organization: Option<String>,
    pub image: Option<String>,
    pub image_span: Range<usize>,
    pub image_alt: Option<String>,
    pub draft: bool,
    pub period: Option<String>,
    pub audience: Vec<String>,
    pub partners: Vec<String>,
    pub budget: Option<String>,
    pub contact: Option<String>,
    pub testimonies: Vec<Testimony>,
}

impl Fiche {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// 1-based line of the first body line in the file.
    pub fn body_line(&self) -> usize {
        self.text[..self.body_start].matches('\n').count() + 1
    }
}

/// Decodes a file's bytes: UTF-8 required, BOM dropped, CRLF turned into LF (which
/// keeps every line and column where the author sees it).
pub fn decode(bytes: &[u8], path: &Path, lang: Lang) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            s.replace("\r\n", "\n")
        } else {
            s.to_string()
        }),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let end = valid.len();
            Err(Diagnostic::error(lang.pick(
                "ce fichier n'est pas enregistré en UTF-8",
                "this file is not saved as UTF-8",
            ))
            .in_file(path)
            .at(&valid, end..end)
            .hint(lang.pick(
                "dans votre éditeur, choisissez « Enregistrer sous » avec l'encodage UTF-8",
                "in your editor, use \"Save as\" with the UTF-8 encoding",
            )))
        }
    }
}

/// Finds the TOML between the `+++` lines: returns its byte range and where the body
/// starts.
pub fn split(text: &str) -> Result<(Range<usize>, usize), SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(SplitError::NoOpening);
    }
    let mut pos = first.len();
    for line in lines {
        if line.trim_end() == "+++" {
            return Ok((first.len()..pos, pos + line.len()));
        }
        pos += line.len();
    }
    Err(SplitError::NoClosing)
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    NoOpening,
    NoClosing,
}

/// Reads a fiche from its decoded text. `default_slug` comes from the file or bundle
/// name. Returns the fiche whenever its front matter could be parsed, even with
/// errors in its fields, so that its body can still be checked; the caller publishes
/// it only when no diagnostic is an error.
pub fn parse(
    text: String,
    path: &Path,
    default_slug: &str,
    bundle: Option<PathBuf>,
    cfg: &Config,
) -> (Option<Fiche>, Vec<Diagnostic>) {
    let lang = cfg.language;
    if text.len() > MAX_BYTES {
        // Kilobytes rounded up, so that a file just over the limit does not read as equal to it.
        let kb = |n: usize| lang.number(n.div_ceil(1000));
        let (size, max) = (kb(text.len()), kb(MAX_BYTES));
        let d = Diagnostic::error(lang.pick(
            format!("ce fichier fait {size} Ko : une fiche ne peut pas dépasser {max} Ko"),
            format!("this file is {size} KB: a fiche may not exceed {max} KB"),
        ))
        .in_file(path)
        .hint(lang.pick(
            "une fiche fait d'ordinaire quelques dizaines de Ko : partagez ce texte en plusieurs fiches, et rangez images et documents à côté de la fiche (NOM/index.md) plutôt que dans son texte",
            "a fiche is usually a few tens of KB: split this text into several fiches, and keep images and documents next to the fiche (NAME/index.md) rather than inside its text",
        ));
        return (None, vec![d]);
    }
    let (toml_range, body_start) = match split(&text) {
        Ok(r) => r,
        Err(e) => {
            let (msg, hint) = match e {
                SplitError::NoOpening => (
                    lang.pick(
                        "la fiche doit commencer par une ligne `+++`",
                        "a fiche must start with a `+++` line",
                    ),
                    lang.pick(
                        "mettez en tête les informations de la fiche entre deux lignes `+++`, \
                         par exemple :\n+++\ntitle = \"...\"\ndate = 2024-03-14\n...\n+++",
                        "put the fiche's details first, between two `+++` lines, for \
                         example:\n+++\ntitle = \"...\"\ndate = 2024-03-14\n...\n+++",
                    ),
                ),
                SplitError::NoClosing => (
                    lang.pick(
                        "le bloc d'informations ouvert par `+++` n'est jamais fermé",
                        "the details block opened by `+++` is never closed",
                    ),
                    lang.pick(
                        "ajoutez une ligne `+++` seule après la dernière information, avant le texte",
                        "add a line holding only `+++` after the last detail, before the text",
                    ),
                ),
            };
            let end = text.find('\n').unwrap_or(text.len());
            let d = Diagnostic::error(msg)
                .in_file(path)
                .at(&text, 0..end)
                .hint(hint);
            return (None, vec![d]);
        }
    };
    let mut r = Reader::new(&text, toml_range.start, path, lang);
    let Some(table) = r.parse(&text[toml_range.clone()]) else {
        return (None, r.diags);
    };
    let mut f = Fiche {
        path: path.to_path_buf(),
        bundle,
        slug: default_slug.to_string(),
        ..Fiche::default()
    };
    read_fields(&mut r, &table, &mut f, cfg);
    let diags = r.diags;
    f.body_start = body_start;
    f.text = text;
    (Some(f), diags)
}

/// The opening `+++`, where problems of the block as a whole are shown.
const OPENING: Range<usize> = 0..3;

fn read_fields(r: &mut Reader, table: &DeTable, f: &mut Fiche, cfg: &Config) {
    let lang = r.lang;
    let missing: Vec<&str> = ["title", "date", "variant", "summary"]
        .into_iter()
        .filter(|k| !table.contains_key(*k))
        .collect();
    let signed = table.contains_key("authors") || table.contains_key("collective");
    // `authors = []` with no collective signs nothing either.
    let empty_authors = table
        .get("authors")
        .filter(|v| matches!(v.get_ref(), toml::de::DeValue::Array(a) if a.is_empty()))
        .map(Value::span)
        .filter(|_| !table.contains_key("collective"));

    // The variant decides which fields are allowed, so it is read first.
    let variant = table
        .get("variant")
        .and_then(|v| r.nonempty_string("variant", v));
    let variant_def = variant.as_deref().and_then(|v| cfg.variant(v));
    if let (Some(name), None) = (&variant, variant_def) {
        let names: Vec<&str> = cfg.variants.iter().map(|v| v.name.as_str()).collect();
        let span = table.get("variant").map(Value::span).unwrap_or_default();
        let mut d = Diagnostic::error(lang.pick(
            format!("variante inconnue \"{name}\""),
            format!("unknown variant \"{name}\""),
        ))
        .hint(lang.pick(
            format!("les variantes possibles sont : {}", quoted(&names)),
            format!("the possible variants are: {}", quoted(&names)),
        ));
        if let Some(best) = closest(name, names.iter().copied()) {
            d = d.label(lang.pick(
                format!("vouliez-vous dire \"{best}\" ?"),
                format!("did you mean \"{best}\"?"),
            ));
        }
        r.push(d, span);
    }
    if let Some(v) = &variant {
        f.variant = v.clone();
    }

    for (key, value) in table.iter() {
        let k: &str = key.get_ref();
        match k {
            "title" => f.title = r.nonempty_string(k, value).unwrap_or_default(),
            "date" => f.date = r.date(k, value),
            "updated" => f.updated = r.date(k, value),
            "variant" => {}
            "summary" => {
                f.summary = r.nonempty_string(k, value).unwrap_or_default();
                let n = f.summary.chars().count();
                if n > SUMMARY_MAX {
                    r.warning(
                        value.span(),
                        lang.pick(
                            format!("le résumé (`summary`) fait {n} caractères ; au-delà de {SUMMARY_MAX}, il est coupé dans les aperçus"),
                            format!("the summary (`summary`) is {n} characters long; past {SUMMARY_MAX} it gets cut in previews"),
                        ),
                        Some(lang.pick(
                            "gardez deux ou trois phrases : ce qui a été fait, et ce que ça a changé",
                            "keep two or three sentences: what was done, and what it changed",
                        )),
                    );
                }
            }
            "authors" => f.authors = r.string_list(k, value).unwrap_or_default(),
            "collective" => f.collective = r.nonempty_string(k, value),
            "tags" => (f.tags, f.tag_spans) = terms(r, key, value, MAX_TAGS),
            "themes" => (f.themes, f.theme_spans) = terms(r, key, value, MAX_THEMES),
            "territory" => {
                f.territory = r.nonempty_string(k, value);
                f.territory_span = value.span().start + r.offset..value.span().end + r.offset;
            }
            "organization" => f.organization = r.nonempty_string(k, value),
            "image" => {
                f.image = r.nonempty_string(k, value);
                f.image_span = value.span().start + r.offset..value.span().end + r.offset;
            }
            "image_alt" => f.image_alt = r.nonempty_string(k, value),
            "draft" => f.draft = r.bool(k, value).unwrap_or(false),
            "slug" => {
                if let Some(s) = r.nonempty_string(k, value) {
                    let slug = slugify(&s);
                    if slug.is_empty() {
                        r.error(
                            value.span(),
                            lang.pick(
                                "`slug` doit contenir des lettres ou des chiffres",
                                "`slug` must hold letters or digits",
                            ),
                            Some(lang.pick(
                                "par exemple : slug = \"ma-fiche\"",
                                "for example: slug = \"my-fiche\"",
                            )),
                        );
                    } else {
                        f.slug = slug;
                        f.slug_span = value.span().start + r.offset..value.span().end + r.offset;
                    }
                }
            }
            _ if SPECIFIC_FIELDS.contains(&k) => {
                if let Some(def) = variant_def
                    && !def.has_field(k)
                {
                    let owners: Vec<&str> = cfg
                        .variants
                        .iter()
                        .filter(|v| v.has_field(k))
                        .map(|v| v.name.as_str())
                        .collect();
                    r.error(
                        key.span(),
                        lang.pick(
                            format!(
                                "le champ `{k}` ne s'utilise pas dans une fiche \"{}\"",
                                def.name
                            ),
                            format!("the field `{k}` is not used in a \"{}\" fiche", def.name),
                        ),
                        Some(lang.pick(
                            format!(
                                "il appartient aux variantes {} ; retirez-le ou changez `variant`",
                                quoted(&owners)
                            ),
                            format!(
                                "it belongs to the variants {}; remove it or change `variant`",
                                quoted(&owners)
                            ),
                        )),
                    );
                    continue;
                }
                read_specific(r, k, value, f);
            }
            _ => {
                let known: Vec<&str> = known_fields().collect();
                r.unknown_key(
                    key.span(),
                    k,
                    &known,
                    &lang.pick("dans la fiche", "in the fiche"),
                );
            }
        }
    }

    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        r.error_in_file(
            OPENING,
            lang.pick(
                format!("il manque des informations obligatoires : {list}"),
                format!("required details are missing: {list}"),
            ),
            Some(lang.pick(
                "ajoutez-les entre les lignes `+++`, par exemple : summary = \"En deux phrases : ce qui a été fait et pourquoi.\"",
                "add them between the `+++` lines, for example: summary = \"In two sentences: what was done and why.\"",
            )),
        );
    }
    if let Some(def) = variant_def {
        let absent: Vec<String> = def
            .required_fields
            .iter()
            .filter(|k| !table.contains_key(k.as_str()))
            .map(|k| format!("`{k}`"))
            .collect();
        if !absent.is_empty() {
            let list = absent.join(", ");
            r.error_in_file(
                OPENING,
                lang.pick(
                    format!("une fiche « {} » doit indiquer : {list}", def.label),
                    format!("a \"{}\" fiche must give: {list}", def.label),
                ),
                Some(lang.pick(
                    "ces informations sont demandées par le réseau pour cette variante (fiches.toml, [variants])",
                    "the network asks for these details for this variant (fiches.toml, [variants])",
                )),
            );
        }
    }
    if let Some(span) = empty_authors {
        r.error(
            span,
            lang.pick("la fiche n'est pas signée : la liste `authors` est vide", "the fiche is not signed: the `authors` list is empty"),
            Some(lang.pick(
                "écrivez au moins un nom entre les crochets, `authors = [\"Prénom Nom\"]`, ou signez au nom d'un groupe : `collective = \"Nom du collectif\"`",
                "write at least one name between the brackets, `authors = [\"First Last\"]`, or sign as a group: `collective = \"Name of the collective\"`",
            )),
        );
    }
    if !signed {
        r.error_in_file(
            OPENING,
            lang.pick("la fiche n'est pas signée", "the fiche is not signed"),
            Some(lang.pick(
                "ajoutez `authors = [\"Prénom Nom\"]` ou, pour signer au nom d'un groupe, `collective = \"Nom du collectif\"`",
                "add `authors = [\"First Last\"]` or, to sign as a group, `collective = \"Name of the collective\"`",
            )),
        );
    }
    if f.image.is_some() && f.image_alt.is_none() {
        r.error_in_file(
            f.image_span.clone(),
            lang.pick(
                "l'image n'a pas de description (`image_alt`)",
                "the image has no description (`image_alt`)",
            ),
            Some(lang.pick(
                "décrivez ce que montre l'image pour les personnes qui ne la voient pas : image_alt = \"...\"",
                "describe what the image shows for people who cannot see it: image_alt = \"...\"",
            )),
        );
    }
    if let (Some(d), Some(u)) = (f.date, f.updated)
        && u < d
        && let Some(v) = table.get("updated")
    {
        r.warning(
            v.span(),
            lang.pick(
                "la date de mise à jour (`updated`) précède la date de la fiche",
                "the update date (`updated`) is before the fiche's date",
            ),
            None,
        );
    }
}

fn read_specific(r: &mut Reader, k: &str, value: &Value, f: &mut Fiche) {
    match k {
        "period" => f.period = r.nonempty_string(k, value),
        "budget" => f.budget = r.nonempty_string(k, value),
        "contact" => f.contact = r.nonempty_string(k, value),
        "audience" => f.audience = r.string_list(k, value).unwrap_or_default(),
        "partners" => f.partners = r.string_list(k, value).unwrap_or_default(),
        "testimonies" => {
            for item in r.tables(k, value) {
                if let Some(t) = testimony(r, item) {
                    f.testimonies.push(t);
                }
            }
        }
        _ => {}
    }
}

fn testimony(r: &mut Reader, item: &Value) -> Option<Testimony> {
    let lang = r.lang;
    let toml::de::DeValue::Table(t) = item.get_ref() else {
        return None;
    };
    let (mut name, mut role, mut quote, mut consent) = (None, None, None, None);
    for (key, value) in t.iter() {
        let k: &str = key.get_ref();
        match k {
            "name" => name = r.nonempty_string(k, value),
            "role" => role = r.nonempty_string(k, value),
            "quote" => quote = r.nonempty_string(k, value),
            "consent" => consent = Some((r.bool(k, value), value.span())),
            _ => r.unknown_key(
                key.span(),
                k,
                &TESTIMONY_FIELDS,
                &lang.pick("dans un témoignage", "in a testimony"),
            ),
        }
    }
    let mut ok = true;
    for (missing, key) in [
        (name.is_none() && !t.contains_key("name"), "name"),
        (quote.is_none() && !t.contains_key("quote"), "quote"),
    ] {
        if missing {
            ok = false;
            r.error(
                item.span(),
                lang.pick(
                    format!("il manque `{key}` dans ce témoignage"),
                    format!("this testimony has no `{key}`"),
                ),
                Some(lang.pick(
                    "un témoignage a un `name`, une `quote` (à la première personne) et `consent = true`",
                    "a testimony has a `name`, a `quote` (in the first person) and `consent = true`",
                )),
            );
        }
    }
    let consent_hint = lang.pick(
        "une parole à la première personne n'est publiée qu'avec l'accord de la personne : \
         une fois cet accord obtenu, écrivez consent = true",
        "a first-person quote is published only with the person's agreement: once you have \
         it, write consent = true",
    );
    match consent {
        Some((Some(true), _)) => {}
        Some((Some(false), span)) => {
            ok = false;
            r.error(
                span,
                lang.pick(
                    "ce témoignage n'a pas le consentement de la personne (`consent = false`)",
                    "this testimony lacks the person's consent (`consent = false`)",
                ),
                Some(consent_hint),
            );
        }
        Some((None, _)) => ok = false,
        None => {
            ok = false;
            r.error(
                item.span(),
                lang.pick(
                    "ce témoignage ne dit pas si la personne a donné son accord (`consent`)",
                    "this testimony does not say whether the person agreed (`consent`)",
                ),
                Some(consent_hint),
            );
        }
    }
    Some(Testimony {
        name: name?,
        role,
        quote: quote?,
    })
    .filter(|_| ok)
}

/// Tags, themes and the like: texts that must give a usable slug, at most `max` of
/// them. Returns the terms (repeats dropped) and each one's span in the file.
fn terms(
    r: &mut Reader,
    key: &toml::Spanned<std::borrow::Cow<str>>,
    value: &Value,
    max: usize,
) -> (Vec<String>, Vec<Range<usize>>) {
    let lang = r.lang;
    let k: &str = key.get_ref();
    let list = r.string_list_spanned(k, value).unwrap_or_default();
    let (mut out, mut spans): (Vec<String>, Vec<Range<usize>>) = (Vec::new(), Vec::new());
    // Each term is slugified once and looked up: comparing every term with every
    // other made a list of 10 000 tags take seconds.
    let mut seen: HashSet<String> = HashSet::with_capacity(list.len());
    for (term, span) in list {
        let slug = slugify(&term);
        if slug.is_empty() {
            r.error_in_file(
                span,
                lang.pick(
                    format!("le terme \"{term}\" de `{k}` ne contient ni lettre ni chiffre"),
                    format!("the term \"{term}\" in `{k}` holds no letter or digit"),
                ),
                Some(lang.pick(
                    "utilisez un mot, par exemple \"accueil\"",
                    "use a word, for example \"welcome\"",
                )),
            );
        } else if seen.insert(slug) {
            out.push(term);
            spans.push(span);
        }
    }
    if out.len() > max {
        let n = out.len();
        let (message, hint) = if k == "themes" {
            (
                lang.pick(
                    format!("la fiche a {} (`themes`) : {max} au plus", lang.count(n, "thème", "thèmes")),
                    format!("the fiche has {} (`themes`): {max} at most", lang.count(n, "theme", "themes")),
                ),
                lang.pick(
                    "les thèmes sont les grands sujets du site : gardez ceux dont la fiche parle vraiment, et mettez les autres mots en `tags`",
                    "themes are the site's main subjects: keep those the fiche is really about, and put other words in `tags`",
                ),
            )
        } else {
            (
                lang.pick(
                    format!("la fiche a {} (`{k}`) : {max} au plus", lang.count(n, "mot-clé", "mots-clés")),
                    format!("the fiche has {} (`{k}`): {max} at most", lang.count(n, "tag", "tags")),
                ),
                lang.pick(
                    "un mot-clé sert à relier des fiches entre elles : gardez ceux qui aident vraiment à retrouver celle-ci",
                    "a tag links fiches together: keep those that really help find this one",
                ),
            )
        };
        r.error(key.span(), message, Some(hint));
        // The fiche is not published; the terms kept only bound what is still done with it.
        out.truncate(max);
        spans.truncate(max);
    }
    (out, spans)
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(front: &str, body: &str) -> (Option<Fiche>, Vec<Diagnostic>) {
        let (cfg, _) = crate::config::parse("title = \"t\"");
        let text = format!(
            "+++\ntitle = \"T\"\ndate = 2024-03-14\nvariant = \"factual\"\nsummary = \"S.\"\nauthors = [\"A\"]\n{front}+++\n{body}"
        );
        parse(text, Path::new("content/a.md"), "a", None, &cfg.unwrap())
    }

    #[test]
    fn repeated_terms_fold_to_their_first_spelling() {
        let (f, diags) = read(
            "tags = [\"Été\", \"autre\", \"ete\", \"ÉTÉ\", \"Autre\"]\n",
            "",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let f = f.unwrap();
        assert_eq!(f.tags, ["Été", "autre"]);
        assert_eq!(f.tag_spans.len(), 2);
    }

    #[test]
    fn too_many_terms_are_an_error_at_the_key() {
        // Ten thousand distinct tags, each written twice: the repeats are dropped, the
        // count is of distinct terms, and only the limit is kept.
        let list: Vec<String> = (0..20_000)
            .map(|i| format!("\"Mot {}\"", i % 10_000))
            .collect();
        let themes: Vec<String> = (0..21).map(|i| format!("\"Thème {i}\"")).collect();
        let (f, diags) = read(
            &format!(
                "tags = [{}]\nthemes = [{}]\n",
                list.join(", "),
                themes.join(", ")
            ),
            "",
        );
        let f = f.unwrap();
        assert_eq!((f.tags.len(), f.themes.len()), (MAX_TAGS, MAX_THEMES));
        let got: Vec<_> = diags
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    7,
                    1,
                    "la fiche a 10\u{a0}000 mots-clés (`tags`) : 50 au plus"
                ),
                (8, 1, "la fiche a 21 thèmes (`themes`) : 20 au plus"),
            ]
        );
        assert!(diags.iter().all(Diagnostic::is_error));
        // At the limit, no error.
        let list: Vec<String> = (0..MAX_TAGS).map(|i| format!("\"Mot {i}\"")).collect();
        let (_, diags) = read(&format!("tags = [{}]\n", list.join(", ")), "");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_whole() {
        let front = "";
        let head = read(front, "").0.unwrap().text.len();
        let (f, diags) = read(front, &"x".repeat(MAX_BYTES - head));
        assert!(f.is_some() && diags.is_empty(), "{diags:?}");
        let (f, diags) = read(front, &"x".repeat(MAX_BYTES - head + 1));
        assert!(f.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "ce fichier fait 1\u{a0}001 Ko : une fiche ne peut pas dépasser 1\u{a0}000 Ko"
        );
        assert_eq!(diags[0].location(), "content/a.md");
    }
}
