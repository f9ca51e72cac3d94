//! Values of `fiches.toml` read with a rule of their own: the site's address
//! (`base_url`, also given by `fiches build --base-url`) and counts of fiches.

use crate::fields::{Local, Reader};

/// A count of fiches, 0 or more (`what` says of what), or an error at its value.
pub(super) fn count(
    r: &mut Reader,
    key: &str,
    value: &crate::fields::Value,
    what: &str,
    example: &str,
) -> Option<usize> {
    let n = r.integer(key, value)?;
    let lang = r.lang;
    usize::try_from(n).ok().or_else(|| {
        let message = lang.pick(
            format!("`{key}` est {what} : 0 ou plus"),
            format!("`{key}` is {what}: 0 or more"),
        );
        r.error(value.local(), message, Some(example.to_string()));
        None
    })
}

pub(super) fn check_base_url(
    r: &mut Reader,
    span: crate::span::LocalSpan,
    url: &str,
) -> Option<String> {
    let lang = r.lang;
    let Some(url) = normal_base_url(url) else {
        r.error(
            span,
            lang.pick(
                "`base_url` doit être une adresse web complète",
                "`base_url` must be a full web address",
            ),
            Some(lang.pick(
                "par exemple : base_url = \"https://exemple.org/reseau/\"",
                "for example: base_url = \"https://example.org/network/\"",
            )),
        );
        return None;
    };
    Some(url)
}

/// A site's address as `base_url` keeps it (ending with `/`), or `None` when it is
/// not a full web address: for `fiches.toml` and for `fiches build --base-url`.
pub fn normal_base_url(url: &str) -> Option<String> {
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    if !scheme_ok || host.is_none_or(str::is_empty) || url.contains(char::is_whitespace) {
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}
