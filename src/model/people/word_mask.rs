//! Which of sixteen bytes are ASCII letters or digits, as bits: the
//! tokenizer finds where a word ends, and whether it holds a digit, from
//! one look at its first sixteen bytes instead of one look per byte.
//!
//! On x86_64 the bytes are compared sixteen at a time with SSE2, which
//! every x86_64 processor has; elsewhere eight at a time in a `u64`. The
//! tests hold the two to each other and to a byte-at-a-time reference.

/// The bits of the bytes of `chunk` that are ASCII letters or digits: bit
/// `k` for `chunk[k]`.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) fn word_bits(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // A range of bytes is moved to the bottom of the signed bytes, so that
    // one signed comparison tells whether a byte is in it: the bytes below
    // the range wrap round to the top.
    // SAFETY: SSE2 is part of the x86_64 baseline, so its instructions
    // exist on every processor this code runs on; the load reads the 16
    // bytes of `chunk`, which it may read unaligned.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        let between = |x: __m128i, low: u8, high: u8| {
            let moved = _mm_add_epi8(x, _mm_set1_epi8(0x80u8.wrapping_sub(low) as i8));
            _mm_cmplt_epi8(
                moved,
                _mm_set1_epi8(0x80u8.wrapping_add(high - low + 1) as i8),
            )
        };
        let digit = between(v, b'0', b'9');
        // A letter in either case: with the 0x20 bit set, `a`..=`z`.
        let letter = between(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
        _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32 & 0xffff
    }
}

/// [`word_bits`] eight bytes at a time in a `u64`, for processors without
/// SSE2 (and the tests, which compare the two).
#[cfg(target_arch = "x86_64")]
#[cfg(test)]
pub(super) fn word_bits_portable(chunk: &[u8; 16]) -> u32 {
    word_bits_swar(chunk)
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(super) fn word_bits(chunk: &[u8; 16]) -> u32 {
    word_bits_swar(chunk)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
fn word_bits_swar(chunk: &[u8; 16]) -> u32 {
    let (low, high) = halves(chunk);
    gather(alnum8(low)) | gather(alnum8(high)) << 8
}

/// The two little-endian integers of `chunk`.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
pub(super) fn halves(chunk: &[u8; 16]) -> (u64, u64) {
    let whole = u128::from_le_bytes(*chunk);
    (whole as u64, (whole >> 64) as u64)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
const ONES: u64 = 0x0101_0101_0101_0101;
#[cfg(any(test, not(target_arch = "x86_64")))]
const HIGHS: u64 = ONES * 0x80;

/// The high bit of each byte of `x` that is at least `c`; `x` has no high
/// bit set and `c` is not zero, so the sums do not carry into the next byte.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
fn at_least(x: u64, c: u8) -> u64 {
    x.wrapping_add(ONES * u64::from(0x80 - c)) & HIGHS
}

/// The high bit of each byte of `w` that is an ASCII letter or digit.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
fn alnum8(w: u64) -> u64 {
    let ascii = !w & HIGHS;
    let x = w & !HIGHS;
    let folded = x | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    (letter | digit) & ascii
}

/// The high bits of the bytes of `highs` (no other bit set) as the eight
/// low bits of a number, byte `k`'s as bit `k`: the multiplication moves
/// each to bit `56 + k`, and no two partial products meet.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
fn gather(highs: u64) -> u32 {
    ((highs >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`word_bits`] a byte at a time.
    fn word_bits_of_bytes(chunk: &[u8; 16]) -> u32 {
        let mut alnum = 0;
        for (k, b) in chunk.iter().enumerate() {
            if b.is_ascii_alphanumeric() {
                alnum |= 1 << k;
            }
        }
        alnum
    }

    fn assert_agree(chunk: &[u8; 16]) {
        let want = word_bits_of_bytes(chunk);
        assert_eq!(word_bits(chunk), want, "{chunk:?}");
        assert_eq!(word_bits_swar(chunk), want, "{chunk:?}");
    }

    #[test]
    fn every_byte_in_every_position_is_told_as_a_byte_at_a_time() {
        for b in 0..=255u8 {
            for at in 0..16 {
                for fill in [
                    b'k', b'K', b'5', b' ', 0, 0x80, 0xff, b'`', b'{', b'@', b'[',
                ] {
                    let mut chunk = [fill; 16];
                    chunk[at] = b;
                    assert_agree(&chunk);
                }
            }
            assert_agree(&[b; 16]);
        }
        // Prose with the bytes of `’`, a no-break space and `é`.
        let text = "O’Brien said\u{a0}café 12 A/S, U.S.-Iran ÉTAT z9Z0/:@[`{";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let mut chunk = [0u8; 16];
            for (to, from) in chunk.iter_mut().zip(&bytes[from..]) {
                *to = *from;
            }
            assert_agree(&chunk);
        }
        assert_eq!(word_bits(b"said Spogli, 12\xe2"), 0x67ef);
        #[cfg(target_arch = "x86_64")]
        assert_eq!(word_bits_portable(b"0a9zAZ/:@[`{ \x80\xff\x7f"), 0x3f);
    }

    #[test]
    fn the_halves_of_a_chunk_are_its_little_endian_integers() {
        let (low, high) = halves(b"Ambassadorships!");
        assert_eq!(low, u64::from_le_bytes(*b"Ambassad"));
        assert_eq!(high, u64::from_le_bytes(*b"orships!"));
    }
}
