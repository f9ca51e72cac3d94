//! Helpers shared by the integration tests: small sites written into temp folders.
#![allow(dead_code)]

pub mod live;

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

    /// [`Site::new`] from files a test made as owned strings.
    pub fn owned(files: &[(String, String)]) -> Site {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Site::new(&refs)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Puts `bytes` at `rel` whole, at once (written beside the site, then renamed in):
    /// a running `serve` never reads it half written, so one save gives one rebuild.
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let stage = tempfile::NamedTempFile::new_in(self.path().parent().unwrap()).unwrap();
        std::fs::write(stage.path(), bytes).unwrap();
        stage.persist(p).unwrap();
    }

    /// Writes `rel` again, its modification time set a second past the one it had:
    /// a build sees it changed whatever the file system's clock granularity, without
    /// waiting for the clock to move.
    pub fn rewrite(&self, rel: &str, bytes: &[u8]) {
        let p = self.path().join(rel);
        let before = std::fs::metadata(&p).and_then(|m| m.modified()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        let file = std::fs::File::options().write(true).open(&p).unwrap();
        file.set_modified(before + std::time::Duration::from_secs(1))
            .unwrap();
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

    /// Builds as on the day `day` (`YYYY-MM-DD`, at UTC noon) and fails the test
    /// unless the site is built: what the agenda's tests compare against.
    pub fn build_on(&self, day: &str) -> fiches::Report {
        let now: jiff::Timestamp = format!("{day}T12:00:00Z").parse().unwrap();
        let r = self.build_with(fiches::BuildOptions {
            now: Some(now),
            ..Default::default()
        });
        assert!(r.built.is_some(), "{:?}", r.diagnostics);
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

/// A running `fiches serve` of a site, on a free port; stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the real binary's `serve` on `site` and waits for its address.
pub fn serve(site: &Site) -> Server {
    serve_with(site, &[])
}

/// [`serve`] with more arguments (`--bind 127.0.0.2`, `--drafts`).
pub fn serve_with(site: &Site, args: &[&str]) -> Server {
    serve_in_env(site, args, &[])
}

/// [`serve_with`] with more variables in its environment (`FICHES_TEST_PANIC_AT`).
pub fn serve_in_env(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Server {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(["serve", site.path().to_str().unwrap(), "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .split_once("http://")
        .and_then(|(_, r)| r.strip_suffix('/'))
        .and_then(|r| r.rsplit_once(':'))
        .map(|(_, port)| port)
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .parse()
        .unwrap();
    Server { child, port }
}

/// Whether the browser checks can run here (`npm ci --prefix tests/browser`,
/// Chromium, Node, and Java for the HTML checker when `java`). When something is
/// missing they are skipped with a note saying what, unless `FICHES_BROWSER_TESTS=1`
/// (set by CI) demands them.
pub fn browser_ready(what: &str, java: bool) -> bool {
    use std::process::Command;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        missing.push("npm ci --prefix tests/browser");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push("apt-get install -y chromium");
    }
    if java && Command::new("java").arg("-version").output().is_err() {
        missing.push("apt-get install -y default-jre-headless");
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js");
    }
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("FICHES_BROWSER_TESTS").is_none(),
        "browser checks required but missing: {missing:?}"
    );
    eprintln!("{what} skipped; to run them: {}", missing.join(", "));
    false
}

/// A real PNG image of `width` × `height` pixels (photos are decoded and re-encoded).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(width, height);
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Sends one request; returns the status and the body.
pub fn request(port: u16, head: &str, body: &str) -> (u16, String) {
    request_to("127.0.0.1", port, head, body)
}

/// [`request`] to a server listening on another address (`127.0.0.2`).
pub fn request_to(ip: &str, port: u16, head: &str, body: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect((ip, port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let msg = format!(
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    std::io::Write::write_all(&mut s, msg.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut s, &mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (h, b) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = h
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, b.to_string())
}

/// The example site built into a new temporary folder: (the folder, its output).
pub fn build_example() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report = fiches::build(
        &root.join("content-example"),
        &fiches::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        },
    );
    assert!(report.built.is_some(), "{:?}", report.diagnostics);
    (tmp, out)
}

/// Copies a folder and everything under it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Whether a check by a third-party tool (a validator, a packager) can run: when
/// `missing` says what is not there, a note, or a failure where CI demands the tools
/// (`FICHES_TOOL_TESTS=1`).
pub fn tool_ready(what: &str, missing: Option<&str>) -> bool {
    let Some(missing) = missing else {
        return true;
    };
    assert!(
        std::env::var_os("FICHES_TOOL_TESTS").is_none(),
        "{what} required but missing: {missing}"
    );
    eprintln!("{what} skipped; to run it: {missing}");
    false
}

/// The text of `html` from the first `from` to the next `to` (or its end).
pub fn between<'h>(html: &'h str, from: &str, to: &str) -> &'h str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// Runs a check script (`node tests/browser/….mjs …`) and asserts that it ended well
/// and printed `passed` ("page checks passed"); `what` leads its output on a failure.
pub fn passes(cmd: &mut std::process::Command, passed: &str, what: &str) {
    let result = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{what}{stdout}\n{stderr}");
    assert!(stdout.contains(passed), "{what}{stdout}");
}
