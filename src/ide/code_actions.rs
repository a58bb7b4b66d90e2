//! Code actions: the quick fixes of the diagnostics that carry one, offered
//! where the cursor or selection touches the diagnostic.

use super::diagnostics::Diagnostic;
use crate::syntax::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickFix {
    pub title: String,
    /// Index into the diagnostics given, to attach the fix to.
    pub diagnostic: usize,
    /// Absolute span to replace, and its replacement.
    pub span: Span,
    pub replacement: String,
}

/// `diagnostics` are absolute; `range` is the request's (absolute) range.
pub fn quick_fixes(diagnostics: &[Diagnostic], range: Span) -> Vec<QuickFix> {
    diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.span.start <= range.end && range.start <= d.span.end)
        .filter_map(|(i, d)| {
            let fix = d.fix.as_ref()?;
            let title = if fix.replacement.is_empty() {
                format!("Remove (fix {})", d.code)
            } else if fix.replacement.trim().is_empty() {
                format!("Replace with whitespace (fix {})", d.code)
            } else {
                format!(
                    "Replace with `{}` (fix {})",
                    fix.replacement.trim_end(),
                    d.code
                )
            };
            Some(QuickFix {
                title,
                diagnostic: i,
                span: fix.span,
                replacement: fix.replacement.clone(),
            })
        })
        .collect()
}
