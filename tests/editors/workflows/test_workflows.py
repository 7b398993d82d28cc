"""The GitHub workflow examples of docs/ci: their lint step, run as the runner runs a `run:` step
with `shell: bash`, on a folder holding a broken bundle, a good one and other JSON.

Run: pytest tests/editors/workflows (needs pyyaml, and zis-lint on PATH or in ZIS_LINT).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
GOOD = REPO.parent / "shared/corpus/public/activate_next_reply_target.json"
DOCS = REPO / "docs/ci"
ZIS_LINT = os.environ.get("ZIS_LINT") or shutil.which("zis-lint")

pytestmark = pytest.mark.skipif(not ZIS_LINT, reason="zis-lint not built: set ZIS_LINT")


def workflow(name):
    return yaml.safe_load((DOCS / name).read_text())


def step(flow, step_id):
    steps = flow["jobs"]["lint"]["steps"]
    return next(s for s in steps if s.get("id") == step_id)


@pytest.fixture
def checkout(tmp_path):
    shutil.copy(GOOD, tmp_path / "good_bundle.json")
    broken = GOOD.read_text().replace('"Next": "wait_a_second"', '"Next": "wait_a_secnod"')
    (tmp_path / "zis").mkdir()
    (tmp_path / "zis/broken_bundle.json").write_text(broken)
    (tmp_path / "package.json").write_text('{ "name": "not-a-bundle", "version": "1.0.0" }\n')
    return tmp_path


def run_step(flow, cwd):
    lint = step(flow, "lint")
    assert lint["shell"] == "bash"
    env = {**os.environ, "PATH": f"{Path(ZIS_LINT).parent}{os.pathsep}{os.environ['PATH']}"}
    # What the runner runs for `shell: bash`.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", lint["run"]],
        cwd=cwd, env=env, capture_output=True, text=True,
    )


def test_annotations(checkout):
    result = run_step(workflow("zis-lint-annotations.yml"), checkout)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith("::error file=zis/broken_bundle.json,line=")
    assert "ZIS101" in errors[0] and "wait_a_secnod" in errors[0]
    assert any(line.startswith("::warning file=good_bundle.json,") for line in lines)
    assert "package.json" not in result.stdout


def test_code_scanning(checkout):
    flow = workflow("zis-lint-code-scanning.yml")
    assert flow["permissions"]["security-events"] == "write"
    upload = next(s for s in flow["jobs"]["lint"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    result = run_step(flow, checkout)
    assert result.returncode == 0, result.stderr
    sarif = json.loads((checkout / upload["with"]["sarif_file"]).read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    errors = [r for r in results if r["level"] == "error"]
    assert [r["ruleId"] for r in errors] == ["ZIS101"]
    location = errors[0]["locations"][0]["physicalLocation"]
    # Code scanning places a finding by its path relative to the repository root.
    assert location["artifactLocation"]["uri"] == "zis/broken_bundle.json"
    assert location["region"]["startLine"] > 0


def test_code_scanning_fails_when_zis_lint_cannot_run(checkout):
    (checkout / "zis-lint.json").write_text('{ "rules": { "ZIS999": "off" } }\n')
    result = run_step(workflow("zis-lint-code-scanning.yml"), checkout)
    assert result.returncode != 0
