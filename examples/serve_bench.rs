//! Measures `fiches serve`'s authoring loop: the time from saving a fiche to the
//! reload event reaching a browser, on a real site (e.g. a 10,000-fiche corpus).
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example corpus -- --n 10000 --out /tmp/c10k
//! cargo run --release --example serve_bench -- --site /tmp/c10k [--runs 30] [--bin target/release/fiches]
//! ```
//! Each run edits the body of one fiche (a different one each time), then, every
//! fifth run, its title, which also re-renders the lists it appears in. Prints the
//! median and the 90th percentile of both kinds, and the first build's time; and
//! the time from saving to the search index holding the edit (its `search` event).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn fiches_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            fiches_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(site) = arg(&args, "--site").map(PathBuf::from) else {
        eprintln!("usage: serve_bench --site DIR [--runs N] [--bin PATH]");
        std::process::exit(2);
    };
    let runs: usize = arg(&args, "--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    let bin = arg(&args, "--bin").unwrap_or_else(|| "target/release/fiches".into());

    let mut files = Vec::new();
    fiches_under(&site.join("content"), &mut files);
    assert!(!files.is_empty(), "no fiche under {}", site.display());

    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["serve", site.to_str().unwrap_or("."), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("fiches binary");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let first_build = started.elapsed();
    let port: u16 = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");

    let mut sse = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    sse.write_all(b"GET /__fiches/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("subscribe");
    let (tx, rx) = mpsc::channel::<Instant>();
    let (stx, srx) = mpsc::channel::<Instant>();
    std::thread::spawn(move || {
        for l in BufReader::new(sse).lines() {
            let sent = match l {
                Ok(l) if l.starts_with("data: reload") => tx.send(Instant::now()).is_ok(),
                Ok(l) if l.starts_with("data: search") => stx.send(Instant::now()).is_ok(),
                Ok(_) => true,
                Err(_) => false,
            };
            if !sent {
                break;
            }
        }
    });
    // The whole site's index, built in the background after the first build.
    let indexed = srx
        .recv_timeout(Duration::from_secs(300))
        .map(|t| t - started);
    std::thread::sleep(Duration::from_millis(500));
    let mut search = Vec::new();

    let (mut body, mut title) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let file = &files[(i * 7919) % files.len()];
        let text = std::fs::read_to_string(file).expect("read fiche");
        let edited = if i % 5 == 4 {
            text.replacen("title = \"", &format!("title = \"Revu {i} — "), 1)
        } else {
            format!("{text}\nUne phrase ajoutée pendant la mesure {i}.\n")
        };
        while rx.try_recv().is_ok() {}
        while srx.try_recv().is_ok() {}
        let t0 = Instant::now();
        std::fs::write(file, edited).expect("write fiche");
        let Ok(t1) = rx.recv_timeout(Duration::from_secs(30)) else {
            eprintln!("run {i}: no reload event within 30 s");
            continue;
        };
        let ms = (t1 - t0).as_secs_f64() * 1000.0;
        if i % 5 == 4 {
            title.push(ms)
        } else {
            body.push(ms)
        }
        if let Ok(t2) = srx.recv_timeout(Duration::from_secs(30)) {
            search.push((t2 - t0).as_secs_f64() * 1000.0);
        }
        std::fs::write(file, text).expect("restore fiche");
        let _ = rx.recv_timeout(Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    body.sort_by(f64::total_cmp);
    title.sort_by(f64::total_cmp);
    search.sort_by(f64::total_cmp);
    println!(
        "site: {} ({} fiches); first build and start: {:.2} s",
        site.display(),
        files.len(),
        first_build.as_secs_f64()
    );
    println!(
        "save → reload event, body edits  ({:>2} runs): median {:.1} ms, p90 {:.1} ms",
        body.len(),
        percentile(&body, 0.5),
        percentile(&body, 0.9)
    );
    println!(
        "save → reload event, title edits ({:>2} runs): median {:.1} ms, p90 {:.1} ms",
        title.len(),
        percentile(&title, 0.5),
        percentile(&title, 0.9)
    );
    println!(
        "save → search index updated     ({:>2} runs): median {:.1} ms, p90 {:.1} ms; whole index after start: {}",
        search.len(),
        percentile(&search, 0.5),
        percentile(&search, 0.9),
        indexed.map_or("not seen".into(), |d| format!("{:.2} s", d.as_secs_f64()))
    );
}
