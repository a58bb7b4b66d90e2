//! Rules for the header of a cable.

use super::{Ctx, Diagnostic};

pub(super) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let _ = (ctx, out);
}
