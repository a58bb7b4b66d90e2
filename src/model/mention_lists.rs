//! Each person's mentions across the workspace, as (cable, mention number)
//! in path and text order: one flat list cut at each person's start, not a
//! vector per person. Sized exactly (counted, then placed): an archive's
//! ten million mentions take 12 bytes each and no growth slack. Stored in
//! the index cache as deltas, a few bytes a mention.

use super::index::CableRef;
use super::mention_codec::{put, Reader};
use super::people::PersonId;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionLists {
    /// Where each person's list starts in `at`; one more entry than
    /// persons, the last the total.
    starts: Vec<u32>,
    at: Vec<(CableRef, u32)>,
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
        MentionLists { starts, at }
    }

    /// The mentions of `person`, in path and text order.
    pub fn get(&self, person: PersonId) -> &[(CableRef, u32)] {
        let (Some(&start), Some(&end)) = (self.starts.get(person), self.starts.get(person + 1))
        else {
            return &[];
        };
        self.at.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The number of persons.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every person's mentions together.
    pub fn total(&self) -> usize {
        self.at.len()
    }

    /// The stored form: the number of persons, then each person's count
    /// and mentions, each as its file's distance from the last one's, then
    /// the cable and mention number as distances too when in the same
    /// file (and cable), else as they are.
    pub fn encode(&self, out: &mut Vec<u8>) {
        put(out, self.len() as u64);
        put(out, self.total() as u64);
        for person in 0..self.len() {
            let list = self.get(person);
            put(out, list.len() as u64);
            let mut last = (CableRef { file: 0, cable: 0 }, 0u32);
            for &(cable, i) in list {
                let file_delta = cable.file.wrapping_sub(last.0.file);
                put(out, u64::from(file_delta));
                let same_file = file_delta == 0;
                put(
                    out,
                    u64::from(if same_file {
                        cable.cable.wrapping_sub(last.0.cable)
                    } else {
                        cable.cable
                    }),
                );
                let same_cable = same_file && cable.cable == last.0.cable;
                put(
                    out,
                    u64::from(if same_cable {
                        i.wrapping_sub(last.1)
                    } else {
                        i
                    }),
                );
                last = (cable, i);
            }
        }
    }

    /// Reads [`MentionLists::encode`]'s bytes; any bytes give lists or an
    /// error, never a panic or an allocation larger than the bytes allow.
    pub fn decode(bytes: &[u8]) -> Result<MentionLists, String> {
        let mut r = Reader::new(bytes);
        let n = r.u32()? as usize;
        // Each person takes at least a byte, each mention three.
        if n > bytes.len() {
            return Err("mention lists: more persons than bytes".into());
        }
        let total = r.u32()? as usize;
        if total > bytes.len() / 3 {
            return Err("mention lists: more mentions than bytes".into());
        }
        let mut starts = Vec::with_capacity(n + 1);
        let mut at = Vec::with_capacity(total);
        starts.push(0);
        for _ in 0..n {
            let count = r.u32()?;
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
            starts.push(u32::try_from(at.len()).map_err(|_| "mention lists: too long")?);
        }
        if at.len() != total {
            return Err("mention lists: wrong count".into());
        }
        Ok(MentionLists { starts, at })
    }
}

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
            [3, 4, 1, 0, 0, 2, 3, 0, 0, 0, 0, 1, 0, 3, 0, 7, 0],
            "persons, mentions; count and (file, cable, mention) deltas per person"
        );
        assert_eq!(MentionLists::decode(&bytes), Ok(lists));
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
            proptest::prop_assert_eq!(MentionLists::decode(&bytes), Ok(lists));
        }

        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(0u8..=255, 0..64)) {
            let _ = MentionLists::decode(&bytes);
        }
    }
}
