#!/usr/bin/env bash
# The VS Code extension end to end, in code-server driven by Debian's chromium (test.mjs): installs
# the tools (install.sh, cached), packages the .vsix with its zis-lint inside (npm run package),
# and runs the test with `zisLint.path` set to $ZIS_LINT (default: target/debug/zis-lint, built
# here), then with the shipped binary alone.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"

started=$(date +%s)
tools=$(bash tests/editors/code-server/install.sh)
echo "tools ready in $(($(date +%s) - started)) s: $tools"

if [ -z "${ZIS_LINT:-}" ]; then
  cargo build --locked --quiet -p zis-lint
  ZIS_LINT=$repo/target/debug/zis-lint
fi
(
  cd editors/vscode
  [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
  npm run --silent package
)

ZIS_E2E_TOOLS=$tools ZIS_LINT=$ZIS_LINT VSIX=$repo/editors/vscode/zis-lint.vsix \
  node --test tests/editors/code-server/test.mjs
echo "end to end, installs included: $(($(date +%s) - started)) s"
