//! Large files cost their refusal or their copy, never their size in memory (issue
//! 28, item 12): a fiche or a transcript far over its limit is refused by its size on
//! the disk, unread; a large file of a fiche's folder is copied and compared with the
//! published one a slice at a time. The files are sparse: their size costs no disk.
//! One test in its own process, so that the process's peak memory is its own.

mod common;

use common::{Site, fiche};

const LARGE: u64 = 300 << 20;

fn sparse(s: &Site, rel: &str, len: u64) {
    let path = s.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
}

/// Resets this process's peak memory (Linux); `false` where it cannot be.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// This process's peak resident memory since the last reset, in bytes.
fn peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        * 1024
}

#[test]
fn large_files_are_refused_or_copied_without_being_held() {
    let s = Site::new(&[(
        "content/gros/index.md",
        &fiche(
            "Un gros dossier",
            "2024-01-01",
            "factual",
            "",
            "## Contexte\n\n[Le dossier](dossier.pdf)\n",
        ),
    )]);
    sparse(&s, "content/gros/dossier.pdf", LARGE);
    let measured = reset_peak();
    // Built twice: copied, then compared with the published copy.
    for round in 0..2 {
        let report = s.build();
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let copy = s.out().join("fiches/gros/dossier.pdf");
        assert_eq!(std::fs::metadata(&copy).unwrap().len(), LARGE, "{round}");
        if measured {
            let p = peak();
            assert!(p < LARGE / 2, "build {round} peaked at {} MiB", p >> 20);
        }
    }

    sparse(&s, "content/enorme.md", LARGE);
    sparse(&s, "content/aussi.md", LARGE);
    s.write("content/gros/entretien.mp3", b"ID3");
    sparse(&s, "content/gros/entretien.txt", LARGE);
    let measured = reset_peak();
    let report = fiches::check(s.path());
    let said: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    for expected in [
        "content/enorme.md: ce fichier fait 314\u{a0}573 Ko : une fiche ne peut pas dépasser 1\u{a0}000 Ko",
        "content/aussi.md: ce fichier fait 314\u{a0}573 Ko : une fiche ne peut pas dépasser 1\u{a0}000 Ko",
        "content/gros/entretien.txt: cette transcription dépasse 1 Mo : elle n'est pas lue",
    ] {
        assert!(
            said.iter().any(|d| d == expected),
            "{expected} not in {said:#?}"
        );
    }
    if measured {
        let p = peak();
        assert!(p < LARGE / 2, "check peaked at {} MiB", p >> 20);
    }
}
