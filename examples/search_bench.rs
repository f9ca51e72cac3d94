//! Measures the search index's build alone, on a real site (e.g. a 10,000-fiche
//! corpus): the site is read and rendered once, then the index is built `--runs`
//! times; prints the median and the range, in milliseconds.
//!
//! ```sh
//! cargo run --release --example corpus -- --n 10000 --out /tmp/c10k
//! cargo run --release --example search_bench -- --site /tmp/c10k [--runs 7]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use fiches::project::{Options, Project};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let Some(site) = arg("--site").map(PathBuf::from) else {
        eprintln!("usage: search_bench --site DIR [--runs N]");
        std::process::exit(2);
    };
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(7);
    let sources = fiches::sources::scan(&site).load();
    let Ok(project) = Project::assemble(sources, &Options::default()) else {
        eprintln!("the site has errors: run `fiches check` on it");
        std::process::exit(1);
    };
    let dates = project.theme.dates();
    let mut times = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    let mut files = 0;
    for _ in 0..runs {
        let (start, cpu_start) = (Instant::now(), cpu_ms());
        let pages = fiches::search::build(&project.site, &dates);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms() - cpu_start);
        files = pages.len();
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!(
        "{} fiches, {files} index files: median {:.0} ms ({:.0}–{:.0}), CPU {:.0} ms, {runs} runs",
        project.site.fiches.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        cpu[cpu.len() / 2],
    );
}

/// CPU time of this process (user and system, every thread), in milliseconds.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are 14 and 15.
    let after = stat.rsplit_once(')').map_or("", |(_, a)| a);
    let ticks: f64 = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<f64>().ok())
        .sum();
    ticks * 10.0
}
