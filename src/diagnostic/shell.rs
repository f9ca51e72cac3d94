//! A path as one word of a command a message suggests (`fiches check 'mon site'`), so
//! that the command can be pasted into a POSIX shell as it is shown.

use std::path::Path;

use super::display_path;

/// `path` as a shell reads it back as one argument: bare when every character is one a
/// shell leaves alone, else in single quotes, or in `$'…'` when it holds a character a
/// terminal would obey rather than show (single quotes would paste it raw). A leading
/// `-` gets `./` before it: no quoting stops a word being read as an option.
pub fn shell_word(path: &Path) -> String {
    let Some(text) = path.to_str() else {
        return ansi_c(&raw_bytes(path));
    };
    let mut text = display_path(Path::new(text));
    if text.starts_with('-') {
        text.insert_str(0, "./");
    }
    if text.is_empty() {
        "''".to_string()
    } else if text.chars().all(bare) {
        text
    } else if text.chars().any(obeyed) {
        ansi_c(text.as_bytes())
    } else {
        single_quoted(&text)
    }
}

/// Characters no shell expands, splits on or quotes (`~` and `=` only at a word's
/// start, but left out everywhere to keep the rule short).
fn bare(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ',' | ':' | '@' | '%')
}

/// What `terminal::shown` would replace: controls and direction overrides.
fn obeyed(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// French typesetting (`terminal::typeset`) makes a space before `: ; ! ? »`, or after
/// `«`, a no-break space: the quote is closed and opened again between the two, which a
/// shell reads as the same word and typesetting leaves alone.
fn typeset_pair(prev: Option<char>, c: char) -> bool {
    matches!(
        (prev, c),
        (Some(' '), ':' | ';' | '!' | '?' | '»') | (Some('«'), ' ')
    )
}

fn single_quoted(text: &str) -> String {
    let mut out = String::from("'");
    let mut prev = None;
    for c in text.chars() {
        if typeset_pair(prev, c) {
            out.push_str("''");
        }
        match c {
            '\'' => out.push_str("'\\''"),
            c => out.push(c),
        }
        prev = Some(c);
    }
    out.push('\'');
    out
}

/// `$'…'`: controls, and bytes that are not UTF-8, as `\xHH`.
fn ansi_c(bytes: &[u8]) -> String {
    let mut out = String::from("$'");
    let mut prev = None;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if typeset_pair(prev, c) {
                out.push_str("'$'");
            }
            match c {
                '\'' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                // Its UTF-8 bytes, as `\u` would depend on the shell's locale.
                c if obeyed(c) => {
                    for b in c.encode_utf8(&mut [0; 4]).bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => out.push(c),
            }
            prev = Some(c);
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
            prev = None;
        }
    }
    out.push('\'');
    out
}

#[cfg(unix)]
fn raw_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn raw_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str) -> String {
        shell_word(Path::new(s))
    }

    #[test]
    fn plain_paths_stay_bare() {
        assert_eq!(word("site"), "site");
        assert_eq!(word("/tmp/mon-site_2/été"), "/tmp/mon-site_2/été");
        assert_eq!(word("site/"), "site");
    }

    #[test]
    fn spaces_quotes_and_dashes_are_quoted() {
        assert_eq!(word("mon site"), "'mon site'");
        assert_eq!(word("l'atelier"), "'l'\\''atelier'");
        assert_eq!(word("-x"), "./-x");
        assert_eq!(word("-mon site"), "'./-mon site'");
        assert_eq!(word("a$b"), "'a$b'");
        assert_eq!(word("~/site"), "'~/site'");
        assert_eq!(word("a\u{a0}b"), "'a\u{a0}b'");
        assert_eq!(word(""), "''");
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(word("a\nb"), "$'a\\x0ab'");
        assert_eq!(word("a\u{202e}'b"), "$'a\\xe2\\x80\\xae\\'b'");
    }

    #[test]
    fn typesetting_leaves_the_word_as_it_is() {
        use crate::lang::Lang;
        for path in ["a :b", "« a »", "x ?", "a\n:b ;c"] {
            let w = word(path);
            assert_eq!(super::super::typeset(&w, Lang::Fr), w, "{path}");
        }
        assert_eq!(word("a :b"), "'a '':b'");
    }
}
