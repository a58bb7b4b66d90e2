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
    let serving = matches!(args.first().map(String::as_str), None | Some("serve"));
    let code = if serving {
        // Not locked for the whole run: the server writes the protocol to
        // stdout from its own tasks, and would wait forever on a lock held
        // here.
        cable_ls::cli::main_with(&args, &mut std::io::stdout(), &mut std::io::stderr())
    } else {
        // Buffered: stdout alone flushes at every line, a system call per
        // diagnostic or JSON line. Messages on stderr still come at once.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let code = cable_ls::cli::main_with(&args, &mut out, &mut std::io::stderr());
        // `exit` runs no destructors: what is still buffered goes now.
        let _ = std::io::Write::flush(&mut out);
        code
    };
    std::process::exit(code);
}
