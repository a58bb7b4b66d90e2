//! A minimal LSP client for end-to-end tests: spawns the real `cable-ls`
//! binary, frames JSON-RPC over its stdin/stdout, answers the server's own
//! requests (progress tokens, registrations, refreshes) and keeps the
//! notifications and responses it receives for the test to wait on. Tests of
//! misbehaving clients send raw bytes, requests without waiting, close
//! stdin, and read the server's log (`Options::capture_stderr`).

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: a slow CI machine under load must not fail a test by timing
/// out; a hang still ends the test.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// How to start the server.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Extra environment (`CABLE_LS_LOG`, `CABLE_LS_TEST_HOOKS`).
    pub env: Vec<(String, String)>,
    /// Keep the server's stderr for [`Client::stderr`] instead of passing
    /// it through.
    pub capture_stderr: bool,
    pub current_dir: Option<PathBuf>,
}

impl Options {
    pub fn env(mut self, key: &str, value: &str) -> Options {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn capture_stderr(mut self) -> Options {
        self.capture_stderr = true;
        self
    }
}

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed.
    pub notifications: Vec<Value>,
    /// Responses received and not yet consumed.
    responses: Vec<Value>,
    stderr: Arc<Mutex<String>>,
}

impl Client {
    pub fn spawn() -> Client {
        Client::spawn_with(Options::default())
    }

    pub fn spawn_with(options: Options) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cable-ls"));
        command
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if options.capture_stderr {
                Stdio::piped()
            } else {
                Stdio::inherit()
            });
        for (key, value) in &options.env {
            command.env(key, value);
        }
        if let Some(dir) = &options.current_dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().expect("spawn cable-ls");
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(pipe) = child.stderr.take() {
            let sink = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(pipe);
                let mut line = Vec::new();
                while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&line));
                    line.clear();
                }
            });
        }
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            incoming: rx,
            next_id: 1,
            notifications: Vec::new(),
            responses: Vec::new(),
            stderr,
        }
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_bytes(format!("Content-Length: {}\r\n\r\n{}", body.len(), body).as_bytes());
    }

    /// Writes bytes as they are: malformed frames, partial frames.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin already closed");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// Closes the server's stdin, as a client that goes away does.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the response to `id`: the whole message, `result` or
    /// `error`.
    pub fn response(&mut self, id: &Value) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.responses.iter().position(|r| &r["id"] == id) {
                return self.responses.remove(i);
            }
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            self.dispatch(message);
        }
    }

    /// Sends a request and returns the whole response message.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(&json!(id))
    }

    /// The server's stderr so far (with `Options::capture_stderr`).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server's stderr (captured) holds `needle`; returns
    /// it all.
    pub fn wait_for_stderr(&self, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let text = self.stderr();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "the server never logged {needle:?}; it logged:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to exit; returns its status (-1 when killed by
    /// a signal).
    pub fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_none()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (panics on an error reply).
    /// Opens the folder `dir`: `initialize` with these client
    /// capabilities, then `initialized`. Returns the server's answer to
    /// `initialize`.
    pub fn initialize(&mut self, dir: &std::path::Path, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": file_uri(dir), "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let message = self.request_raw(method, params);
        if let Some(error) = message.get("error") {
            panic!("{method} failed: {error}");
        }
        message["result"].clone()
    }

    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        self.incoming.recv_timeout(left).ok()
    }

    /// A server request gets a null result; a notification or a response
    /// is kept.
    fn dispatch(&mut self, message: Value) {
        match (message.get("id"), message.get("method")) {
            (Some(id), Some(_)) => {
                let id = id.clone();
                // The server may be gone (tests of exits): a failed write
                // is no failure here.
                let reply = json!({"jsonrpc": "2.0", "id": id, "result": null}).to_string();
                if let Some(stdin) = self.stdin.as_mut() {
                    let _ = write!(stdin, "Content-Length: {}\r\n\r\n{reply}", reply.len());
                    let _ = stdin.flush();
                }
                self.notifications.push(message);
            }
            (None, Some(_)) => self.notifications.push(message),
            (Some(_), None) => self.responses.push(message),
            _ => {}
        }
    }

    /// Waits for a notification (or server request) matching `pred` and
    /// removes it from the kept ones.
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n["method"] == method && pred(&n["params"]))
            {
                return self.notifications.remove(i)["params"].clone();
            }
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no {method} notification came"));
            self.dispatch(message);
        }
    }

    /// Lets pending messages arrive for `duration`, keeping them.
    pub fn drain(&mut self, duration: Duration) {
        let deadline = Instant::now() + duration;
        while let Some(message) = self.receive(deadline) {
            self.dispatch(message);
        }
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown(mut self) -> i32 {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The error code of a response, if it is an error.
pub fn error_code(response: &Value) -> Option<i64> {
    response
        .get("error")
        .map(|e| e["code"].as_i64().expect("error code"))
}

/// Peak and current resident memory of a process, in KiB (Linux).
pub fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// The `file:` URI of a path, every byte but the unreserved ones
/// percent-encoded (names that are not UTF-8 included).
pub fn file_uri(path: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes the percent-escapes of a `file:` URI into a path (a fragment
/// after `#` is left out).
pub fn uri_path(uri: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let rest = uri.strip_prefix("file://").expect("a file URI");
    let rest = rest.split('#').next().unwrap();
    let bytes = rest.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    PathBuf::from(std::ffi::OsStr::from_bytes(&out))
}
