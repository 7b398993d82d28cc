"""schemas/zis-test.schema.json: every flow test file of the repository validates, and what
`zis-lint test` refuses, the schema refuses too.

Run: pytest tests/editors/schemas (needs jsonschema; tests/editors/run.sh installs it).
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

REPO = Path(__file__).resolve().parents[3]
TEST_FILES = sorted(
    p for p in REPO.rglob("*.zis-test.json") if "target" not in p.parts and "node_modules" not in p.parts
)


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((REPO / "schemas/zis-test.schema.json").read_text())
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def messages(validator, instance):
    return [e.message for e in validator.iter_errors(instance)]


def test_the_test_files_are_there():
    assert len(TEST_FILES) >= 3, TEST_FILES


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_test_file_validates(validator, path):
    assert messages(validator, json.loads(path.read_text())) == []


BASE = {"bundle": "b.json", "tests": [{"name": "a"}]}


@pytest.mark.parametrize(
    "instance",
    [
        {"tests": [{"name": "a"}]},
        {"bundle": "b.json", "tests": []},
        {**BASE, "extra": 1},
        {"bundle": "b.json", "tests": [{"name": "a", "expect": {"stat": "failed"}}]},
        {"bundle": "b.json", "tests": [{"name": "a", "expect": {"status": "passed"}}]},
        {"bundle": "b.json", "tests": [{"name": "a", "event": {}, "event_file": "e.json"}]},
        {"bundle": "b.json", "event_type": "ticket.TicketCreated", "event_file": "e.json", "tests": [{"name": "a"}]},
        {**BASE, "mocks": {}, "mocks_file": "m.json"},
        {**BASE, "mocks": {"actions": {"x": {"status": 200, "bodyy": {}}}}},
        {**BASE, "mocks": {"connections": {"slack": {}}}},
    ],
)
def test_refuses_what_the_runner_refuses(validator, instance):
    assert messages(validator, instance) != []
