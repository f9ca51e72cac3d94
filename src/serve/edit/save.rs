//! A save from the editor's form: checked like `fiches check`, refused when it does
//! not come from this server's page or when the file changed since, then written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::answer::{errors, refuse};
use super::conflict::{diff, hash};
use super::{Answer, Editor, Written, image, no, relink, values, verify, write};
use crate::config::Config;
use crate::lang::Lang;
use crate::project::Project;

impl Editor {
    /// A save from the form: checked, written, or refused with the reasons. With the
    /// answer, the file written when the site will show it, so that the answer can
    /// wait for the rebuild and the page it leads to is the new one.
    pub fn save(
        &self,
        known: &Known,
        host: Option<&str>,
        origin: Option<&str>,
        body: &[u8],
    ) -> (Answer, Option<Written>) {
        let lang = known.cfg.language;
        if !self.own_host(host) || !self.own_origin(origin) {
            return no(refuse(
                403,
                lang.pick(
                    "Enregistrement refusé : la demande ne vient pas de cette page.",
                    "Save refused: the request does not come from this page.",
                ),
            ));
        }
        let Ok(req) = serde_json::from_slice::<Map<String, Value>>(body) else {
            return no(refuse(
                400,
                lang.pick("Demande illisible.", "Unreadable request."),
            ));
        };
        if req.get("token").and_then(Value::as_str) != Some(self.token.as_str()) {
            return no(refuse(
                403,
                lang.pick(
                    "Enregistrement refusé : cette page est trop ancienne. Rechargez-la.",
                    "Save refused: this page is too old. Reload it.",
                ),
            ));
        }
        let cfg = &known.cfg;
        let mut values = req
            .get("values")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let variant_name = values.get("variant").and_then(Value::as_str).unwrap_or("");
        let Some(variant) = cfg.variant(variant_name) else {
            return no(errors(
                vec![(
                    "variant".into(),
                    lang.pick("Choisissez un type de fiche.", "Choose a kind of fiche."),
                )],
                None,
            ));
        };
        let sections: Vec<(String, String)> = req
            .get("sections")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| {
                        Some((
                            s.get("title")?.as_str()?.to_string(),
                            lf(s.get("text")?.as_str()?),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let extra = &lf(req.get("extra").and_then(Value::as_str).unwrap_or(""));
        // The keys the form shows for this variant: what it may set or clear.
        let mut keys: Vec<&str> = vec!["variant"];
        keys.extend(crate::schema::FORM_FIELDS);
        for f in &cfg.fields {
            if variant.has_field(&f.key) && !keys.contains(&f.key.as_str()) {
                keys.push(&f.key);
            }
        }
        let wrong = write::untyped(&keys, &values, cfg);
        if !wrong.is_empty() {
            let says = lang.pick(
                "Cette valeur ne peut pas être enregistrée telle quelle : une date s'écrit comme 2024-03-14, un nombre avec des chiffres.",
                "This value cannot be saved as it is: a date is written like 2024-03-14, a number with digits.",
            );
            return no(errors(
                wrong
                    .iter()
                    .map(|k| (k.to_string(), says.to_string()))
                    .collect(),
                None,
            ));
        }
        // A cover photo: the fiche then lives in a folder, with the photo beside it.
        let photo = match image::attach(&req, lang) {
            Ok(p) => p,
            Err(answer) => return no(answer),
        };
        // From reading the file to writing it, one save at a time.
        let _one = self
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A new fiche is written plainly; an edited one as its file was (`Style`).
        let mut style = write::Style::default();
        let (rel, current, gone) = match req.get("path").and_then(Value::as_str) {
            Some(rel) => match self.current(rel, &req, lang) {
                Ok((text, was)) if photo.is_some() && !image::in_folder(rel) => {
                    style = was;
                    (image::folder_of(rel), Some(text), Some(rel.to_string()))
                }
                Ok((text, was)) => {
                    style = was;
                    (rel.to_string(), Some(text), None)
                }
                Err(answer) => return no(answer),
            },
            None => {
                let title = values.get("title").and_then(Value::as_str).unwrap_or("");
                let slug = crate::slug::slugify(title);
                if slug.is_empty() {
                    return no(errors(
                        vec![(
                            "title".into(),
                            lang.pick(
                                "Le titre doit contenir au moins une lettre ou un chiffre.",
                                "The title must hold at least one letter or digit.",
                            ),
                        )],
                        None,
                    ));
                }
                if known.taken.contains(&slug) {
                    return no(taken(&crate::paths::fiche_dir(&slug), lang));
                }
                let rel = match photo {
                    Some(_) => format!("content/{slug}/index.md"),
                    None => format!("content/{slug}.md"),
                };
                (rel, None, None)
            }
        };
        let Some(full) = write::target(&self.site_dir, &rel) else {
            return no(refuse(
                403,
                lang.pick(
                    "Ce fichier ne peut pas être écrit ici.",
                    "This file cannot be written here.",
                ),
            ));
        };
        let new = current.is_none() || gone.is_some();
        if gone.is_some() && full.symlink_metadata().is_ok() {
            return no(errors(
                vec![(
                    "image".into(),
                    lang.pick(
                        format!("Avec une photo, la fiche irait dans {rel}, mais ce fichier existe déjà : rien n'a été écrit. Enregistrez sans la photo, ou rangez d'abord la fiche dans un dossier à elle."),
                        format!("With a photo, the fiche would go to {rel}, but that file exists already: nothing was written. Save without the photo, or first put the fiche in a folder of its own."),
                    ),
                )],
                None,
            ));
        }
        if new && full.symlink_metadata().is_ok() {
            return no(taken(&rel, lang));
        }
        let placed = match &photo {
            Some((p, alt)) => match image::place(full.parent().unwrap_or(&self.site_dir), p) {
                Ok(placed) => {
                    values.insert("image".into(), json!(placed.name));
                    values.insert("image_alt".into(), json!(alt));
                    keys.extend(["image", "image_alt"]);
                    Some(placed)
                }
                Err(err) => {
                    return no(refuse(
                        500,
                        lang.pick(
                            format!("Écriture de la photo impossible : {err}"),
                            format!("Cannot write the photo: {err}"),
                        ),
                    ));
                }
            },
            None => None,
        };
        let undo = || {
            if let Some(p) = &placed {
                p.undo();
            }
        };
        // An edited fiche keeps its own order; a new one is laid out by the form.
        let mut body = current
            .as_deref()
            .and_then(|now| {
                let (_, start) = crate::fiche::split(now).ok()?;
                values::in_place(now.get(start..)?, Some(variant), &sections, extra)
            })
            .unwrap_or_else(|| values::join(&sections, extra));
        if gone.is_some() {
            body = relink::one_folder_down(&body);
        }
        let text = match &current {
            Some(now) => match write::edit(now, &keys, &values, &body, cfg) {
                Ok(t) => t,
                Err(_) => {
                    undo();
                    return no(refuse(422, lang.pick("Les informations de ce fichier sont illisibles : corrigez-le dans un éditeur de texte.", "This file's details cannot be read: fix it in a text editor.")));
                }
            },
            None => write::create(&keys, &values, &body, cfg),
        };
        let change = verify::Change {
            rel: Path::new(&rel),
            text: &text,
            gone: gone.as_deref().map(Path::new),
        };
        let mut problems = verify::errors(&self.site_dir, &change, Some(variant), lang);
        if !problems.is_empty() {
            undo();
            if let Some(old) = &gone {
                problems.insert(0, (String::new(), lang.pick(
                    format!("Avec une photo de couverture, la fiche passe de {old} à {rel}, un dossier à elle : ses liens ont été récrits pour partir de ce dossier, mais ce qui suit empêche encore ce déplacement. Corrigez-le, ou enregistrez sans la photo."),
                    format!("With a cover photo, the fiche moves from {old} to {rel}, a folder of its own: its links were rewritten to start from that folder, but what follows still prevents the move. Fix it, or save without the photo."),
                )));
            }
            return no(errors(problems, None));
        }
        let saved = write::save(&full, &style.apply(&text), new);
        if saved.is_err() {
            undo();
        }
        if saved.is_ok()
            && let Some(old) = &gone
        {
            // The fiche now lives in its folder: its single file goes.
            let _ = std::fs::remove_file(self.site_dir.join(old));
        }
        match saved {
            Ok(()) => self.saved(rel, text, cfg),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => no(taken(&rel, lang)),
            Err(e) => no(refuse(
                500,
                lang.pick(
                    format!("Écriture impossible : {e}"),
                    format!("Cannot write: {e}"),
                ),
            )),
        }
    }

    /// The text of the file a form edits, when it is the one the form was opened on, as
    /// the build reads it, and how the file writes it.
    fn current(
        &self,
        rel: &str,
        req: &Map<String, Value>,
        lang: Lang,
    ) -> Result<(String, write::Style), Answer> {
        let Some(full) = write::target(&self.site_dir, rel) else {
            return Err(refuse(
                403,
                lang.pick(
                    "Ce fichier ne peut pas être modifié ici.",
                    "This file cannot be edited here.",
                ),
            ));
        };
        use crate::sources::{FICHE_ON_DISK, Limited, fiche_too_large, read_at_most};
        let current = match read_at_most(&full, FICHE_ON_DISK) {
            Ok(Limited::Read(bytes)) => bytes,
            Ok(Limited::Over(size)) => {
                let d = fiche_too_large(Path::new(rel), size, lang);
                return Err(refuse(422, d.message));
            }
            Err(_) => {
                return Err(refuse(
                    404,
                    lang.pick("Le fichier a disparu.", "The file is gone."),
                ));
            }
        };
        let expected = req.get("hash").and_then(Value::as_str).unwrap_or("");
        if hash(&current) != expected {
            let before = self
                .opened
                .lock()
                .ok()
                .and_then(|o| o.get(expected).cloned());
            let now = String::from_utf8_lossy(&current);
            let changes = before.map(|b| diff(&b, &now));
            // 409: the request is sound, the file is not the one it was made from.
            let conflict = |(_, ctype, body): Answer| (409, ctype, body);
            return Err(conflict(errors(
                vec![(String::new(), lang.pick(
                    "Le fichier a changé depuis l'ouverture du formulaire (un autre éditeur, une mise à jour) : rien n'a été écrit. Rechargez la page pour repartir de la nouvelle version ; copiez d'abord ce que vous voulez garder.",
                    "The file changed since the form was opened (another editor, an update): nothing was written. Reload the page to start from the new version; copy first what you want to keep.",
                ))],
                changes,
            )));
        }
        match String::from_utf8(current) {
            Ok(text) => Ok(write::Style::of(&text)),
            Err(_) => Err(refuse(422, lang.pick("Ce fichier n'est pas du texte UTF-8 : enregistrez-le en UTF-8 dans un éditeur de texte.", "This file is not UTF-8 text: save it as UTF-8 in a text editor."))),
        }
    }

    /// The answer to a save written: where its page is, and what the rebuild must show.
    fn saved(&self, rel: String, text: String, cfg: &Config) -> (Answer, Option<Written>) {
        let parsed = crate::fiche::parse(
            text.clone(),
            Path::new(&rel),
            &crate::content::default_slug(Path::new(&rel)).1,
            None,
            cfg,
        )
        .0;
        let shown = parsed.as_ref().is_some_and(|f| self.drafts || !f.draft);
        let url = match parsed.filter(|_| shown) {
            Some(f) => format!("/{}", crate::paths::fiche_dir(&f.slug)),
            None => "/".to_string(),
        };
        let json = json!({ "ok": true, "url": url, "path": rel });
        let written = shown.then(|| Written {
            rel: PathBuf::from(&rel),
            text,
        });
        (
            (200, "application/json", json.to_string().into_bytes()),
            written,
        )
    }
}

/// What a save needs of the site shown, taken from it at once: the slow part of a save
/// (the check) never holds the site, which the rebuilds must be able to replace.
pub struct Known {
    pub cfg: Config,
    /// The addresses of every fiche, drafts included.
    taken: HashSet<String>,
}

impl Known {
    pub fn of(project: &Project) -> Known {
        let slugs = project.site.fiches.iter().map(|f| f.slug.clone());
        Known {
            cfg: project.site.config.clone(),
            taken: slugs.chain(project.draft_slugs.iter().cloned()).collect(),
        }
    }
}

/// A text with its line ends as the build reads them (`\n`), so that what is written is
/// what the rebuilt site holds.
fn lf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A new fiche (or folder) whose address or file another fiche has.
fn taken(what: &str, lang: Lang) -> Answer {
    errors(
        vec![(
            "title".into(),
            lang.pick(
                format!("Une fiche porte déjà l'adresse {what} (peut-être un brouillon) : choisissez un autre titre."),
                format!("A fiche already has the address {what} (perhaps a draft): choose another title."),
            ),
        )],
        None,
    )
}
