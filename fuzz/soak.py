#!/usr/bin/env python3
"""Soak test: the release server under random edits and requests for a
number of minutes, its resident memory printed every minute.

    python3 fuzz/soak.py [--minutes 10] [--binary PATH] [--workspace DIR] [--seed N]

The workspace defaults to the shared corpus beside the checkout
(../shared/corpus/cables), else examples/. Documents are edited at random
(typing, deleting, pasting cable fragments, line ends of every kind) and put
back to their original text from time to time, so a server that keeps no
garbage holds steady memory. Every request must be answered; an internal
error (-32603) or a missing answer fails the run (exit status 1).

Only the standard library is used.
"""

import argparse
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time

FRAGMENTS = [
    "\n", "\r\n", "\r", "¶", "’", "𝄞", "é", " ", "x", "the ", "TAGS: PREL ",
    "SUBJECT: ", "REF: A) 08 ROME 104\n", "1. (C) ", "D'Alema ",
    "O 241223Z JAN 08\n", "C O N F I D E N T I A L ROME 000104\n",
    "\n\n2. (S) A new paragraph.\n", "VZCZCXRO9950\n",
]

REQUESTS = [
    "textDocument/hover", "textDocument/definition", "textDocument/references",
    "textDocument/completion", "textDocument/documentSymbol",
    "textDocument/semanticTokens/full", "textDocument/semanticTokens/range",
    "textDocument/foldingRange", "textDocument/documentLink",
    "textDocument/codeLens", "textDocument/codeAction", "workspace/symbol",
    "cableLs/status", "cableLs/people",
]


def file_uri(path):
    safe = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-_.~")
    return "file://" + "".join(chr(b) if b in safe else "%%%02X" % b for b in os.fsencode(path))


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def position(text, i):
    """(line, UTF-16 column) of character index i; lines end at \\n, \\r\\n, \\r."""
    prefix = text[:i]
    line = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n")
    start = max(prefix.rfind("\n"), prefix.rfind("\r")) + 1
    return line, utf16_len(prefix[start:])


def nameable(text, i):
    return not (0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n")


def report(server, minute, counts):
    rss, peak = rss_kib(server.proc.pid)
    print(f"{minute:>6g} {rss / 1024:8.1f} {peak / 1024:9.1f} {counts['edits']:>8} "
          f"{counts['requests']:>9} {counts['cancelled']:>9} {counts['errors']:>6}", flush=True)
    return rss


def rss_kib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.next_id = 1
        self.responses = {}
        self.cond = threading.Condition()
        self.notifications = queue.Queue()
        self.stderr_tail = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_tail = (self.stderr_tail + [line.decode(errors="replace")])[-50:]

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.cond:
                        self.cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(out.read(length))
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.put(message)
            else:
                with self.cond:
                    self.responses[message.get("id")] = message
                    self.cond.notify_all()

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request_async(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def wait(self, rid, timeout=60):
        deadline = time.time() + timeout
        with self.cond:
            while rid not in self.responses:
                left = deadline - time.time()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError(f"no answer to request {rid}")
                self.cond.wait(left)
            return self.responses.pop(rid)

    def request(self, method, params):
        return self.wait(self.request_async(method, params))

    def wait_notification(self, pred, timeout=600):
        deadline = time.time() + timeout
        while True:
            message = self.notifications.get(timeout=max(0.0, deadline - time.time()))
            if pred(message):
                return message


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(repo, "target"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--binary", default=os.path.join(target, "release", "cable-ls"))
    corpus = os.path.join(repo, "..", "shared", "corpus", "cables")
    parser.add_argument(
        "--workspace", default=corpus if os.path.isdir(corpus) else os.path.join(repo, "examples")
    )
    parser.add_argument("--documents", type=int, default=8, help="documents kept open")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workspace = os.path.abspath(args.workspace)
    files = sorted(
        os.path.join(workspace, f)
        for f in os.listdir(workspace)
        if os.path.isfile(os.path.join(workspace, f))
    )

    server = Server(args.binary)
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": file_uri(workspace),
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": True},
            "workspace": {"codeLens": {"refreshSupport": True}},
        },
    })
    server.notify("initialized", {})
    started = time.time()
    end = server.wait_notification(
        lambda m: m["method"] == "$/progress" and m["params"]["value"].get("kind") == "end"
    )
    print(f"indexed: {end['params']['value'].get('message')} in {time.time() - started:.1f} s",
          flush=True)

    chosen = rng.sample(files, min(args.documents, len(files)))
    docs = {}
    for path in chosen:
        with open(path, encoding="utf-8", errors="replace") as f:
            original = f.read()
        uri = file_uri(path)
        docs[uri] = {"original": original, "text": original, "version": 1}
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cable", "version": 1, "text": original}})

    counts = {"edits": 0, "requests": 0, "cancelled": 0, "modified": 0, "errors": 0}
    failures = []
    rss0, _ = rss_kib(server.proc.pid)
    print(f"{'minute':>6} {'rss MiB':>8} {'peak MiB':>9} {'edits':>8} {'requests':>9} "
          f"{'cancelled':>9} {'errors':>6}", flush=True)
    print(f"{0:>6} {rss0 / 1024:8.1f} {rss_kib(server.proc.pid)[1] / 1024:9.1f} "
          f"{0:>8} {0:>9} {0:>9} {0:>6}", flush=True)
    deadline = time.time() + args.minutes * 60
    next_report = time.time() + 60
    minute = 0
    samples = []
    while time.time() < deadline:
        uri = rng.choice(list(docs))
        doc = docs[uri]
        text = doc["text"]
        action = rng.random()
        doc["version"] += 1
        if action < 0.02 or len(text) > 4 * len(doc["original"]) + 1000:
            # Back to the original: memory must come back down too.
            doc["text"] = doc["original"]
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": doc["version"]},
                "contentChanges": [{"text": doc["text"]}]})
        elif action < 0.03:
            server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            doc["text"] = doc["original"]
            doc["version"] = 1
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "cable", "version": 1, "text": doc["text"]}})
        else:
            changes = []
            for _ in range(rng.randint(1, 3)):
                a = rng.randint(0, len(text))
                b = min(len(text), a + (rng.randint(0, 30) if rng.random() < 0.5 else 0))
                while not nameable(text, a):
                    a -= 1
                while not nameable(text, b):
                    b += 1
                insert = rng.choice(FRAGMENTS) if rng.random() < 0.8 else ""
                (l1, c1), (l2, c2) = position(text, a), position(text, b)
                changes.append({"range": {"start": {"line": l1, "character": c1},
                                          "end": {"line": l2, "character": c2}},
                                "text": insert})
                text = text[:a] + insert + text[b:]
            doc["text"] = text
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": doc["version"]},
                "contentChanges": changes})
        counts["edits"] += 1

        # A burst of requests, some cancelled at once.
        ids = []
        for _ in range(rng.randint(1, 6)):
            method = rng.choice(REQUESTS)
            text = doc["text"]
            i = rng.randint(0, len(text))
            while not nameable(text, i):
                i -= 1
            line, col = position(text, i)
            pos = {"line": line, "character": col}
            td = {"uri": uri}
            params = {"textDocument": td, "position": pos}
            if method == "textDocument/references":
                params["context"] = {"includeDeclaration": True}
            elif method in ("textDocument/documentSymbol", "textDocument/semanticTokens/full",
                            "textDocument/foldingRange", "textDocument/documentLink",
                            "textDocument/codeLens"):
                params = {"textDocument": td}
            elif method == "textDocument/semanticTokens/range":
                params = {"textDocument": td, "range": {"start": {"line": max(0, line - 20),
                          "character": 0}, "end": pos}}
            elif method == "textDocument/codeAction":
                params = {"textDocument": td, "range": {"start": pos, "end": pos},
                          "context": {"diagnostics": []}}
            elif method == "workspace/symbol":
                params = {"query": rng.choice(["rome", "kosovo", "state", "", "x"])}
            elif method == "cableLs/people":
                params = {"query": rng.choice(["", "al", "minister"])}
            elif method == "cableLs/status":
                params = None
            rid = server.request_async(method, params)
            cancel = rng.random() < 0.1
            if cancel:
                server.notify("$/cancelRequest", {"id": rid})
            ids.append((rid, method, cancel))
        for rid, method, cancel in ids:
            response = server.wait(rid)
            counts["requests"] += 1
            error = response.get("error")
            if error:
                code = error.get("code")
                if code == -32800 and cancel:
                    counts["cancelled"] += 1
                elif code == -32801:
                    counts["modified"] += 1
                else:
                    counts["errors"] += 1
                    failures.append(f"{method}: {error}")
        # Drop what the server told us meanwhile (diagnostics, status).
        while not server.notifications.empty():
            server.notifications.get_nowait()

        if time.time() >= next_report:
            minute += 1
            next_report += 60
            samples.append(report(server, minute, counts))

    if minute < args.minutes:
        samples.append(report(server, args.minutes, counts))
    rss, peak = rss_kib(server.proc.pid)
    shutdown = server.request("shutdown", None)
    server.notify("exit", None)
    status = server.proc.wait(timeout=60)
    print(f"done: {counts['edits']} edits, {counts['requests']} requests "
          f"({counts['cancelled']} cancelled, {counts['modified']} content modified), "
          f"{counts['errors']} errors; exit status {status}")
    if samples:
        print(f"rss: first minute {samples[0] / 1024:.1f} MiB, last {samples[-1] / 1024:.1f} MiB, "
              f"max {max(samples) / 1024:.1f} MiB; peak {peak / 1024:.1f} MiB")
    ok = not failures and status == 0 and "error" not in shutdown
    for failure in failures[:20]:
        print("error:", failure)
    if not ok:
        print("".join(server.stderr_tail), file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
