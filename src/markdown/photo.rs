//! A photo written in a fiche's body becomes an `<img>` with every published size
//! (`srcset`), the room it takes (`sizes`, `width`, `height`: no layout shift), and
//! lazy loading below the first screen.

use comrak::nodes::{AstNode, NodeValue};

use crate::media::escape;

/// How wide a photo of the body is shown: the text's column, or the screen.
pub const BODY_SIZES: &str = "(min-width: 46rem) 42rem, calc(100vw - 2.5rem)";

/// The `srcset` of a photo's sizes (width, height, address).
pub fn srcset(sizes: &[(u32, u32, String)]) -> String {
    sizes
        .iter()
        .map(|(w, _, href)| format!("{} {w}w", href.replace(' ', "%20").replace(',', "%2C")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `<img>` of an image node whose file has `sizes`, full size last.
pub(super) fn img<'a>(node: &'a AstNode<'a>, sizes: &[(u32, u32, String)], lazy: bool) -> String {
    let title = match &node.data.borrow().value {
        NodeValue::Image(link) => link.title.clone(),
        _ => String::new(),
    };
    let alt = node.collect_text();
    let Some((w, h, src)) = sizes.last() else {
        return String::new();
    };
    let mut out = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape(src),
        escape(alt.trim())
    );
    if !title.is_empty() {
        out.push_str(&format!(" title=\"{}\"", escape(&title)));
    }
    if sizes.len() > 1 {
        out.push_str(&format!(
            " srcset=\"{}\" sizes=\"{BODY_SIZES}\"",
            escape(&srcset(sizes))
        ));
    }
    out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    if lazy {
        out.push_str(" loading=\"lazy\"");
    }
    out.push_str(" decoding=\"async\">");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_lists_every_width() {
        let sizes = vec![
            (480, 320, "../a/p-480w.jpg".to_string()),
            (1200, 800, "../a/p m.jpg".to_string()),
        ];
        assert_eq!(srcset(&sizes), "../a/p-480w.jpg 480w, ../a/p%20m.jpg 1200w");
    }
}
