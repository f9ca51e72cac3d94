//! Embeds the default theme (`themes/default/`) in the binary, so the binary alone
//! builds a site: one `include_bytes!` per file, listed at compile time. The
//! contribution form's view is written as several scripts, one job each
//! (`themes/default/scripts/contribute/`), and served as one (`static/contribute.js`):
//! the page loads it with one `<script>` and one request, from the disk as well.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = root.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    files.retain(|(rel, _)| !rel.starts_with("scripts/"));
    for (served, dir, parts) in ASSEMBLED {
        files.push((
            served.to_string(),
            assemble(&theme.join(dir), dir, parts, &out),
        ));
    }
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        // Not the files made here: they are newer than this run, every time.
        if !abs.starts_with(&out) {
            println!("cargo:rerun-if-changed={}", abs.display());
        }
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    code.push_str(&format!(
        "pub static PROGRAM: u64 = {:#018x};\n",
        program(&root)
    ));
    std::fs::write(out.join("embedded_theme.rs"), code).expect("OUT_DIR is writable");
}

/// The scripts served as one file: where, from which folder of the theme, and the
/// parts in the order they run (each registers what it makes; the last one starts).
const ASSEMBLED: &[(&str, &str, &[&str])] = &[(
    "static/contribute.js",
    "scripts/contribute",
    &[
        "dom.js",
        "fields.js",
        "list.js",
        "groups.js",
        "layout.js",
        "errors.js",
        "result.js",
        "save.js",
        "page.js",
    ],
)];

/// The parts of `dir` joined into one file of `out`; its path. A file of `dir` that
/// `parts` does not list stops the build: it would silently be left out.
fn assemble(dir: &Path, rel: &str, parts: &[&str], out: &Path) -> PathBuf {
    let mut present: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut listed: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    listed.sort();
    assert_eq!(
        present, listed,
        "build.rs lists the parts of themes/default/{rel}"
    );
    let mut text = format!(
        "// Made by fiches from themes/default/{rel}/ (its parts, in order): edit those.\n"
    );
    for part in parts {
        let path = dir.join(part);
        println!("cargo:rerun-if-changed={}", path.display());
        let part =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.push_str(&part);
    }
    let file = out.join(rel.replace('/', "-") + ".js");
    std::fs::write(&file, text).expect("OUT_DIR is writable");
    file
}

/// A fingerprint of the program's own sources (`src/`, `build.rs`, the manifest and
/// the lock file): the builds of a site kept beside its output hold only for the
/// program that made them, and a program rebuilt from changed code keeps its version
/// number. FNV-1a over each file's path and bytes, in path order.
fn program(root: &Path) -> u64 {
    let mut files = Vec::new();
    for rel in ["build.rs", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={rel}");
        files.push((rel.to_string(), root.join(rel)));
    }
    println!("cargo:rerun-if-changed=src");
    let src = root.join("src");
    collect(root, &src, &mut files);
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (rel, path) in &files {
        eat(rel.as_bytes());
        // A lock file absent (a crate packaged without it) is a fingerprint too.
        eat(&std::fs::read(path).unwrap_or_default());
    }
    h
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
}
