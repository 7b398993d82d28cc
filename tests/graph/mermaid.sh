#!/usr/bin/env bash
# Every Mermaid drawing that `zis-lint graph` makes of the graph fixtures and of the shared corpus
# (each bundle whole; the fixture's flows also alone), read by mermaid's own parser. Installs
# mermaid and jsdom from npm into a scratch folder; needs Node. The mermaid is the version the VS
# Code extension ships, which draws these same graphs in its webview.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${ZIS_CORPUS:-$repo/../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --locked --quiet -p zis-lint
zis_lint=$repo/target/debug/zis-lint
mermaid=$(node -p "require('$repo/editors/vscode/package.json').devDependencies.mermaid")
(
  cd "$work"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "mermaid@$mermaid" jsdom@29.1.1 >/dev/null
)
echo "mermaid $mermaid"
cp "$repo/tests/graph/parse.mjs" "$work/"

count=0
draw() {
  count=$((count + 1))
  "$zis_lint" graph "$@" >"$work/$count.mmd"
}
fixture=$repo/tests/fixtures/graph/triage.json
draw "$fixture" --flow triage
draw "$fixture" --flow notify
draw "$repo/tests/fixtures/graph/missing.json"
while IFS= read -r bundle; do
  draw "$bundle"
done < <({ echo "$fixture"; find "$corpus" -name '*.json' | sort; })

cd "$work" && node parse.mjs ./*.mmd
