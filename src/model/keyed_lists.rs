//! Lists of values by text key (cables by id, citations by cited id), as
//! a few flat vectors: the keys sorted and laid end to end in one text,
//! each key's values in one run of a single list. A quarter of a million
//! keys are then four allocations, not a `String` and a `Vec` each, and the
//! index cache reads them back as four runs of numbers.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedLists<T> {
    /// The keys in byte order, end to end.
    keys: String,
    /// Where each key starts in `keys`, and one more: the end of the last.
    key_starts: Vec<u32>,
    /// Where each key's values start in `values`, and one more.
    value_starts: Vec<u32>,
    values: Vec<T>,
}

impl<T> Default for KeyedLists<T> {
    fn default() -> Self {
        KeyedLists {
            keys: String::new(),
            key_starts: vec![0],
            value_starts: vec![0],
            values: Vec::new(),
        }
    }
}

impl<T: Copy> KeyedLists<T> {
    /// The lists of `pairs`: each key's values in the order the pairs
    /// came in (the sort is stable).
    pub fn new<K: AsRef<str>>(mut pairs: Vec<(K, T)>) -> KeyedLists<T> {
        pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let mut out = KeyedLists::default();
        out.values.reserve_exact(pairs.len());
        let mut last: Option<&str> = None;
        for (key, value) in &pairs {
            let key = key.as_ref();
            if last != Some(key) {
                // Past 4 GiB of keys or values the offsets would wrap:
                // such keys are left out rather than found at wrong places.
                let (Ok(key_end), Ok(value_start)) = (
                    u32::try_from(out.keys.len() + key.len()),
                    u32::try_from(out.values.len()),
                ) else {
                    break;
                };
                if last.is_some() {
                    out.value_starts.push(value_start);
                }
                out.keys.push_str(key);
                out.key_starts.push(key_end);
                last = Some(key);
            }
            out.values.push(*value);
        }
        if last.is_some() {
            out.value_starts.push(out.values.len() as u32);
        }
        out.keys.shrink_to_fit();
        out
    }
}

impl<T> KeyedLists<T> {
    /// The values of `key`, in the order they were given.
    pub fn get(&self, key: &str) -> &[T] {
        let n = self.len();
        let key_at = |i: usize| -> &str {
            let (Some(&s), Some(&e)) = (self.key_starts.get(i), self.key_starts.get(i + 1)) else {
                return "";
            };
            self.keys.get(s as usize..e as usize).unwrap_or("")
        };
        // The first key not below `key`.
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if key_at(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo >= n || key_at(lo) != key {
            return &[];
        }
        let (Some(&s), Some(&e)) = (self.value_starts.get(lo), self.value_starts.get(lo + 1))
        else {
            return &[];
        };
        self.values.get(s as usize..e as usize).unwrap_or(&[])
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.key_starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every key's values together.
    pub fn n_values(&self) -> usize {
        self.values.len()
    }

    /// Whether the offsets agree with each other and with the text and the
    /// values: checked on lists read back from a cache, whose lookups
    /// would otherwise find nothing, or wrong keys, without a word.
    pub fn is_consistent(&self) -> bool {
        let ascending = |v: &[u32], end: usize| {
            v.first() == Some(&0)
                && v.windows(2).all(|w| w[0] <= w[1])
                && v.last().is_some_and(|&l| l as usize == end)
        };
        self.key_starts.len() == self.value_starts.len()
            && ascending(&self.key_starts, self.keys.len())
            && ascending(&self.value_starts, self.values.len())
            && self
                .key_starts
                .iter()
                .all(|&s| self.keys.is_char_boundary(s as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_key_in_the_order_given() {
        let lists = KeyedLists::new(vec![
            ("08ROME104", 1),
            ("08ROME94", 2),
            ("08ROME104", 3),
            ("07PARIS1", 4),
            ("", 5),
        ]);
        assert_eq!(lists.len(), 4);
        assert_eq!(lists.n_values(), 5);
        assert_eq!(lists.get("08ROME104"), &[1, 3]);
        assert_eq!(lists.get("08ROME94"), &[2]);
        assert_eq!(lists.get("07PARIS1"), &[4]);
        assert_eq!(lists.get(""), &[5]);
        assert_eq!(lists.get("08ROME10"), &[] as &[i32]);
        assert_eq!(lists.get("09"), &[] as &[i32]);
        assert!(lists.is_consistent());
        let empty: KeyedLists<u8> = KeyedLists::new(Vec::<(&str, u8)>::new());
        assert_eq!(empty.get("x"), &[] as &[u8]);
        assert!(empty.is_consistent());
        assert_eq!(empty, KeyedLists::default());
        let bytes = postcard::to_stdvec(&lists).unwrap();
        let back: KeyedLists<i32> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, lists);
    }

    #[test]
    fn inconsistent_offsets_are_told_and_found_nothing_at() {
        let mut lists = KeyedLists::new(vec![("a", 1u8), ("b", 2)]);
        lists.value_starts[1] = 9;
        assert!(!lists.is_consistent());
        assert_eq!(lists.get("a"), &[] as &[u8]);
        let mut cut = KeyedLists::new(vec![("é", 1u8)]);
        cut.key_starts[1] = 1;
        assert!(!cut.is_consistent());
        assert_eq!(cut.get("é"), &[] as &[u8]);
    }

    proptest::proptest! {
        #[test]
        fn any_pairs_are_found_under_their_keys(
            pairs in proptest::collection::vec(("[a-c]{0,3}", 0u16..100), 0..60),
        ) {
            let lists = KeyedLists::new(pairs.clone());
            proptest::prop_assert!(lists.is_consistent());
            for (key, _) in &pairs {
                let want: Vec<u16> = pairs.iter().filter(|p| &p.0 == key).map(|p| p.1).collect();
                proptest::prop_assert_eq!(lists.get(key), want.as_slice());
            }
        }
    }
}
