//! A save from the editor's form: checked like `fiches check`, refused when it does
//! not come from this server's page or when the file changed since, then written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::answer::{errors, refuse};
use super::conflict::{diff, hash};
use super::request::{Destination, Form, compose, read_form};
use super::{Answer, Editor, Written, image, no, verify, write};
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
        self.try_save(known, host, origin, body).unwrap_or_else(no)
    }

    fn try_save(
        &self,
        known: &Known,
        host: Option<&str>,
        origin: Option<&str>,
        body: &[u8],
    ) -> Result<(Answer, Option<Written>), Answer> {
        let (cfg, lang) = (&known.cfg, known.cfg.language);
        let req = self.admit(host, origin, body, lang)?;
        let mut form = read_form(req, cfg)?;
        let photo = image::attach(&form.req, lang)?;
        // From reading the file to writing it, one save at a time.
        let _one = self
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dest = self.destination(known, &form, photo.is_some(), lang)?;
        let placed = match &photo {
            Some((p, alt)) => Some(self.place_photo(&dest, p, alt, &mut form, lang)?),
            None => None,
        };
        let undo = || {
            if let Some(p) = &placed {
                p.undo();
            }
        };
        let checked =
            compose(&dest, &form, cfg, lang).and_then(|text| self.verify(&dest, &form, text, lang));
        let text = checked.inspect_err(|_| undo())?;
        let saved = write::save(&dest.full, &dest.style.apply(&text), dest.is_new());
        if saved.is_err() {
            undo();
        }
        if saved.is_ok()
            && let Some(old) = &dest.gone
        {
            // The fiche now lives in its folder: its single file goes.
            let _ = std::fs::remove_file(self.site_dir.join(old));
        }
        match saved {
            Ok(()) => Ok(self.saved(dest.rel, text, cfg)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken(&dest.rel, lang)),
            Err(e) => Err(refuse(
                500,
                lang.pick(
                    format!("Écriture impossible : {e}"),
                    format!("Cannot write: {e}"),
                ),
            )),
        }
    }

    /// The request, when it comes from this server's page with this run's token.
    fn admit(
        &self,
        host: Option<&str>,
        origin: Option<&str>,
        body: &[u8],
        lang: Lang,
    ) -> Result<Map<String, Value>, Answer> {
        if !self.own_host(host) || !self.own_origin(origin) {
            return Err(refuse(
                403,
                lang.pick(
                    "Enregistrement refusé : la demande ne vient pas de cette page.",
                    "Save refused: the request does not come from this page.",
                ),
            ));
        }
        let Ok(req) = serde_json::from_slice::<Map<String, Value>>(body) else {
            return Err(refuse(
                400,
                lang.pick("Demande illisible.", "Unreadable request."),
            ));
        };
        if req.get("token").and_then(Value::as_str) != Some(self.token.as_str()) {
            return Err(refuse(
                403,
                lang.pick(
                    "Enregistrement refusé : cette page est trop ancienne. Rechargez-la.",
                    "Save refused: this page is too old. Reload it.",
                ),
            ));
        }
        Ok(req)
    }

    /// The file a save writes: the one the form was opened on (or the folder a cover
    /// photo moves it to), or a new one named after the title, never over another.
    fn destination(
        &self,
        known: &Known,
        form: &Form,
        photo: bool,
        lang: Lang,
    ) -> Result<Destination, Answer> {
        let (rel, current, gone, style) = match form.req.get("path").and_then(Value::as_str) {
            Some(rel) => {
                let (text, style) = self.current(rel, &form.req, lang)?;
                if photo && !image::in_folder(rel) {
                    (
                        image::folder_of(rel),
                        Some(text),
                        Some(rel.to_string()),
                        style,
                    )
                } else {
                    (rel.to_string(), Some(text), None, style)
                }
            }
            None => {
                let rel = new_file(known, form, photo, lang)?;
                (rel, None, None, write::Style::default())
            }
        };
        let Some(full) = write::target(&self.site_dir, &rel) else {
            return Err(refuse(
                403,
                lang.pick(
                    "Ce fichier ne peut pas être écrit ici.",
                    "This file cannot be written here.",
                ),
            ));
        };
        let dest = Destination {
            rel,
            full,
            current,
            gone,
            style,
        };
        let there = dest.full.symlink_metadata().is_ok();
        if dest.gone.is_some() && there {
            let rel = &dest.rel;
            return Err(errors(
                vec![(
                    "image".into(),
                    lang.pick(
                        format!("Avec une photo, la fiche irait dans {rel}, mais ce fichier existe déjà : rien n'a été écrit. Enregistrez sans la photo, ou rangez d'abord la fiche dans un dossier à elle."),
                        format!("With a photo, the sheet would go to {rel}, but that file exists already: nothing was written. Save without the photo, or first put the sheet in a folder of its own."),
                    ),
                )],
                None,
            ));
        }
        if dest.is_new() && there {
            return Err(taken(&dest.rel, lang));
        }
        Ok(dest)
    }

    /// Writes the cover photo beside the fiche, and names it in the values.
    fn place_photo<'c>(
        &self,
        dest: &Destination,
        photo: &image::Photo,
        alt: &str,
        form: &mut Form<'c>,
        lang: Lang,
    ) -> Result<image::Placed, Answer> {
        let dir = dest.full.parent().unwrap_or(&self.site_dir);
        match image::place(dir, photo) {
            Ok(placed) => {
                form.values.insert("image".into(), json!(placed.name));
                form.values.insert("image_alt".into(), json!(alt));
                form.keys.extend(["image", "image_alt"]);
                Ok(placed)
            }
            Err(err) => Err(refuse(
                500,
                lang.pick(
                    format!("Écriture de la photo impossible : {err}"),
                    format!("Cannot write the photo: {err}"),
                ),
            )),
        }
    }

    /// `text` when `fiches check` finds nothing wrong with the site once it is written.
    fn verify(
        &self,
        dest: &Destination,
        form: &Form,
        text: String,
        lang: Lang,
    ) -> Result<String, Answer> {
        let change = verify::Change {
            rel: Path::new(&dest.rel),
            text: &text,
            gone: dest.gone.as_deref().map(Path::new),
        };
        let mut problems = verify::errors(&self.site_dir, &change, Some(form.variant), lang);
        if problems.is_empty() {
            return Ok(text);
        }
        if let Some(old) = &dest.gone {
            let rel = &dest.rel;
            problems.insert(0, (String::new(), lang.pick(
                format!("Avec une photo de couverture, la fiche passe de {old} à {rel}, un dossier à elle : ses liens ont été récrits pour partir de ce dossier, mais ce qui suit empêche encore ce déplacement. Corrigez-le, ou enregistrez sans la photo."),
                format!("With a cover photo, the sheet moves from {old} to {rel}, a folder of its own: its links were rewritten to start from that folder, but what follows still prevents the move. Fix it, or save without the photo."),
            )));
        }
        Err(errors(problems, None))
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
            let conflict = |a: Answer| Answer { status: 409, ..a };
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
        let draft = parsed.as_ref().is_some_and(|f| f.draft);
        let shown = parsed.is_some() && (self.drafts || !draft);
        let url = match parsed.filter(|_| shown) {
            Some(f) => format!("/{}", crate::paths::fiche_dir(&f.slug)),
            None => "/".to_string(),
        };
        // `draft`: the page the form leads to says the fiche is saved, and as what.
        let json = json!({ "ok": true, "url": url, "path": rel, "draft": draft });
        let written = shown.then(|| Written {
            rel: PathBuf::from(&rel),
            text,
        });
        (Answer::json(200, &json), written)
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

/// A new fiche (or folder) whose address or file another fiche has.
fn taken(what: &str, lang: Lang) -> Answer {
    errors(
        vec![(
            "title".into(),
            lang.pick(
                format!("Une fiche porte déjà l'adresse {what} (peut-être un brouillon) : choisissez un autre titre."),
                format!("A sheet already has the address {what} (perhaps a draft): choose another title."),
            ),
        )],
        None,
    )
}

/// The file a new fiche is written to, named after its title (in a folder of its own
/// with a cover photo): refused when the title has no letter or digit, or when its
/// address is taken.
fn new_file(known: &Known, form: &Form, photo: bool, lang: Lang) -> Result<String, Answer> {
    let title = form
        .values
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("");
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        return Err(errors(
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
        return Err(taken(&crate::paths::fiche_dir(&slug), lang));
    }
    Ok(match photo {
        true => format!("content/{slug}/index.md"),
        false => format!("content/{slug}.md"),
    })
}
