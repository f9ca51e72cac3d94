//! Helpers shared by the integration tests: small sites written into temp folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site with a minimal French `fiches.toml` (with a `base_url`) unless `files` gives one.
    pub fn new(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        if !files.iter().any(|(p, _)| *p == "fiches.toml") {
            std::fs::write(
                dir.path().join("fiches.toml"),
                "title = \"Réseau test\"\nbase_url = \"https://exemple.org/reseau/\"\n",
            )
            .unwrap();
        }
        let site = Site { dir };
        for (path, text) in files {
            site.write(path, text.as_bytes());
        }
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn build(&self) -> fiches::Report {
        self.build_with(fiches::BuildOptions::default())
    }

    pub fn build_with(&self, opts: fiches::BuildOptions) -> fiches::Report {
        let r = fiches::build(self.path(), &opts);
        let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(
            r.built.is_some() || !errors.is_empty(),
            "a failed build always says why"
        );
        r
    }

    /// Builds and fails the test on any error.
    pub fn build_ok(&self) -> fiches::Report {
        let r = self.build();
        let errors: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
        assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
        r
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// A fiche with the given extra front matter lines and body.
pub fn fiche(title: &str, date: &str, variant: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nvariant = \"{variant}\"\nsummary = \"Résumé de {title}.\"\nauthors = [\"Aïcha\"]\n{extra}\n+++\n{body}\n"
    )
}

/// Every file under `dir`, with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
