#!/usr/bin/env bash
# Installs what the end-to-end test needs, once: Debian's chromium, the headers code-server's
# native modules build against, and code-server with playwright-core from npm, into a cache folder
# kept between runs ($ZIS_E2E_CACHE). Prints that folder.
set -euo pipefail

code_server=4.100.3   # the newest code-server whose engines allow Node 20
playwright=1.65.2
cache=${ZIS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zis-lint-e2e}
dir=$cache/code-server-$code_server-playwright-$playwright

packages=()
[ -x /usr/lib/chromium/chromium ] || packages+=(chromium)
command -v rg >/dev/null || packages+=(ripgrep)
for header in krb5 xkbfile libsecret-1; do
  pkg-config --exists "$header" 2>/dev/null || packages+=(pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev)
done
if [ ${#packages[@]} -gt 0 ]; then
  echo "apt-get install ${packages[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if ! [ -f "$dir/installed" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  # @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless its cache holds the
  # release archive; one made of Debian's rg stands in for it.
  rg_cache=/tmp/vscode-ripgrep-cache-1.15.11
  rg_archive=$rg_cache/ripgrep-v13.0.0-10-$(uname -m)-unknown-linux-musl.tar.gz
  if ! [ -f "$rg_archive" ]; then
    mkdir -p "$rg_cache" "$dir/rg"
    cp "$(command -v rg)" "$dir/rg/rg"
    tar -czf "$rg_archive" -C "$dir/rg" rg
    rm -rf "$dir/rg"
  fi
  echo "npm install code-server@$code_server playwright-core@$playwright (native modules build from source: minutes)" >&2
  (
    cd "$dir"
    npm init -y >/dev/null
    # node-pty's postinstall runs `npx node-gyp`, which must not ask; as root, npm drops to
    # another user for install scripts unless told not to.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_yes=true npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --loglevel=error \
      "code-server@$code_server" "playwright-core@$playwright" >&2
  )
  touch "$dir/installed"
fi
echo "$dir"
