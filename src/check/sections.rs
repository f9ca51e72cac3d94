//! The `##` sections a variant requires or recommends: missing required ones are
//! errors, recommended ones warnings; headings match ignoring case and accents.

use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::site::Site;
use crate::slug::slugify;

/// Required sections missing are errors, recommended ones warnings; headings match
/// ignoring case and accents.
pub fn check_sections(site: &Site, f: &Fiche, found: &[String], diags: &mut Vec<Diagnostic>) {
    let Some(v) = f.variant_in(&site.config) else {
        return;
    };
    let lang = site.config.language;
    let have: Vec<String> = found.iter().map(|s| slugify(s)).collect();
    let missing = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|s| !have.contains(&slugify(s)))
            .map(|s| format!("« ## {s} »"))
            .collect()
    };
    let required = missing(&v.required_sections);
    if !required.is_empty() {
        diags.push(
            Diagnostic::error(lang.pick(
                format!(
                    "il manque des parties obligatoires pour une fiche « {} » : {}",
                    v.label,
                    required.join(", ")
                ),
                format!(
                    "required sections are missing for a \"{}\" fiche: {}",
                    v.label,
                    required.join(", ")
                ),
            ))
            .in_file(&f.path)
            .hint(lang.pick(
                "ajoutez chaque titre sur sa propre ligne, suivi de son texte",
                "add each heading on its own line, followed by its text",
            )),
        );
    }
    let recommended = missing(&v.recommended_sections);
    if !recommended.is_empty() {
        diags.push(
            Diagnostic::warning(lang.pick(
                format!("parties conseillées absentes : {}", recommended.join(", ")),
                format!("recommended sections are missing: {}", recommended.join(", ")),
            ))
            .in_file(&f.path)
            .hint(lang.pick(
                "ces titres aident les lecteurs à retrouver les mêmes repères d'une fiche à l'autre",
                "these headings help readers find the same landmarks from one fiche to the next",
            )),
        );
    }
}
