//! Embeds a fingerprint of the sources (`CABLE_LS_SOURCE_HASH`): the index
//! cache stores it, so summaries written by any other build of the parser
//! or the people engine are never trusted, even at the same version number.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    for file in files {
        feed(file.to_string_lossy().as_bytes());
        feed(&std::fs::read(&file).unwrap_or_default());
    }
    println!("cargo:rustc-env=CABLE_LS_SOURCE_HASH={hash:016x}");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
