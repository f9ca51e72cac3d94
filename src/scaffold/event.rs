//! The lines of a new event that `fiches new --variant événement` writes: when it
//! starts (required) and where, the others commented out with what they are for.

use crate::lang::{Date, Lang};
use crate::schema::{Variant, event_fields};

/// (comment, entry) for each event field `variant` carries, in the schema's order:
/// `start` and, for an on-site event, `place` filled in to be replaced; the rest
/// commented out.
pub(super) fn lines(
    variant: &Variant,
    lang: Lang,
    today: Date,
    placeholder: &str,
) -> Vec<(String, String)> {
    let today = today.iso();
    event_fields(lang)
        .into_iter()
        .filter(|f| variant.has_field(&f.key))
        .map(|f| {
            let (active, value) = match f.key.as_str() {
                "start" => (true, format!("{today}T19:00:00")),
                "end" => (false, format!("{today}T21:00:00")),
                "attendance" => (true, "\"on-site\"".to_string()),
                "place" => (true, format!("\"{placeholder}\"")),
                "timezone" => (false, format!("\"{}\"", crate::agenda::DEFAULT_ZONE)),
                "status" => (false, "\"scheduled\"".to_string()),
                "online_url" => (false, "\"https://visio.exemple.org/salle\"".to_string()),
                "organizers" => (false, "[\"\"]".to_string()),
                "recurrence" => (false, format!("\"{}\"", crate::agenda::rule::EXAMPLE)),
                _ => (false, "\"\"".to_string()),
            };
            let mut comment = format!("{} : {}", f.label, f.help);
            if !f.values.is_empty() {
                let list: Vec<String> = f.values.iter().map(|v| format!("\"{v}\"")).collect();
                comment.push_str(&lang.pick(
                    format!(" Valeurs possibles : {}.", list.join(", ")),
                    format!(" Possible values: {}.", list.join(", ")),
                ));
            }
            let entry = format!("{}{} = {value}", if active { "" } else { "# " }, f.key);
            (comment, entry)
        })
        .collect()
}
