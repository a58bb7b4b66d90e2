//! Finding the next line terminator (`\n`, `\r`) of a text thirty-two bytes
//! at a time, for the parser's lines of a text not scanned beforehand (the
//! whole text's line starts come from [`super::line_scan`]): the lines are
//! short (seventy bytes on average), and a general byte search costs more in
//! setting up for each line than in searching it.
//!
//! On x86_64 the bytes are compared with SSE2, which every x86_64 processor
//! has; elsewhere [`memchr`] does the work. Both give the same answers (the
//! tests compare them).

/// The index of the first `\n` or `\r` at or after `from`; `None` when there
/// is none (or `from` is past the end).
#[inline]
pub fn find_break(bytes: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::find_break(bytes, from)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        find_break_portable(bytes, from)
    }
}

/// [`find_break`] for any target.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn find_break_portable(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    memchr::memchr2(b'\n', b'\r', rest).map(|i| from + i)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// The terminators among 32 bytes, one bit per byte (bit `k` for
    /// `chunk[k]`).
    #[inline(always)]
    fn mask_32(chunk: &[u8; 32]) -> u32 {
        // SAFETY: SSE2 is part of the x86_64 baseline, so the intrinsics
        // are available on every x86_64 processor; the two unaligned loads
        // read the 32 bytes of `chunk`, 16 each.
        let (low, high) = unsafe {
            let nl = _mm_set1_epi8(b'\n' as i8);
            let cr = _mm_set1_epi8(b'\r' as i8);
            let low = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let high = _mm_loadu_si128(chunk.as_ptr().add(16).cast::<__m128i>());
            (
                _mm_movemask_epi8(_mm_or_si128(
                    _mm_cmpeq_epi8(low, nl),
                    _mm_cmpeq_epi8(low, cr),
                )),
                _mm_movemask_epi8(_mm_or_si128(
                    _mm_cmpeq_epi8(high, nl),
                    _mm_cmpeq_epi8(high, cr),
                )),
            )
        };
        (low as u32 & 0xffff) | ((high as u32 & 0xffff) << 16)
    }

    /// The terminators among the last bytes of `bytes`, fewer than 32, from
    /// `at`: `(base, mask)` with bit `k` for byte `base + k`. Read again from
    /// the 32 bytes ending the text when there are 32, and byte by byte in
    /// a shorter text.
    #[inline(always)]
    fn tail_mask(bytes: &[u8], at: usize) -> (usize, u32) {
        let len = bytes.len();
        if let Some(base) = len.checked_sub(32) {
            if let Some(chunk) = bytes
                .get(base..)
                .and_then(|c| <&[u8; 32]>::try_from(c).ok())
            {
                let skip = at.saturating_sub(base);
                let keep = if skip >= 32 {
                    0
                } else {
                    mask_32(chunk) >> skip << skip
                };
                return (base, keep);
            }
        }
        let mut mask = 0u32;
        for (k, b) in bytes.iter().enumerate().take(32).skip(at) {
            if matches!(b, b'\n' | b'\r') {
                mask |= 1 << k;
            }
        }
        (0, mask)
    }

    pub fn find_break(bytes: &[u8], from: usize) -> Option<usize> {
        let rest = bytes.get(from..)?;
        let mut chunks = rest.chunks_exact(32);
        let mut at = from;
        for chunk in &mut chunks {
            let Ok(chunk) = <&[u8; 32]>::try_from(chunk) else {
                break;
            };
            let mask = mask_32(chunk);
            if mask != 0 {
                return Some(at + mask.trailing_zeros() as usize);
            }
            at += 32;
        }
        if chunks.remainder().is_empty() {
            return None;
        }
        let (base, mask) = tail_mask(bytes, at);
        (mask != 0).then(|| base + mask.trailing_zeros() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with terminators at every place around the 16-byte chunks,
    /// shorter and longer than one chunk, and with non-ASCII bytes.
    fn samples() -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"\n".to_vec(),
            b"\r\n".to_vec(),
            "¶1. (C) é\r\nx\ry\n".as_bytes().to_vec(),
        ];
        for len in [
            1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 70, 100,
        ] {
            out.push(vec![b'a'; len]);
            for at in 0..len {
                for t in [b'\n', b'\r'] {
                    let mut v = vec![b'a'; len];
                    v[at] = t;
                    out.push(v.clone());
                    // A second terminator further on, and a byte with the
                    // high bit set (the comparison is of signed bytes).
                    if let Some(x) = v.get_mut((at * 7 + 3) % len) {
                        *x = b'\r';
                    }
                    if let Some(x) = v.get_mut((at + 5) % len) {
                        *x = 0x8d;
                    }
                    out.push(v);
                }
            }
        }
        out
    }

    #[test]
    fn find_break_is_the_portable_search() {
        for s in samples() {
            for from in 0..=s.len() + 2 {
                assert_eq!(
                    find_break(&s, from),
                    find_break_portable(&s, from),
                    "{s:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn exact_places() {
        let text = b"0123456789abcdef0123\r\n6789abcdef\n";
        assert_eq!(find_break(text, 0), Some(20));
        assert_eq!(find_break(text, 21), Some(21));
        assert_eq!(find_break(text, 22), Some(32));
        assert_eq!(find_break(text, 33), None);
        assert_eq!(find_break(text, 99), None);
        assert_eq!(find_break(b"ab\r", 0), Some(2));
        assert_eq!(find_break(b"ab\r", 3), None);
    }
}
