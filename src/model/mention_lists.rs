//! Each person's mentions across the workspace, as (cable, mention number)
//! in path and text order: one flat list cut at each person's start, not a
//! vector per person. Sized exactly (counted, then placed): an archive's
//! ten million mentions take 12 bytes each and no growth slack. Stored in
//! the index cache as deltas, a few bytes a mention.

use super::index::CableRef;
use super::mention_codec::{put, Reader};
use super::people::PersonId;

#[derive(Clone, Debug, Default)]
pub struct MentionLists {
    /// Where each person's list starts in `at`; one more entry than
    /// persons, the last the total.
    starts: Vec<u32>,
    at: Vec<(CableRef, u32)>,
    /// Lists read from the index cache: kept in their stored form, each
    /// decoded the first time it is asked for (a start from the cache
    /// decodes none of an archive's ten million mentions).
    stored: Option<Stored>,
}

/// One person's mentions, decoded.
type List = Box<[(CableRef, u32)]>;

#[derive(Clone, Debug)]
struct Stored {
    bytes: Vec<u8>,
    /// Each person's list: its count and where its bytes are.
    lists: Vec<(u32, std::ops::Range<usize>)>,
    decoded: Vec<std::sync::OnceLock<List>>,
    total: usize,
}

impl MentionLists {
    /// The lists of `n_persons` persons from every mention in order, each
    /// with its person if it has one. `mentions` is called twice: once to
    /// count, once to place.
    pub fn build<I>(n_persons: usize, mentions: impl Fn() -> I) -> MentionLists
    where
        I: Iterator<Item = (Option<PersonId>, (CableRef, u32))>,
    {
        let mut counts = vec![0u32; n_persons + 1];
        for (person, _) in mentions() {
            if let Some(count) = person.and_then(|p| counts.get_mut(p + 1)) {
                *count += 1;
            }
        }
        let mut total = 0u32;
        for count in counts.iter_mut() {
            total += *count;
            *count = total;
        }
        let starts = counts;
        let mut next = starts.clone();
        let mut at = vec![(CableRef { file: 0, cable: 0 }, 0); total as usize];
        for (person, place) in mentions() {
            let Some(slot) = person.and_then(|p| next.get_mut(p)) else {
                continue;
            };
            if let Some(entry) = at.get_mut(*slot as usize) {
                *entry = place;
                *slot += 1;
            }
        }
        MentionLists {
            starts,
            at,
            stored: None,
        }
    }

    /// The mentions of `person`, in path and text order.
    pub fn get(&self, person: PersonId) -> &[(CableRef, u32)] {
        if let Some(stored) = &self.stored {
            let (Some((count, range)), Some(decoded)) =
                (stored.lists.get(person), stored.decoded.get(person))
            else {
                return &[];
            };
            return decoded.get_or_init(|| {
                let bytes = stored.bytes.get(range.clone()).unwrap_or_default();
                decode_list(&mut Reader::new(bytes), *count)
                    .unwrap_or_default()
                    .into_boxed_slice()
            });
        }
        let (Some(&start), Some(&end)) = (self.starts.get(person), self.starts.get(person + 1))
        else {
            return &[];
        };
        self.at.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Decodes every stored list not decoded yet.
    pub fn decode_all(&self) {
        for person in 0..self.len() {
            self.get(person);
        }
    }

    /// The number of persons.
    pub fn len(&self) -> usize {
        match &self.stored {
            Some(stored) => stored.lists.len(),
            None => self.starts.len().saturating_sub(1),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every person's mentions together.
    pub fn total(&self) -> usize {
        match &self.stored {
            Some(stored) => stored.total,
            None => self.at.len(),
        }
    }

    /// The stored form: the number of persons and of mentions, then each
    /// person's count, byte length and mentions, each as its file's
    /// distance from the last one's, then the cable and mention number as
    /// distances too when in the same file (and cable), else as they are.
    pub fn encode(&self, out: &mut Vec<u8>) {
        put(out, self.len() as u64);
        put(out, self.total() as u64);
        let mut list_bytes = Vec::new();
        for person in 0..self.len() {
            let list = self.get(person);
            list_bytes.clear();
            let mut last = (CableRef { file: 0, cable: 0 }, 0u32);
            for &(cable, i) in list {
                let file_delta = cable.file.wrapping_sub(last.0.file);
                put(&mut list_bytes, u64::from(file_delta));
                let same_file = file_delta == 0;
                put(
                    &mut list_bytes,
                    u64::from(if same_file {
                        cable.cable.wrapping_sub(last.0.cable)
                    } else {
                        cable.cable
                    }),
                );
                let same_cable = same_file && cable.cable == last.0.cable;
                put(
                    &mut list_bytes,
                    u64::from(if same_cable {
                        i.wrapping_sub(last.1)
                    } else {
                        i
                    }),
                );
                last = (cable, i);
            }
            put(out, list.len() as u64);
            put(out, list_bytes.len() as u64);
            out.extend_from_slice(&list_bytes);
        }
    }

    /// Takes [`MentionLists::encode`]'s bytes, checking the lists' counts
    /// and lengths; each list is decoded when first asked for. Any bytes
    /// give lists or an error, never a panic or an allocation larger than
    /// the bytes allow.
    pub fn decode(bytes: Vec<u8>) -> Result<MentionLists, String> {
        let mut r = Reader::new(&bytes);
        let n = r.u32()? as usize;
        let total = r.u32()? as usize;
        // Each person takes at least two bytes, each mention three.
        if n > bytes.len() / 2 || total > bytes.len() / 3 {
            return Err("mention lists: more than the bytes hold".into());
        }
        let mut lists = Vec::with_capacity(n);
        let mut sum = 0usize;
        for _ in 0..n {
            let count = r.u32()?;
            let len = r.u32()? as usize;
            let start = r.position();
            let range = start..start.saturating_add(len);
            if range.end > bytes.len() {
                return Err("mention lists: cut short".into());
            }
            r.skip(len);
            sum += count as usize;
            lists.push((count, range));
        }
        if sum != total {
            return Err("mention lists: wrong count".into());
        }
        Ok(MentionLists {
            starts: Vec::new(),
            at: Vec::new(),
            stored: Some(Stored {
                decoded: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
                bytes,
                lists,
                total,
            }),
        })
    }
}

/// One person's `count` mentions off `r`.
fn decode_list(r: &mut Reader, count: u32) -> Result<Vec<(CableRef, u32)>, String> {
    let mut at = Vec::with_capacity((count as usize).min(r.remaining() / 3));
    let mut last = (CableRef { file: 0, cable: 0 }, 0u32);
    for _ in 0..count {
        let file_delta = r.u32()?;
        let file = last.0.file.wrapping_add(file_delta);
        let same_file = file_delta == 0;
        let c = r.u32()?;
        let cable = if same_file {
            last.0.cable.wrapping_add(c)
        } else {
            c
        };
        let same_cable = same_file && cable == last.0.cable;
        let i = r.u32()?;
        let i = if same_cable {
            last.1.wrapping_add(i)
        } else {
            i
        };
        last = (CableRef { file, cable }, i);
        at.push(last);
    }
    Ok(at)
}

/// Two lists are equal when they give each person the same mentions,
/// whatever form they are kept in.
impl PartialEq for MentionLists {
    fn eq(&self, other: &MentionLists) -> bool {
        self.len() == other.len()
            && self.total() == other.total()
            && (0..self.len()).all(|p| self.get(p) == other.get(p))
    }
}

impl Eq for MentionLists {}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(file: u32, cable: u32, i: u32) -> (CableRef, u32) {
        (CableRef { file, cable }, i)
    }

    #[test]
    fn lists_by_person_in_order_and_their_stored_form() {
        let mentions = [
            (Some(1), place(0, 0, 0)),
            (None, place(0, 0, 1)),
            (Some(0), place(0, 0, 2)),
            (Some(1), place(0, 1, 0)),
            (Some(1), place(3, 0, 7)),
            (Some(9), place(4, 0, 0)),
        ];
        let lists = MentionLists::build(3, || mentions.iter().copied());
        assert_eq!(lists.len(), 3);
        assert_eq!(lists.total(), 4);
        assert_eq!(lists.get(0), &[place(0, 0, 2)]);
        assert_eq!(
            lists.get(1),
            &[place(0, 0, 0), place(0, 1, 0), place(3, 0, 7)]
        );
        assert_eq!(lists.get(2), &[]);
        assert_eq!(lists.get(3), &[]);
        let mut bytes = Vec::new();
        lists.encode(&mut bytes);
        assert_eq!(
            bytes,
            [3, 4, 1, 3, 0, 0, 2, 3, 9, 0, 0, 0, 0, 1, 0, 3, 0, 7, 0, 0],
            "persons, mentions; per person count, length, (file, cable, mention) deltas"
        );
        let read = MentionLists::decode(bytes.clone()).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read.total(), 4);
        assert_eq!(read.get(1), lists.get(1));
        assert_eq!(read, lists);
        // A list's bytes cut short, a wrong total: errors.
        assert!(MentionLists::decode(bytes[..bytes.len() - 3].to_vec()).is_err());
        bytes[1] = 5;
        assert!(MentionLists::decode(bytes).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_lists_round_trip(
            persons in proptest::collection::vec(0usize..5, 0..200),
            steps in proptest::collection::vec((0u32..3, 0u32..3, 0u32..300), 0..200),
        ) {
            let mut place = (CableRef { file: 0, cable: 0 }, 0u32);
            let mentions: Vec<(Option<PersonId>, (CableRef, u32))> = persons
                .iter()
                .zip(&steps)
                .map(|(&p, &(f, c, i))| {
                    place = if f > 0 {
                        (CableRef { file: place.0.file + f, cable: c }, i)
                    } else if c > 0 {
                        (CableRef { file: place.0.file, cable: place.0.cable + c }, i)
                    } else {
                        (place.0, place.1 + i)
                    };
                    ((p < 4).then_some(p), place)
                })
                .collect();
            let lists = MentionLists::build(4, || mentions.iter().copied());
            let mut bytes = Vec::new();
            lists.encode(&mut bytes);
            proptest::prop_assert_eq!(MentionLists::decode(bytes), Ok(lists));
        }

        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(0u8..=255, 0..64)) {
            if let Ok(lists) = MentionLists::decode(bytes) {
                lists.decode_all();
            }
        }
    }
}
