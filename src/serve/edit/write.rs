//! Turning the form's values into a fiche file: an existing front matter is edited in
//! place with `toml_edit` (comments, key order and the keys the form does not show
//! stay exactly as they were); a new fiche is written whole, as a draft. Files are
//! replaced atomically and only inside `content/`.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::config::Config;
use crate::schema::{FORM_FIELDS, FieldType};

/// Sets (or removes, when the form left them empty) the `keys` of `doc` from `values`.
fn set_all(doc: &mut DocumentMut, keys: &[&str], values: &Map<String, Value>, cfg: &Config) {
    for &key in keys {
        let item = values.get(key).and_then(|v| to_item(key, v, cfg));
        match item {
            // What the form leaves as it was stays as it is written: its comments,
            // its quotes, a list over several lines, a testimony's notes.
            Some(item) if doc.get(key).is_some_and(|old| same(old, &item)) => {}
            Some(item) => {
                // Replacing the value keeps the key, its comments and its place.
                match doc.get_mut(key) {
                    Some(slot) if slot.is_value() && item.is_value() => {
                        let decor = slot.as_value().map(|v| v.decor().clone());
                        *slot = item;
                        if let (Some(d), Some(v)) = (decor, slot.as_value_mut()) {
                            *v.decor_mut() = d;
                        }
                    }
                    _ => {
                        doc.remove(key);
                        doc.insert(key, item);
                    }
                }
            }
            None => {
                doc.remove(key);
            }
        }
    }
}

/// The keys whose value the form sent but that cannot be written as the schema types
/// them (a date or a number that is not one): dropping them would lose what was typed,
/// so the save is refused with them.
pub fn untyped<'a>(keys: &[&'a str], values: &Map<String, Value>, cfg: &Config) -> Vec<&'a str> {
    fn blank(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            Value::Array(a) => a.iter().all(blank),
            _ => false,
        }
    }
    keys.iter()
        .copied()
        .filter(|k| {
            values
                .get(*k)
                .is_some_and(|v| !blank(v) && to_item(k, v, cfg).is_none())
        })
        .collect()
}

/// Whether two items hold the same value, however each is written.
fn same(a: &Item, b: &Item) -> bool {
    let plain = |item: &Item| {
        let mut doc = DocumentMut::new();
        doc.insert("v", item.clone());
        toml::from_str::<toml::Table>(&doc.to_string())
            .ok()
            .and_then(|mut t| t.remove("v"))
    };
    plain(a).is_some_and(|a| Some(a) == plain(b))
}

/// The TOML of one value from the form, typed as the schema says.
fn to_item(key: &str, v: &Value, cfg: &Config) -> Option<Item> {
    if key == "testimonies" {
        let mut aot = ArrayOfTables::new();
        for t in v.as_array()? {
            let mut table = Table::new();
            for k in ["name", "role", "quote"] {
                if let Some(s) = t.get(k).and_then(Value::as_str).map(str::trim)
                    && !s.is_empty()
                {
                    table.insert(k, text(s));
                }
            }
            let consent = t.get("consent").and_then(Value::as_bool).unwrap_or(false);
            table.insert("consent", value(consent));
            aot.push(table);
        }
        return (!aot.is_empty()).then_some(Item::ArrayOfTables(aot));
    }
    let kind = cfg.field(key).map(|f| f.kind).unwrap_or(FieldType::Text);
    match kind {
        FieldType::List | FieldType::Choices => {
            let items: Array = v
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(text_value)
                .collect();
            (!items.is_empty()).then(|| value(items))
        }
        FieldType::Date => {
            let text = v.as_str()?.trim();
            let date: toml_edit::Datetime = text.parse().ok()?;
            Some(value(date))
        }
        // A form's `datetime-local` gives no seconds (`2026-03-12T19:00`).
        FieldType::DateTime => {
            let text = v.as_str()?.trim();
            let full = match text.len() {
                16 => format!("{text}:00"),
                _ => text.to_string(),
            };
            let at: toml_edit::Datetime = full.parse().ok()?;
            Some(value(at))
        }
        FieldType::Number => match v {
            Value::Number(n) => n.as_i64().map(value).or_else(|| n.as_f64().map(value)),
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .map(value)
                .ok()
                .or_else(|| s.trim().parse::<f64>().ok().map(value)),
            _ => None,
        },
        FieldType::Bool => v.as_bool().map(value),
        _ => {
            let s = v.as_str()?.trim();
            (!s.is_empty()).then(|| text(s))
        }
    }
}

/// A string value. One written over several lines must not hold a line `+++`, which
/// would close the front matter: such a one is written on one line, its line ends
/// escaped.
fn text(s: &str) -> Item {
    Item::Value(text_value(s))
}

fn text_value(s: &str) -> toml_edit::Value {
    if !s.lines().any(|l| l.trim_end() == "+++") {
        return s.into();
    }
    let mut quoted = String::with_capacity(s.len() + 2);
    quoted.push('"');
    for c in s.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted.parse().unwrap_or_else(|_| s.into())
}

/// `text` with its front matter's `keys` set from `values` and its body replaced.
pub fn edit(
    text: &str,
    keys: &[&str],
    values: &Map<String, Value>,
    body: &str,
    cfg: &Config,
) -> Result<String, String> {
    let (range, _) = crate::fiche::split(text).map_err(|_| "front matter".to_string())?;
    let mut doc: DocumentMut = text[range].parse().map_err(|e| format!("{e}"))?;
    set_all(&mut doc, keys, values, cfg);
    Ok(format!(
        "+++\n{}+++\n{body}",
        ensure_newline(doc.to_string())
    ))
}

/// A new fiche: its values in a stable order, `draft = true` unless the form chose to
/// publish it (`draft` sent empty), then its body.
pub fn create(keys: &[&str], values: &Map<String, Value>, body: &str, cfg: &Config) -> String {
    let mut doc = DocumentMut::new();
    // The common fields first, the variant right after the date; the others follow.
    let mut order: Vec<&str> = FORM_FIELDS.to_vec();
    order.insert(2, "variant");
    let first = order.clone();
    order.extend(
        keys.iter()
            .filter(|k| !first.contains(k) && **k != "testimonies"),
    );
    set_all(&mut doc, &order, values, cfg);
    if !matches!(values.get("draft"), Some(Value::Null)) {
        doc.insert("draft", value(true));
    }
    set_all(&mut doc, &["testimonies"], values, cfg);
    format!("+++\n{}+++\n{body}", ensure_newline(doc.to_string()))
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// How a file writes what the build reads alike: a BOM, CRLF line ends. A save keeps
/// them, so that the author's editor, and a comparison of versions, see only what
/// changed.
#[derive(Clone, Copy, Default)]
pub struct Style {
    bom: bool,
    crlf: bool,
}

impl Style {
    /// How `raw` is written, and its text as the build reads it (no BOM, `\n`).
    pub fn of(raw: &str) -> (String, Style) {
        let text = raw.strip_prefix('\u{feff}');
        let bom = text.is_some();
        let text = text.unwrap_or(raw);
        let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
        (text.replace("\r\n", "\n"), Style { bom, crlf })
    }

    /// The bytes of `text` (as the build reads it) written this way.
    pub fn apply(self, text: &str) -> Vec<u8> {
        let mut out = String::with_capacity(text.len() + text.len() / 16 + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            out.push_str(&text.replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out.into_bytes()
    }
}

/// Where a fiche may be written: `content/…/NAME.md`, plain names only, the folder
/// inside the site once links are followed, and no link at the file itself.
pub fn target(site: &Path, rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    let in_content = path.starts_with("content") && path.components().count() >= 2;
    // Whatever the site reads as a fiche (`.md`, `.MD`), and nothing else.
    let md = crate::sources::is_markdown(path);
    if !plain || !in_content || !md || rel.contains('\\') {
        return None;
    }
    let full = site.join(path);
    let content = std::fs::canonicalize(site.join("content")).ok()?;
    let mut parent = full.parent()?.to_path_buf();
    // The folder may not exist yet (a new fiche folder): its nearest existing parent counts.
    while !parent.exists() {
        parent = parent.parent()?.to_path_buf();
    }
    let inside = std::fs::canonicalize(&parent).ok()?.starts_with(&content);
    (inside && !full.is_symlink()).then_some(full)
}

/// Replaces `path` with `bytes` in one step; with `new`, never over an existing file.
/// The bytes go first into a temporary file of a name no other save uses, created
/// exclusively and never through a link, so that a link planted in the folder is
/// never followed and two saves never share a file.
pub fn save(path: &Path, bytes: &[u8], new: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = temporary(dir, &name)?;
    let mut write = || -> std::io::Result<()> {
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        if new {
            // A link fails when the name is taken: a new file never replaces one.
            std::fs::hard_link(&tmp, path)
        } else {
            std::fs::rename(&tmp, path)
        }
    };
    let result = write();
    if new || result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new temporary file beside `name` in `dir`, of a name no one else uses: made with
/// `O_EXCL` (an existing file or link of that name makes it fail, and another name is
/// tried) and `O_NOFOLLOW`.
fn temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut last = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(
            ".{name}.fiches-edit-{}-{n}-{}",
            std::process::id(),
            super::secret()
        ));
        match open_new(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary name")))
}

/// Creates `path` for writing, failing when anything (a file, a link, even one that
/// leads nowhere) already has that name.
pub(super) fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        crate::config::parse("title = \"t\"\n[fields.bilan]\ntype = \"date\"\n[variants.factual]\nfields = [\"bilan\", \"period\"]\n")
            .0
            .unwrap()
    }

    #[test]
    fn comments_order_and_other_keys_are_kept() {
        let text = "+++\n# Le titre, tel qu'il apparaît.\ntitle = \"Ancien\"  # à revoir\ndate = 2024-03-14\nvariant = \"factual\"\nslug = \"garde\"\n# La période\nperiod = \"2023\"\ntags = [\"a\"]\n+++\n\n## Contexte\n\nTexte.\n";
        let values: Map<String, Value> = serde_json::from_str(
            r#"{"title": "Nouveau", "date": "2024-04-01", "variant": "factual", "tags": ["a", "b"], "bilan": "2024-06-30"}"#,
        )
        .unwrap();
        let keys = ["title", "date", "variant", "tags", "period", "bilan"];
        let out = edit(text, &keys, &values, "\n## Contexte\n\nAutre.\n", &cfg()).unwrap();
        assert!(
            out.contains("# Le titre, tel qu'il apparaît.\ntitle = \"Nouveau\"  # à revoir\n"),
            "{out}"
        );
        assert!(out.contains("date = 2024-04-01\n"));
        assert!(
            out.contains("slug = \"garde\"\n"),
            "keys the form does not show stay"
        );
        assert!(!out.contains("period"), "a field emptied in the form goes");
        assert!(out.contains("tags = [\"a\", \"b\"]"));
        assert!(out.contains("bilan = 2024-06-30"));
        let title_at = out.find("title").unwrap();
        assert!(
            title_at < out.find("date").unwrap()
                && out.find("date").unwrap() < out.find("slug").unwrap()
        );
        assert!(out.ends_with("+++\n\n## Contexte\n\nAutre.\n"));
    }

    #[test]
    fn a_new_fiche_is_a_draft_with_its_testimonies_last() {
        let values: Map<String, Value> = serde_json::from_str(
            r#"{"title": "Le \"jardin\"", "date": "2024-04-01", "variant": "storytelling", "summary": "S.", "authors": ["A"],
                "testimonies": [{"name": "Nadia", "quote": "Je viens.", "consent": true}]}"#,
        )
        .unwrap();
        let out = create(
            &["testimonies"],
            &values,
            "\n## Le récit\n\nTexte.\n",
            &cfg(),
        );
        assert!(
            out.starts_with(
                "+++\ntitle = 'Le \"jardin\"'\ndate = 2024-04-01\nvariant = \"storytelling\"\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("draft = true\n\n[[testimonies]]\nname = \"Nadia\""),
            "{out}"
        );
        let (f, diags) = crate::fiche::parse(
            out,
            Path::new("content/x.md"),
            "x",
            None,
            &crate::config::parse("title = \"t\"").0.unwrap(),
        );
        assert!(
            f.is_some() && diags.iter().all(|d| !d.is_error()),
            "{diags:?}"
        );
    }

    #[test]
    fn writes_stay_in_content() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/a")).unwrap();
        assert!(target(tmp.path(), "content/a/b.md").is_some());
        assert!(target(tmp.path(), "content/nouveau/index.md").is_some());
        for bad in [
            "content/../fiches.toml",
            "/etc/passwd.md",
            "static/x.md",
            "content/a/b.txt",
            "content",
            "content/a\\..\\b.md",
        ] {
            assert!(target(tmp.path(), bad).is_none(), "{bad}");
        }
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("content/lien")).unwrap();
        assert!(target(tmp.path(), "content/lien/x.md").is_none());
        std::os::unix::fs::symlink("/etc/hostname", tmp.path().join("content/h.md")).unwrap();
        assert!(target(tmp.path(), "content/h.md").is_none());
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("content/x.md");
        save(&p, b"un", true).unwrap();
        assert!(save(&p, b"deux", true).is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "un");
        save(&p, b"trois", false).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "trois");
        assert_eq!(
            std::fs::read_dir(tmp.path().join("content"))
                .unwrap()
                .count(),
            1
        );
    }

    #[test]
    fn a_new_file_is_never_made_through_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("cible.txt");
        std::fs::write(&target, "à garder").unwrap();
        let link = tmp.path().join("lien");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(open_new(&link).is_err());
        let dangling = tmp.path().join("nulle-part");
        std::os::unix::fs::symlink(tmp.path().join("absent"), &dangling).unwrap();
        assert!(open_new(&dangling).is_err());
        assert!(!tmp.path().join("absent").exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "à garder");
        // Saves never share a temporary file, and leave none.
        let p = tmp.path().join("x.md");
        std::thread::scope(|s| {
            for i in 0..16 {
                let p = &p;
                s.spawn(move || save(p, format!("v{i}").as_bytes(), false).unwrap());
            }
        });
        let text = std::fs::read_to_string(&p).unwrap();
        assert!((0..16).any(|i| text == format!("v{i}")), "{text}");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 4);
    }

    #[test]
    fn a_value_never_closes_the_front_matter() {
        let values: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "title": "T", "date": "2024-04-01", "variant": "factual",
            "summary": "Un\n+++\ndraft = false\n\"\\\u{7f}\u{0}", "authors": ["A\n+++\nB"],
        }))
        .unwrap();
        let out = create(&[], &values, "\nTexte.\n", &cfg());
        let (f, diags) =
            crate::fiche::parse(out.clone(), Path::new("content/x.md"), "x", None, &cfg());
        assert!(diags.iter().all(|d| !d.is_error()), "{out}\n{diags:?}");
        let f = f.unwrap();
        assert_eq!(f.summary, "Un\n+++\ndraft = false\n\"\\\u{7f}\u{0}");
        assert_eq!(f.authors, ["A\n+++\nB"]);
        assert!(f.draft, "{out}");
    }
}
