#!/usr/bin/env bash
# Runs test.lua in the Neovim given as $1 (default: nvim on PATH) against zis-lint on PATH.
set -euo pipefail
nvim_bin=${1:-nvim}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# A fresh HOME and XDG folders: no user config, no shada or log files left behind.
HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state \
  XDG_CACHE_HOME=$home/cache ZIS_LINT_REPO=$repo \
  timeout 300 "$nvim_bin" --headless --clean -c "luafile $repo/tests/editors/nvim/test.lua"
