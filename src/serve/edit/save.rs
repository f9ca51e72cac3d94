//! A save from the editor's form: checked like `fiches check`, refused when it does
//! not come from this server's page or when the file changed since, then written.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::answer::{check, errors, refuse};
use super::conflict::{diff, hash};
use super::{Answer, Editor, Written, image, no, values, write};
use crate::project::Project;

impl Editor {
    /// A save from the form: checked, written, or refused with the reasons. With the
    /// answer, the file written when the site will show it, so that the answer can
    /// wait for the rebuild and the page it leads to is the new one.
    pub fn save(
        &self,
        project: &Project,
        host: Option<&str>,
        origin: Option<&str>,
        body: &[u8],
    ) -> (Answer, Option<Written>) {
        let lang = project.site.config.language;
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
        let cfg = &project.site.config;
        let values = req
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
                            s.get("text")?.as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let extra = req.get("extra").and_then(Value::as_str).unwrap_or("");
        // The keys the form shows for this variant: what it may set or clear.
        let mut keys: Vec<&str> = vec!["variant"];
        keys.extend(crate::schema::FORM_FIELDS);
        for f in &cfg.fields {
            if variant.has_field(&f.key) && !keys.contains(&f.key.as_str()) {
                keys.push(&f.key);
            }
        }
        // A cover photo: the fiche then lives in a folder, with the photo beside it.
        let photo = match image::attach(&req, lang) {
            Ok(p) => p,
            Err(answer) => return no(answer),
        };
        let mut values = values;
        if let Some((p, alt)) = &photo {
            values.insert("image".into(), json!(p.name));
            values.insert("image_alt".into(), json!(alt));
            keys.extend(["image", "image_alt"]);
        }
        let mut moved_from: Option<PathBuf> = None;
        let path = req.get("path").and_then(Value::as_str);
        let (rel, text, new) = match path {
            Some(rel) => {
                let Some(full) = write::target(&self.site_dir, rel) else {
                    return no(refuse(
                        403,
                        lang.pick(
                            "Ce fichier ne peut pas être modifié ici.",
                            "This file cannot be edited here.",
                        ),
                    ));
                };
                let Ok(current) = std::fs::read(&full) else {
                    return no(refuse(
                        404,
                        lang.pick("Le fichier a disparu.", "The file is gone."),
                    ));
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
                    return no(errors(
                        vec![(String::new(), lang.pick(
                            "Le fichier a changé depuis l'ouverture du formulaire (un autre éditeur, une mise à jour) : rien n'a été écrit. Rechargez la page pour repartir de la nouvelle version ; copiez d'abord ce que vous voulez garder.",
                            "The file changed since the form was opened (another editor, an update): nothing was written. Reload the page to start from the new version; copy first what you want to keep.",
                        ))],
                        changes,
                    ));
                }
                let now = String::from_utf8_lossy(&current).into_owned();
                let body = values::join(&sections, extra);
                match write::edit(&now, &keys, &values, &body, cfg) {
                    Ok(t) if photo.is_some() && !image::in_folder(rel) => {
                        moved_from = Some(full);
                        (image::folder_of(rel), t, true)
                    }
                    Ok(t) => (rel.to_string(), t, false),
                    Err(_) => return no(refuse(422, lang.pick("Les informations de ce fichier sont illisibles : corrigez-le dans un éditeur de texte.", "This file's details cannot be read: fix it in a text editor."))),
                }
            }
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
                let rel = match photo {
                    Some(_) => format!("content/{slug}/index.md"),
                    None => format!("content/{slug}.md"),
                };
                let body = values::join(&sections, extra);
                (rel, write::create(&keys, &values, &body, cfg), true)
            }
        };
        let problems = check(project, &rel, &text);
        if !problems.is_empty() {
            return no(errors(problems, None));
        }
        let Some(full) = write::target(&self.site_dir, &rel) else {
            return no(refuse(
                403,
                lang.pick(
                    "Ce fichier ne peut pas être écrit ici.",
                    "This file cannot be written here.",
                ),
            ));
        };
        let placed = match &photo {
            Some((p, _)) => match image::place(&full, p) {
                Ok(placed) => Some(placed),
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
        let saved = write::save(&full, text.as_bytes(), new);
        if saved.is_err()
            && let Some(placed) = &placed
        {
            placed.undo();
        }
        if saved.is_ok()
            && let Some(old) = &moved_from
        {
            // The fiche now lives in its folder: its single file goes.
            let _ = std::fs::remove_file(old);
        }
        match saved {
            Ok(()) => {
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
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => no(errors(
                vec![(
                    "title".into(),
                    lang.pick(
                        format!(
                            "Une fiche porte déjà l'adresse {rel} : choisissez un autre titre."
                        ),
                        format!("A fiche already has the address {rel}: choose another title."),
                    ),
                )],
                None,
            )),
            Err(e) => no(refuse(
                500,
                lang.pick(
                    format!("Écriture impossible : {e}"),
                    format!("Cannot write: {e}"),
                ),
            )),
        }
    }
}
