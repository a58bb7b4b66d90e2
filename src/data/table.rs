//! Helpers shared by the embedded tables: the tab-separated reader, its error
//! type, and the upper-case stack key that keeps lookups allocation-free.

/// A malformed row in one of the embedded tables. Only a broken build can
/// produce one, since the tables are compiled in; the unit tests parse them.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    #[error("{table}: line {line}: expected {expected} tab-separated fields, found {found}")]
    FieldCount {
        table: &'static str,
        line: usize,
        expected: usize,
        found: usize,
    },
    #[error("{table}: line {line}: unknown value {value:?}")]
    UnknownValue {
        table: &'static str,
        line: usize,
        value: &'static str,
    },
    #[error("{table}: line {line}: key {key:?} is empty, not upper-case ASCII or too long")]
    BadKey {
        table: &'static str,
        line: usize,
        key: &'static str,
    },
    #[error("{table}: key {key:?} occurs twice")]
    DuplicateKey {
        table: &'static str,
        key: &'static str,
    },
}

/// The data rows of a TSV table with a header row: `(1-based line, fields)`.
/// Blank lines (the trailing newline) are skipped.
pub(crate) fn rows(
    table: &'static str,
    text: &'static str,
    n_fields: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'static str>), TableError>> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.is_empty())
        .map(move |(idx, line)| {
            let fields: Vec<&'static str> = line.split('\t').collect();
            if fields.len() == n_fields {
                Ok((idx + 1, fields))
            } else {
                Err(TableError::FieldCount {
                    table,
                    line: idx + 1,
                    expected: n_fields,
                    found: fields.len(),
                })
            }
        })
}

/// Longest key any table holds (the longest TAGS code has 21 bytes); longer
/// input cannot match and is rejected before copying.
pub(crate) const MAX_KEY_LEN: usize = 32;

/// A key upper-cased into a fixed buffer, so that the per-token lookups made
/// over hundreds of thousands of cables never touch the heap.
pub(crate) struct UpperKey {
    buf: [u8; MAX_KEY_LEN],
    len: usize,
}

impl UpperKey {
    /// `None` when `text` is longer than any key: it cannot be in a table.
    pub(crate) fn new(text: &str) -> Option<UpperKey> {
        let bytes = text.as_bytes();
        if bytes.len() > MAX_KEY_LEN {
            return None;
        }
        let mut buf = [0u8; MAX_KEY_LEN];
        for (slot, byte) in buf.iter_mut().zip(bytes) {
            *slot = byte.to_ascii_uppercase();
        }
        Some(UpperKey {
            buf,
            len: bytes.len(),
        })
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Whether `key` can be found through [`UpperKey`]: non-empty, short enough,
/// and free of lower-case ASCII (which the upper-cased probe would never equal).
pub(crate) fn is_lookup_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && !key.bytes().any(|b| b.is_ascii_lowercase())
}

/// Sorts rows by key bytes and rejects duplicates, for binary search.
/// The row of a table sorted by `key` whose key equals `wanted` ignoring case,
/// found without allocating (the lookups run on every code of every cable).
pub(crate) fn find_ignore_case<T>(
    rows: &'static [T],
    wanted: &str,
    key: impl Fn(&T) -> &str,
) -> Option<&'static T> {
    let wanted = UpperKey::new(wanted)?;
    rows.binary_search_by(|row| key(row).as_bytes().cmp(wanted.as_bytes()))
        .ok()
        .map(|idx| &rows[idx])
}

pub(crate) fn sort_unique<T>(
    table: &'static str,
    rows: &mut [T],
    key: impl Fn(&T) -> &'static str,
) -> Result<(), TableError> {
    rows.sort_by(|a, b| key(a).as_bytes().cmp(key(b).as_bytes()));
    match rows.windows(2).find(|pair| key(&pair[0]) == key(&pair[1])) {
        Some(pair) => Err(TableError::DuplicateKey {
            table,
            key: key(&pair[0]),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_key_folds_ascii_and_rejects_long_input() {
        let key = UpperKey::new("prel").map(|k| k.as_bytes().to_vec());
        assert_eq!(key, Some(b"PREL".to_vec()));
        assert!(UpperKey::new(&"A".repeat(MAX_KEY_LEN)).is_some());
        assert!(UpperKey::new(&"A".repeat(MAX_KEY_LEN + 1)).is_none());
        // Non-ASCII bytes pass through unchanged; they match no key.
        let key = UpperKey::new("é").map(|k| k.as_bytes().to_vec());
        assert_eq!(key, Some("é".as_bytes().to_vec()));
    }

    #[test]
    fn rows_report_field_count_errors_with_line_numbers() {
        let rows: Vec<_> = rows("t", "a\tb\nx\ty\n\nz\n", 2).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], Ok((2, vec!["x", "y"])));
        assert_eq!(
            rows[1],
            Err(TableError::FieldCount {
                table: "t",
                line: 4,
                expected: 2,
                found: 1
            })
        );
    }
}
