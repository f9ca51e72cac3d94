//! Diagnostics as programs read them: JSON, and back.

use std::path::PathBuf;

use super::{Diagnostic, Severity, display_path};

/// One JSON array of `{severity, file, line, column, message, hint}`, for editors and
/// CI. `file` uses `/`; `line` and `column` are 0 when the problem is about a whole file.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "file": d.file.as_deref().map(display_path),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

/// Reads back what [`render_json`] wrote (without the source line, which is not kept).
pub fn from_json(text: &str) -> Option<Vec<Diagnostic>> {
    let list: Vec<serde_json::Value> = serde_json::from_str(text).ok()?;
    list.iter()
        .map(|v| {
            let severity = match v["severity"].as_str()? {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "note" => Severity::Note,
                _ => return None,
            };
            Some(Diagnostic {
                severity,
                file: v["file"].as_str().map(PathBuf::from),
                line: v["line"].as_u64()? as usize,
                column: v["column"].as_u64()? as usize,
                message: v["message"].as_str()?.to_string(),
                hint: v["hint"].as_str().map(str::to_string),
                label: None,
                excerpt: None,
            })
        })
        .collect()
}
