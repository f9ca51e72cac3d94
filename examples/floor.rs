//! The floor of a build, for `bench/compare.sh`: what any generator of the same site
//! must at least do on this disk. It reads every file of the site's sources, then
//! writes files of the sizes a real output has, at its paths, making the folders that
//! are missing; in parallel, like `fiches`. Nothing is rendered.
//!
//! ```sh
//! cargo run --release --example floor -- plan OUTPUT > plan.txt    # sizes and paths of a built site
//! cargo run --release --example floor -- write SITE plan.txt DEST [--sync]
//! ```
//!
//! `write` over a DEST it wrote before overwrites the files in place (the floor of a
//! full build over the previous output); into a missing or empty DEST it makes every
//! folder and file (the floor of a build into an empty folder). `--sync` then waits for
//! the file system to have it all on the disk (`syncfs`), as `fiches` does when it wrote
//! many files; `--fsync` flushes each file and folder instead.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

const USAGE: &str =
    "usage: floor plan OUTPUT > PLAN | floor write SITE PLAN DEST [--sync | --fsync]";

fn files(root: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => todo.push(e.path()),
                Ok(t) if t.is_file() => all.push(e.path()),
                _ => {}
            }
        }
    }
    all
}

fn plan(out: &Path) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    for f in files(out) {
        let size = std::fs::metadata(&f)?.len();
        let rel = f.strip_prefix(out).unwrap_or(&f);
        writeln!(w, "{size} {}", rel.display())?;
    }
    w.flush()
}

#[derive(Clone, Copy, PartialEq)]
enum Sync {
    No,
    /// The whole file system at the end (`syncfs`).
    All,
    /// Each file written, then each folder (`fsync`).
    Each,
}

fn write(site: &Path, plan: &Path, dest: &Path, sync: Sync) -> std::io::Result<()> {
    let read: u64 = files(site)
        .par_iter()
        .map(|f| std::fs::read(f).map(|b| b.len() as u64).unwrap_or(0))
        .sum();
    let plan = std::fs::read_to_string(plan)?;
    let entries: Vec<(usize, &str)> = plan
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(s, p)| Some((s.parse().ok()?, p)))
        .collect();
    let mut dirs: Vec<&Path> = entries
        .iter()
        .filter_map(|(_, p)| Path::new(p).parent())
        .collect();
    dirs.sort();
    dirs.dedup();
    std::fs::create_dir_all(dest)?;
    dirs.par_iter().try_for_each(|d| {
        let d = dest.join(d);
        if d.is_dir() {
            Ok(())
        } else {
            std::fs::create_dir_all(d)
        }
    })?;
    let largest = entries.iter().map(|(s, _)| *s).max().unwrap_or(0);
    let bytes = vec![b'x'; largest];
    entries
        .par_iter()
        .try_for_each(|(size, p)| std::fs::write(dest.join(p), &bytes[..*size]))?;
    match sync {
        Sync::No => {}
        Sync::All => rustix::fs::syncfs(std::fs::File::open(dest)?)?,
        Sync::Each => {
            // Many at once: the journal commits the waiting ones together.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(64)
                .build()
                .map_err(std::io::Error::other)?;
            pool.install(|| {
                entries
                    .par_iter()
                    .map(|(_, p)| dest.join(p))
                    .chain(dirs.par_iter().map(|d| dest.join(d)))
                    .try_for_each(|p| std::fs::File::open(p)?.sync_all())
            })?;
        }
    }
    eprintln!(
        "read {read} bytes of sources, wrote {} files in {} folders",
        entries.len(),
        dirs.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let done = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["plan", out] => plan(Path::new(out)),
        ["write", site, plan, dest] => {
            write(Path::new(site), Path::new(plan), Path::new(dest), Sync::No)
        }
        ["write", site, plan, dest, "--sync"] => {
            write(Path::new(site), Path::new(plan), Path::new(dest), Sync::All)
        }
        ["write", site, plan, dest, "--fsync"] => write(
            Path::new(site),
            Path::new(plan),
            Path::new(dest),
            Sync::Each,
        ),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}
