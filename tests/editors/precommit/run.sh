#!/usr/bin/env bash
# The pre-commit hook, run by the real pre-commit from PyPI on real `git commit`s in throwaway
# repositories: a broken bundle fails the commit with its diagnostic shown; a good bundle and JSON
# that is not a bundle pass, with the bundle's warnings shown. Two setups, as docs/ci/README.md
# gives them:
#   - this repository's .pre-commit-hooks.yaml (`language: rust`): pre-commit builds the hook
#     from source with `cargo install` in its own environment (release profile, no reuse of
#     target/), so the first commit takes minutes. Set PRE_COMMIT_HOME to keep the build.
#   - a `repo: local` hook with `language: system`, using the zis-lint on PATH.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../../.." && pwd)
corpus=${ZIS_CORPUS:-$repo/../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; sed 's/^/    /' "$work/out.txt"; }

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pre_commit=$work/venv/bin/pre-commit
"$pre_commit" --version
export PRE_COMMIT_HOME=${PRE_COMMIT_HOME:-$work/pre-commit-home}

# pre-commit clones `repo:` at `rev:`. A snapshot commit of the working tree (tracked and
# untracked files, minus what .gitignore leaves out) makes the test cover uncommitted work too;
# in CI it equals HEAD.
hooks=$work/hooks
git init --quiet "$hooks"
git -C "$repo" ls-files -z --cached --others --exclude-standard |
  (cd "$repo" && xargs -0 tar -cf - --ignore-failed-read 2>/dev/null) | tar -xf - -C "$hooks"
git -C "$hooks" add --all
git -C "$hooks" -c user.name=test -c user.email=test@example.invalid commit --quiet -m snapshot
rev=$(git -C "$hooks" rev-parse HEAD)

# scenario NAME: commits in a new repository whose .pre-commit-config.yaml is read from stdin.
scenario() {
  local name=$1 project=$work/$1
  git init --quiet "$project"
  git -C "$project" config user.name test
  git -C "$project" config user.email test@example.invalid
  cat >"$project/.pre-commit-config.yaml"
  (cd "$project" && "$pre_commit" install >/dev/null)

  commit() {
    local message=$1
    shift
    git -C "$project" add "$@"
    (cd "$project" && git commit -m "$message") >"$work/out.txt" 2>&1
  }

  # A bundle without error-level findings (warnings about its template placeholder only).
  cp "$corpus/public/activate_next_reply_target.json" "$project/good_bundle.json"
  echo '{ "name": "not-a-bundle", "version": "1.0.0", "scripts": { "test": "true" } }' >"$project/package.json"
  local started
  started=$(date +%s)
  if commit "good bundle and other JSON" .pre-commit-config.yaml good_bundle.json package.json; then
    ok "$name: a good bundle and unrelated JSON pass (in $(($(date +%s) - started)) s, hook set-up included)"
  else
    not_ok "$name: a good bundle and unrelated JSON pass"
  fi
  # pre-commit shows a passing hook's output only when the hook is verbose.
  if grep -qF 'warning[ZIS404]: template placeholder `%INTEGRATION_NAME%` not filled in' "$work/out.txt" &&
    grep -qF "good_bundle.json:64:34" "$work/out.txt" && grep -qF "good_bundle.json:90:27" "$work/out.txt" &&
    grep -qF "2 warnings in 1 file" "$work/out.txt"; then
    ok "$name: the passing commit shows the bundle's two warnings"
  else
    not_ok "$name: the passing commit shows the bundle's two warnings"
  fi

  # The same bundle with a transition to a state that does not exist: ZIS101, an error.
  sed 's/"Next": "wait_a_second"/"Next": "wait_a_secnod"/' "$project/good_bundle.json" >"$project/broken_bundle.json"
  if commit "broken bundle" broken_bundle.json; then
    not_ok "$name: a broken bundle fails the commit"
  elif grep -q "ZIS101" "$work/out.txt" && grep -q "broken_bundle.json" "$work/out.txt" && grep -q "wait_a_secnod" "$work/out.txt"; then
    ok "$name: a broken bundle fails the commit, with the diagnostic shown"
  else
    not_ok "$name: a broken bundle fails the commit, with the diagnostic shown"
  fi
  if [ -n "$(git -C "$project" log --oneline --grep="broken bundle" 2>/dev/null)" ]; then
    echo "the broken bundle was committed" >"$work/out.txt"
    not_ok "$name: the failed commit committed nothing"
  else
    ok "$name: the failed commit committed nothing"
  fi
}

if command -v zis-lint >/dev/null; then
  scenario system <<'EOF'
repos:
  - repo: local
    hooks:
      - id: zis-lint
        name: zis-lint
        entry: zis-lint check
        language: system
        types: [json]
        verbose: true
EOF
else
  echo "zis-lint" >"$work/out.txt"
  not_ok "system: zis-lint is on PATH"
fi

scenario rust <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: zis-lint
EOF

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
