//! Request targets made into paths of the site: percent-decoded, and refused when
//! they could name a file outside it; paths made fit for a `Location` header.

use crate::links::percent_decode;

/// The site path a request target asks for, percent-decoded and checked: `None` for
/// anything that could name a file outside the site (`..`, encoded slashes or
/// backslashes, NUL, invalid UTF-8). Absolute-form targets keep only their path.
/// The result has no leading `/` and keeps a trailing one (`fiches/x/`).
pub fn safe_path(target: &str) -> Option<String> {
    let mut t = target;
    for scheme in ["http://", "https://"] {
        if let Some(head) = t.get(..scheme.len())
            && head.eq_ignore_ascii_case(scheme)
        {
            let rest = &t[head.len()..];
            t = rest.find('/').map_or("/", |i| &rest[i..]);
        }
    }
    let t = &t[..t.find(['?', '#']).unwrap_or(t.len())];
    let raw = t.strip_prefix('/')?;
    let lower = raw.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let decoded = percent_decode(raw)?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// Percent-encodes what a `Location` header cannot carry as is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths() {
        assert_eq!(safe_path("/").as_deref(), Some(""));
        assert_eq!(safe_path("/fiches/x/").as_deref(), Some("fiches/x/"));
        assert_eq!(
            safe_path("/style.css?v=2#top").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            safe_path("/tags/soir%C3%A9e/").as_deref(),
            Some("tags/soirée/")
        );
        assert_eq!(
            safe_path("//double//slash").as_deref(),
            Some("double/slash")
        );
    }

    #[test]
    fn absolute_form_keeps_only_the_path() {
        assert_eq!(
            safe_path("http://127.0.0.1:1111/fiches/").as_deref(),
            Some("fiches/")
        );
        assert_eq!(safe_path("HTTPS://exemple.org").as_deref(), Some(""));
        // A character across where a scheme would end (`get`, not slicing).
        assert_eq!(safe_path("httpéé/x").as_deref(), None);
        assert_eq!(safe_path("/httpéé").as_deref(), Some("httpéé"));
        assert_eq!(safe_path("http://x/../etc/passwd"), None);
    }

    #[test]
    fn traversal_attempts_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/fiches/../../secret",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/a%2Fb",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/a%00.html",
            "/%ff%fe",
            "/a%zz",
            "/a%2",
            "*",
            "fiches/x",
            "/./index.html",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }
}
