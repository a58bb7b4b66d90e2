//! Orders reads of files against change events, so that a read which
//! started before a file changed never overwrites what the change brought.
//!
//! Why: the workspace indexing reads files in batches on worker threads
//! while the watcher reports changes. A batch that read `a.txt`, then a
//! deletion of `a.txt` handled while the batch is still running, then the
//! batch's result stored: the deleted file would be back in the index.
//! Every read takes a ticket when it starts; every change event takes a
//! ticket too and is remembered per path; a read's result is stored only if
//! no event for its path came after its ticket.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A point in the order of reads and events.
pub type Ticket = u64;

#[derive(Debug, Default)]
pub struct DiskOrder {
    last: Ticket,
    /// Reads started and not ended, by ticket (a count, should one ticket
    /// ever be ended twice).
    in_flight: BTreeMap<Ticket, usize>,
    /// The latest event per path, kept while some read older than it may
    /// still end.
    events: HashMap<PathBuf, Ticket>,
}

impl DiskOrder {
    /// A read starts now: its result is current unless an event for its
    /// path comes before it ends. Pair with [`DiskOrder::end_read`].
    pub fn begin_read(&mut self) -> Ticket {
        self.last += 1;
        *self.in_flight.entry(self.last).or_default() += 1;
        self.last
    }

    /// `path` changed (or disappeared) now: reads of it that started
    /// before are outdated. The returned ticket is also a read begun now,
    /// for the re-read that follows the event; end it with
    /// [`DiskOrder::end_read`].
    pub fn event(&mut self, path: &Path) -> Ticket {
        let ticket = self.begin_read();
        self.events.insert(path.to_path_buf(), ticket);
        ticket
    }

    /// Whether the result of a read of `path` begun at `ticket` is the
    /// newest word on that file.
    pub fn is_current(&self, path: &Path, ticket: Ticket) -> bool {
        self.events.get(path).is_none_or(|&event| event <= ticket)
    }

    /// A read ended (stored or not); events that no read in flight is older
    /// than are forgotten, so the table stays as small as the work in
    /// progress.
    pub fn end_read(&mut self, ticket: Ticket) {
        if let Some(n) = self.in_flight.get_mut(&ticket) {
            *n -= 1;
            if *n == 0 {
                self.in_flight.remove(&ticket);
            }
        }
        match self.in_flight.keys().next() {
            None => self.events.clear(),
            Some(&oldest) => self.events.retain(|_, event| *event > oldest),
        }
    }

    /// Events remembered: for tests and logs.
    pub fn n_events(&self) -> usize {
        self.events.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_begun_before_a_deletion_is_outdated() {
        let mut order = DiskOrder::default();
        let a = Path::new("/w/a.txt");
        let b = Path::new("/w/b.txt");
        let batch = order.begin_read();
        let deletion = order.event(a);
        order.end_read(deletion);
        assert!(!order.is_current(a, batch), "a was deleted after the read");
        assert!(order.is_current(b, batch), "b had no event");
        order.end_read(batch);
        assert_eq!(order.n_events(), 0, "nothing in flight, nothing kept");
    }

    #[test]
    fn only_the_latest_of_two_rereads_is_current() {
        let mut order = DiskOrder::default();
        let a = Path::new("/w/a.txt");
        let first = order.event(a);
        let second = order.event(a);
        // The second re-read ends first; the first, slower, must not
        // overwrite it.
        assert!(order.is_current(a, second));
        order.end_read(second);
        assert!(!order.is_current(a, first));
        order.end_read(first);
        assert_eq!(order.n_events(), 0);
    }

    #[test]
    fn a_read_begun_after_an_event_is_current() {
        let mut order = DiskOrder::default();
        let a = Path::new("/w/a.txt");
        let old = order.begin_read();
        let event = order.event(a);
        let new = order.begin_read();
        assert!(order.is_current(a, new));
        assert!(order.is_current(a, event));
        order.end_read(event);
        // Still needed: `old` is in flight and older than the event.
        assert_eq!(order.n_events(), 1);
        assert!(!order.is_current(a, old));
        order.end_read(old);
        assert_eq!(order.n_events(), 0);
        order.end_read(new);
        // Ending an unknown ticket changes nothing.
        order.end_read(999);
        assert_eq!(order.n_events(), 0);
    }
}
