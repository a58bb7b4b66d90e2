//! The language server's own start on a workspace whose index cache is
//! current: from `initialize` to the end of its indexing progress, which
//! it reports once the whole index is built. This is what a researcher
//! waits for on re-opening the archive; `cable-ls index` measures the
//! same work without the protocol and the batches that keep requests
//! answered meanwhile.

use super::lsp::{Client, Options};
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// Starts the server on `dir` with the cache folder `cache_dir`, waits for
/// the complete index; returns the seconds it took and the server's peak
/// resident memory in MB. `client_watches`: the client offers to watch
/// files for the server (else the server sets up a watch of every folder
/// itself, beside its indexing).
pub fn run(dir: &Path, cache_dir: &Path, client_watches: bool) -> (f64, f64) {
    let mut client = Client::spawn_with(
        Options::default().env("CABLE_LS_CACHE_DIR", &cache_dir.to_string_lossy()),
    );
    let start = Instant::now();
    client.initialize(
        dir,
        json!({
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": client_watches}}
        }),
    );
    client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    let seconds = start.elapsed().as_secs_f64();
    let peak =
        super::lsp::memory_kib(client.pid()).map_or(0.0, |(peak, _)| peak as f64 * 1024.0 / 1e6);
    client.shutdown();
    (seconds, peak)
}
