#!/usr/bin/env bash
# Builds the VS Code extension and packages it as a .vsix.
#
# usage: editors/vscode/package.sh [--server PATH] [--out FILE]
#   --server PATH  bundle this cable-ls binary in the extension (server/);
#                  without it the extension uses `cableLs.server.path` or
#                  `cable-ls` on PATH
#   --out FILE     where to write the .vsix (default: editors/vscode/cable-ls-VERSION.vsix)
#   (relative paths are relative to the current folder)
#
# Needs Node 20+ and npm. Dependencies are the exact versions of
# package-lock.json (`npm ci`); npm's download cache is $npm_config_cache
# when set.
set -euo pipefail

# Paths are relative to where the script is called from.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
server=""
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --server) server=$(absolute "${2:?--server needs a path}"); shift 2 ;;
        --out) out=$(absolute "${2:?--out needs a path}"); shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")"

# Reinstall only when the lock file changed since the last install.
if ! cmp -s package-lock.json node_modules/.package-lock.json.installed 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.package-lock.json.installed
fi
rm -rf out
npx --no-install tsc -p ./

# The bundled server: only what --server names, never a stale copy.
find server -mindepth 1 ! -name .gitkeep -delete
if [ -n "$server" ]; then
    [ -x "$server" ] || { echo "package.sh: $server is not an executable" >&2; exit 2; }
    cp "$server" server/cable-ls
    chmod 755 server/cable-ls
    # Release builds keep debug info; the extension does not need it.
    if command -v strip >/dev/null; then strip server/cable-ls; fi
fi

version=$(node -p 'require("./package.json").version')
out=${out:-$PWD/cable-ls-$version.vsix}
npx --no-install vsce package --skip-license --allow-missing-repository --out "$out"
echo "packaged $out"
