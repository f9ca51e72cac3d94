//! An event in `fiches.json`: its dates with their offsets, its zone, place,
//! attendance, status, recurrence rule and calendar file, for other programs.

use serde_json::{Value, json};

use crate::fiche::Fiche;
use crate::paths;
use crate::site::Site;

/// The `event` object of fiche `f`, when it is one.
pub(super) fn event_json(site: &Site, f: &Fiche) -> Option<Value> {
    let e = f.event.as_ref()?;
    let base = site.config.base_url.as_deref().unwrap_or_default();
    Some(json!({
        "start": e.with_offset(e.start),
        "end": e.end.and_then(|end| e.with_offset(end)),
        "timezone": e.zone,
        "attendance": e.attendance.name(),
        "place": e.place,
        "address": e.address,
        "town": e.town,
        "online_url": e.online_url,
        "registration": e.registration,
        "price": e.price,
        "status": e.status.name(),
        "organizers": e.organizers,
        "recurrence": e.recurrence.as_ref().map(|r| r.text()),
        "ics": format!("{base}{}", paths::event_ics(&f.slug)),
    }))
}
