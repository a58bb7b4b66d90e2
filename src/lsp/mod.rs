//! The protocol edge. Only this module speaks in LSP terms; everything below
//! it works in byte offsets and plain structs. `server.rs` holds document
//! synchronisation and settings, `handlers.rs` the feature requests,
//! `tasks.rs` the background work, `convert.rs` and `position.rs` the
//! conversions.

pub mod convert;
mod custom;
mod handlers;
pub mod position;
mod server;
mod state;
mod tasks;

pub use server::Backend;
use tower_lsp_server::{LspService, Server};

/// How many requests and notifications may be in flight at once. Well above
/// what a client sends concurrently, so the reader never stalls and
/// `$/cancelRequest`, `shutdown` and `exit` are always read promptly.
const MAX_CONCURRENCY: usize = 64;

/// Serves LSP over stdin/stdout until the client sends `exit`. Logs go to
/// stderr: stdout belongs to the protocol.
pub fn serve() -> anyhow::Result<()> {
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
    runtime.block_on(async {
        let (service, socket) = LspService::build(Backend::new)
            .custom_method("cableLs/status", Backend::status_request)
            .custom_method("cableLs/people", Backend::people_request)
            .finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .concurrency_level(MAX_CONCURRENCY)
            .serve(service)
            .await;
    });
    // Blocking workers still indexing must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(())
}
