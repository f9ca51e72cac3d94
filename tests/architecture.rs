//! ARCHITECTURE.md stays true: its table lists the library's modules in dependency
//! order, and each module uses only the modules above it (so there is no import
//! cycle and no arrow back up the pipeline), says its job in its first doc line,
//! keeps its files and functions small, and writes to the disk only where the rules
//! allow it.

use std::path::{Path, PathBuf};

/// Lines of code a file may hold before its tests.
const MAX_LINES: usize = 400;

/// Lines a function may hold, from its signature to its closing brace.
const MAX_FN_LINES: usize = 80;

/// The functions still longer than [`MAX_FN_LINES`], by file and name, to be cut into
/// named steps. The list only shrinks: a function cut short must leave it.
const LONG_FNS: [(&str, &str); 0] = [];

/// Calls that write to the disk (or change what is on it).
const WRITES: [&str; 10] = [
    "fs::write",
    "fs::rename",
    "fs::copy",
    "remove_file",
    "remove_dir",
    "create_dir",
    "File::create",
    "OpenOptions",
    "set_permissions",
    "hard_link",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The modules of the table, in order.
fn layers() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(m, _)| m.to_string()))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top module a file of `src/` belongs to (`src/site/related.rs` → `site`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file before its tests, comment lines aside.
fn code(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect()
}

/// The module a path inside the crate starts with (`site::Site` → `site`), when it
/// starts with one rather than an item of the crate's root (`Lang`) or `self`.
fn module_name(path: &str) -> Option<String> {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

/// The modules a file uses through `crate::`, comments aside, groups too:
/// `use crate::{site, paths::Job}` uses `site` and `paths`, over several lines or one.
fn uses(text: &str) -> Vec<String> {
    let code = code(text).join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            out.extend(module_name(rest));
            continue;
        };
        // Each name at the top of the group, whatever it nests.
        let mut depth = 0;
        let mut item_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                ',' | '}' if depth == 0 => {
                    out.extend(module_name(&group[item_start..i]));
                    item_start = i + 1;
                    if c == '}' {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether a module's first doc line says nothing of its job: too few words once
/// the module's own name and the words that fit any module are set aside.
fn says_nothing(first_line: &str, module: &str) -> bool {
    const EMPTY: [&str; 20] = [
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "this",
        "module",
        "file",
        "code",
        "mod",
        "helpers",
        "helper",
        "utilities",
        "utility",
        "utils",
        "misc",
        "functions",
        "stuff",
        "todo",
    ];
    let words = first_line
        .trim_start_matches("//!")
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !EMPTY.contains(&w.as_str()))
        .filter(|w| !module.split('_').any(|part| part == w))
        .count();
    words < 3
}

/// Each function of the code before the tests, with its first line (0-based) and
/// its length in lines, signature to closing brace (as rustfmt writes it).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .collect();
    let mut out = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut words = line.split_whitespace();
        let qualifiers = ["const", "async", "unsafe", "extern"];
        let Some(name) = words
            .by_ref()
            .find(|w| !w.starts_with("pub") && !qualifiers.contains(w))
            .filter(|w| *w == "fn")
            .and(words.next())
        else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // Where the signature ends: a body opens, or a declaration ends.
        let Some(open) = (start..lines.len()).find(|&i| {
            let l = lines[i].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        if !lines[open].trim_end().ends_with('{') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&i| lines[i] == close) {
            out.push((name, start, end - start + 1));
        }
    }
    out
}

#[test]
fn the_scanners_of_this_test_see_what_they_look_for() {
    let text = "//! Doc.\nuse crate::{site, paths::{self, Job}};\nuse crate::{\n    render::X,\n    Lang,\n};\n// crate::hidden\nfn f() { crate::theme::load() }\n";
    assert_eq!(uses(text), ["site", "paths", "render", "theme"]);
    assert!(says_nothing("//! Utilities.", "cut"));
    assert!(says_nothing("//! The render module.", "render"));
    assert!(says_nothing("//!", "cut"));
    assert!(!says_nothing(
        "//! Two fiches cannot share an address.",
        "slugs"
    ));
    let long = format!(
        "pub(crate) fn a(\n    x: u8,\n) -> u8 {{\n{}}}\n\nimpl X {{\n    fn b(&self) {{}}\n    fn c(&self) {{\n    }}\n    fn d(&self);\n}}\n",
        "    1\n".repeat(5)
    );
    assert_eq!(
        functions(&long),
        [("a".to_string(), 0, 9), ("c".to_string(), 12, 2)]
    );
}

#[test]
fn modules_only_use_the_modules_above_them() {
    let layers = layers();
    assert!(layers.len() > 10, "the table lists the modules: {layers:?}");
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(level) = layers.iter().position(|m| *m == module) else {
            problems.push(format!("{module} is missing from ARCHITECTURE.md"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in uses(&text) {
            match layers.iter().position(|m| *m == used) {
                Some(l) if l <= level => {}
                Some(_) => problems.push(format!(
                    "{} uses `{used}`, which is listed below `{module}`",
                    file.display()
                )),
                None => problems.push(format!("{} uses unknown `{used}`", file.display())),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_file_says_its_job_and_stays_small() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if file.ends_with("main.rs") {
            continue;
        }
        if !text.starts_with("//!") {
            problems.push(format!("{} does not start with a //! line", file.display()));
        }
        let first = text.lines().next().unwrap_or("");
        let stem = file.file_stem().unwrap().to_string_lossy();
        let name = if stem == "mod" {
            file.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
        } else {
            stem
        };
        if text.starts_with("//!") && says_nothing(first, &name) {
            problems.push(format!(
                "{}: its first doc line says nothing of its job: {first}",
                file.display()
            ));
        }
        let code = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .count();
        if code > MAX_LINES {
            problems.push(format!(
                "{} has {code} lines before its tests (at most {MAX_LINES})",
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn functions_stay_short() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let rel = file
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (name, start, len) in functions(&text) {
            if len > MAX_FN_LINES {
                long.push((rel.clone(), name, start + 1, len));
            }
        }
    }
    let mut problems = Vec::new();
    for (file, name, line, len) in &long {
        if !LONG_FNS.contains(&(file.as_str(), name.as_str())) {
            problems.push(format!(
                "{file}:{line}: `{name}` has {len} lines (at most {MAX_FN_LINES}): cut it into named steps"
            ));
        }
    }
    for (file, name) in LONG_FNS {
        if !long.iter().any(|(f, n, _, _)| f == file && n == name) {
            problems.push(format!(
                "{file}: `{name}` is no longer too long: take it off LONG_FNS"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The modules ARCHITECTURE.md lets write to the disk: those its rule names between
/// "The disk is written by" and "only".
fn writers() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let text = text.replace("\n  ", " ");
    let rule = text
        .split_once("The disk is written by")
        .and_then(|(_, rest)| rest.split_once(" only"))
        .map(|(names, _)| names.to_string())
        .unwrap_or_default();
    rule.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn only_the_modules_the_rules_name_write_to_the_disk() {
    let writers = writers();
    assert!(
        writers.len() >= 3,
        "the rule names the writers: {writers:?}"
    );
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "main" || writers.contains(&module) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for line in code(&text) {
            if let Some(call) = WRITES.iter().find(|w| line.contains(*w)) {
                problems.push(format!(
                    "{} writes to the disk ({call}), which ARCHITECTURE.md leaves to {writers:?}",
                    file.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
