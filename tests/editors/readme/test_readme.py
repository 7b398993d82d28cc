"""The README's command lines, run as a newcomer would copy them: the `--flow` example names a
flow of the sample it points at, and installing uses the locked dependency versions."""

import os
import re
import shlex
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
README = (REPO / "README.md").read_text()
ZIS_LINT = os.environ.get("ZIS_LINT", str(REPO / "target/debug/zis-lint"))


def test_the_flow_example_draws_a_flow_of_its_sample():
    examples = [line for line in README.splitlines() if line.startswith("zis-lint graph") and "--flow" in line]
    assert examples, "no `zis-lint graph --flow` example in README.md"
    for line in examples:
        command = shlex.split(line.split("|")[0].split("#")[0])
        result = subprocess.run([ZIS_LINT, *command[1:]], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
        assert result.stdout.startswith("digraph"), result.stdout[:200]


def test_installs_are_locked():
    installs = re.findall(r"cargo install [^`\n]*--path \.", README)
    assert installs, "no `cargo install` in README.md"
    assert all("--locked" in install for install in installs), installs
