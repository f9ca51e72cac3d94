//! Web and e-mail addresses as a field takes them: a loose check of their shape,
//! enough to tell a slip from an address.

/// `http://` or `https://`, a host, no space.
pub fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !s.contains(char::is_whitespace)
    })
}

/// One `@` between a name and a domain with a dot, no space.
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}
