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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::diagnostics::check_cable;
    use crate::ide::test_world::{cursor, mark, SEED_000};
    use expect_test::{expect, Expect};
    use std::fmt::Write;

    /// The quick fixes offered at the marked cursor (an empty range) over
    /// the diagnostics of the fixture's cables: title, diagnostic code, and
    /// the replaced text with its replacement.
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = cursor(fixture);
        let offset = offset.expect("a ^ marker line");
        let parse = crate::syntax::parse(&text);
        let diagnostics: Vec<Diagnostic> = parse
            .cables
            .iter()
            .flat_map(|cable| {
                check_cable(cable.text(&text), cable)
                    .into_iter()
                    .map(|d| d.shifted(cable.start))
            })
            .collect();
        let mut out = String::new();
        for fix in quick_fixes(&diagnostics, Span::empty(offset)) {
            let code = diagnostics.get(fix.diagnostic).map_or("?", |d| d.code);
            let _ = writeln!(
                out,
                "{} [{code}] {:?} -> {:?}",
                fix.title,
                fix.span.text(&text),
                fix.replacement
            );
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn markdown_link_tags() {
        check(
            &mark(SEED_000, "TAGS:", "       ^"),
            expect![[r#"
            Replace with `PREL` (fix T005) [T005] "[PREL](#)" -> "PREL"
        "#]],
        );
    }

    #[test]
    fn paragraph_number_without_pilcrow() {
        check(
            &mark(SEED_000, "12. (C)", "^"),
            expect![[r#"
            Replace with `¶2.` (fix P002) [P002] "12." -> "¶2."
        "#]],
        );
    }

    #[test]
    fn nothing_to_fix_here() {
        check(&mark(SEED_000, "FM AMEMBASSY ROME", "    ^"), expect![[""]]);
    }
}
