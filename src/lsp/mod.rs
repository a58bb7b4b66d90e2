//! The protocol edge. Only this module speaks in LSP terms; everything below
//! it works in byte offsets and plain structs. `server.rs` holds document
//! synchronisation and settings, `handlers.rs` the feature requests,
//! `tasks.rs` the background work, `workspace_diagnostics.rs` the
//! diagnostics of the cables not open, `convert.rs` and `position.rs` the
//! conversions.

pub mod convert;
mod custom;
mod frames;
mod handlers;
pub mod position;
mod server;
mod state;
mod tasks;
mod workspace_diagnostics;

use frames::FilteredReader;
pub use frames::{FrameFilter, REJECTED_METHOD};
pub use server::Backend;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::{ClientSocket, LspService, Server};

/// How many requests and notifications may be in flight at once. Well above
/// what a client sends concurrently, so the reader never stalls and
/// `$/cancelRequest`, `shutdown` and `exit` are always read promptly.
const MAX_CONCURRENCY: usize = 64;

/// How long an exiting server waits for an index cache being written.
const CACHE_WRITE_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

/// The service `serve` runs, with its socket for messages to the client:
/// for drivers that call it in-process (the fuzz targets).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::build(Backend::new)
        .custom_method("cableLs/status", Backend::status_request)
        .custom_method("cableLs/people", Backend::people_request)
        .custom_method(REJECTED_METHOD, answer_rejected)
        .finish()
}

/// Serves LSP over stdin/stdout until the client sends `exit` or closes
/// stdin, and tells whether the client asked for `shutdown` first. Logs go
/// to stderr: stdout belongs to the protocol. The caller exits with status
/// 1 when the client left without `shutdown`, as the protocol asks.
pub fn serve() -> anyhow::Result<Ending> {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CABLE_LS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (shut_down, cache_writes) = runtime.block_on(async {
        let (service, socket) = service();
        let backend = service.inner().clone();
        let stdin = FilteredReader::new(tokio::io::stdin());
        Server::new(stdin, tokio::io::stdout(), socket)
            .concurrency_level(MAX_CONCURRENCY)
            .serve(service)
            .await;
        let mut state = backend.lock();
        (state.shutting_down, std::mem::take(&mut state.cache_writes))
    });
    // A cache being written is finished (a large one takes seconds), but
    // not waited for forever.
    let deadline = std::time::Instant::now() + CACHE_WRITE_GRACE;
    if crate::model::background::wait_until(cache_writes, deadline) > 0 {
        tracing::warn!("exiting while the index cache is still being written");
    }
    // Blocking workers still indexing must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    if !shut_down {
        tracing::warn!("the client left without `shutdown`; exiting with status 1");
        return Ok(Ending::WithoutShutdown);
    }
    Ok(Ending::Shutdown)
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown`, then `exit`: exit status 0.
    Shutdown,
    /// `exit` without `shutdown`, or stdin closed: exit status 1.
    WithoutShutdown,
}

#[derive(serde::Deserialize)]
struct RejectedParams {
    code: i64,
    message: String,
}

/// Answers a frame the [`FrameFilter`] rejected with the error it carries.
async fn answer_rejected(_: &Backend, params: RejectedParams) -> Result<()> {
    Err(Error {
        code: ErrorCode::from(params.code),
        message: params.message.into(),
        data: None,
    })
}
