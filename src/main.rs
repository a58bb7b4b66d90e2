//! The `cable-ls` binary: the command line and, without arguments, the server.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Not locked for the whole run: the server writes the protocol to stdout
    // from its own tasks, and would wait forever on a lock held here.
    let code = cable_ls::cli::main_with(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
