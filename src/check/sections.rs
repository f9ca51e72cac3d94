//! The `##` sections a variant requires or recommends: missing required ones are
//! errors, recommended ones warnings; headings match ignoring case and accents.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::slug::slugify;

/// Required sections missing from the headings of `f`'s rendered body
/// ([`Fiche::sections`]) are errors, recommended ones warnings; headings match
/// ignoring case and accents.
pub fn check(cfg: &Config, f: &Fiche, diags: &mut Vec<Diagnostic>) {
    let Some(v) = f.variant_in(cfg) else {
        return;
    };
    let lang = cfg.language;
    let have: Vec<String> = f.sections.iter().map(|s| slugify(s)).collect();
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
                    "required sections are missing for a \"{}\" sheet: {}",
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
                "these headings help readers find the same landmarks from one sheet to the next",
            )),
        );
    }
}
