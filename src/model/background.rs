//! Background work (indexing the workspace, rebuilding the index, writing
//! the cache) on threads of lower scheduling priority than the threads
//! answering the editor.
//!
//! Why: on a machine with few cores the first indexing of a large
//! workspace keeps every core busy for a while; a keystroke's re-parse and
//! diagnostics must not wait behind it. The indexing threads are niced
//! (Linux's CFS then gives a thread at nice 10 about a tenth of the share
//! of one at nice 0), so they use the idle cores fully and yield them to
//! requests at once. A lowered priority cannot be raised again without
//! privileges, so background work runs on threads of its own, never on a
//! pool that also serves requests. Threads started from a background
//! thread inherit its priority.

/// The nice value of background threads.
const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority for good. Does nothing
/// where the system has no per-thread priority we know how to set.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `gettid` and `setpriority` take plain integers and touch
        // no memory of ours; on Linux `setpriority(PRIO_PROCESS, tid, ..)`
        // applies to that one thread. A failure (a sandbox refusing it)
        // leaves the priority as it was, which is harmless.
        unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            let _ = libc::setpriority(libc::PRIO_PROCESS, tid, BACKGROUND_NICE);
        }
    }
}

/// Starts `work` on a new background thread and does not wait for it;
/// the handle tells when it is done.
pub fn spawn(
    name: &str,
    work: impl FnOnce() + Send + 'static,
) -> Option<std::thread::JoinHandle<()>> {
    let spawned = std::thread::Builder::new()
        .name(format!("cable-ls {name}"))
        .spawn(move || {
            lower_this_thread();
            work();
        });
    match spawned {
        Ok(handle) => Some(handle),
        Err(e) => {
            tracing::warn!("no background thread for {name}: {e}");
            None
        }
    }
}

/// Waits until the threads are done or `deadline` passes, whichever comes
/// first; tells how many were still running.
pub fn wait_until(
    threads: Vec<std::thread::JoinHandle<()>>,
    deadline: std::time::Instant,
) -> usize {
    let mut running = 0;
    for thread in threads {
        while !thread.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if thread.is_finished() {
            let _ = thread.join();
        } else {
            running += 1;
        }
    }
    running
}

/// Runs `work` on a new background thread and waits for its result
/// without blocking the async runtime; `None` if the work panicked (the
/// panic is logged by the default hook) or the thread could not start.
pub async fn run<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (send, receive) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("cable-ls {name}"))
        .spawn(move || {
            lower_this_thread();
            let _ = send.send(work());
        });
    if let Err(e) = spawned {
        tracing::warn!("no background thread for {name}: {e}");
        return None;
    }
    receive.await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nice value of the calling thread.
    #[cfg(target_os = "linux")]
    fn nice_of_this_thread() -> i32 {
        // SAFETY: as in `lower_this_thread`.
        unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::getpriority(libc::PRIO_PROCESS, tid)
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn background_threads_and_their_children_are_niced_the_caller_not() {
        let before = nice_of_this_thread();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let (own, child) = runtime
            .block_on(run("test", || {
                let own = nice_of_this_thread();
                let child = std::thread::spawn(nice_of_this_thread).join().unwrap();
                (own, child)
            }))
            .unwrap();
        if before == 0 {
            assert_eq!(own, BACKGROUND_NICE);
        }
        assert_eq!(child, own, "threads started in the background inherit");
        assert_eq!(nice_of_this_thread(), before, "the caller is untouched");
    }

    #[test]
    fn a_panic_in_the_work_is_none() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let out: Option<u32> = runtime.block_on(run("test", || panic!("work failed")));
        assert_eq!(out, None);
    }
}
