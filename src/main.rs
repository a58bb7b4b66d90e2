//! The `cable-ls` binary: the command line and, without arguments, the server.

/// See the note on `mimalloc` in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // SAFETY: options may only be set while no other thread allocates: the
    // program has no other thread yet.
    unsafe {
        libmimalloc_sys::mi_option_set_enabled_default(
            libmimalloc_sys::mi_option_large_os_pages,
            true,
        );
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Not locked for the whole run: the server writes the protocol to stdout
    // from its own tasks, and would wait forever on a lock held here.
    let code = cable_ls::cli::main_with(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
