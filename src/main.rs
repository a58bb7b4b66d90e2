//! The `cable-ls` binary: the command line and, without arguments, the server.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = cable_ls::cli::main_with(&args, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}
