"""The JSON Schemas of schemas/: up to date with their sources, true to the corpus, and strict
where the linter is.

Run: pytest tests/editors/schemas (needs jsonschema; tests/editors/run.sh installs it).
"""

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "corpus"
TUTORIAL = CORPUS / "tutorial" / "post_tickets_to_webhook_bundle.json"
CONFIGS = Path(__file__).parent / "configs"
# Its Choice rule used `StringMatches`, which ZIS rejects (corpus/README.md).
STRING_MATCHES_VERSION = "history/tsanet/06_78b4977.json"


def load(path):
    return json.loads(Path(path).read_text())


@pytest.fixture(scope="module")
def bundle_schema():
    schema = load(REPO / "schemas/zis-bundle.schema.json")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@pytest.fixture(scope="module")
def config_schema():
    schema = load(REPO / "schemas/zis-lint.schema.json")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def errors(validator, instance):
    return [(list(e.absolute_path), e.message) for e in validator.iter_errors(instance)]


def test_committed_schemas_match_the_generator():
    result = subprocess.run(
        [sys.executable, str(REPO / "schemas/generate.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_event_types_come_from_the_catalog(bundle_schema):
    catalog = load(REPO / "schemas/events.json")
    rules = bundle_schema.schema["definitions"]["jobSpecProperties"]["allOf"]
    by_source = {r["if"]["properties"]["event_source"]["const"]: r["then"]["properties"]["event_type"] for r in rules}
    for source in catalog["sources"]:
        allowed = by_source[source["name"]]
        enum = allowed["anyOf"][0]["enum"] if "anyOf" in allowed else allowed["enum"]
        assert enum == [t["name"] for f in source["families"] for t in f["types"]]
    assert set(by_source) == {s["name"] for s in catalog["sources"]}


UNKNOWN_EVENT_TYPE_BUNDLE = "found/registry_download_post_tickets_to_webhook.json"
CORPUS_FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.json"))


def test_the_corpus_is_there():
    assert len(CORPUS_FILES) >= 28, f"corpus not found beside the repo at {CORPUS}"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_bundle_validates(bundle_schema, name):
    found = errors(bundle_schema, load(CORPUS / name))
    if name == STRING_MATCHES_VERSION:
        assert found and all(path[-1] == "StringMatches" for path, _ in found), found
    elif name == UNKNOWN_EVENT_TYPE_BUNDLE:
        # A real mistake that the Registry accepted (found/SOURCES.md): `ticket.Created`.
        assert [path[-1] for path, _ in found] == ["event_type"], found
    else:
        assert found == []


def tutorial():
    return load(TUTORIAL)


def job_spec(bundle):
    return bundle["resources"]["ticket_created_jobspec"]["properties"]


def first_state(bundle):
    return bundle["resources"]["post_tickets_to_webhook_flow"]["properties"]["definition"]["States"]["Zendesk.TicketCreated"]


def action(bundle):
    return bundle["resources"]["post-to-webhook-site"]["properties"]["definition"]


def mutated(change):
    bundle = copy.deepcopy(tutorial())
    change(bundle)
    return bundle


ACCEPTED = {
    "another support event": lambda b: job_spec(b).update(event_type="user.UserCreated"),
    "a sunshine event": lambda b: job_spec(b).update(event_source="sunshine", event_type="activity.UserActivityCreated"),
    # organization.* names are unconfirmed: any of them is accepted.
    "an unconfirmed organization event": lambda b: job_spec(b).update(event_type="organization.OrganizationRestored"),
    "an inbound webhook's own event": lambda b: job_spec(b).update(event_source="acme_crm", event_type="deal.won"),
    "a path variant": lambda b: action(b).update({"url.$": "$.target"}) or action(b).pop("url"),
    "an undocumented field": lambda b: first_state(b).update(InputPath="$.input"),
    "Registry fields": lambda b: b.update(integration="acme", uuid="a-b-c", zendesk_account_id=12),
    # Only 2019-10-14 is documented, but the Registry has stored and returned another.
    "a template version the Registry accepted": lambda b: b.update(zis_template_version="2019-02-28"),
    "query parameters under `query`": lambda b: action(b).update(query=[{"key": "q", "value": "1"}]),
}

REJECTED = {
    "an event type of the wrong source": lambda b: job_spec(b).update(event_type="activity.UserActivityCreated"),
    "a misspelt event type": lambda b: job_spec(b).update(event_type="ticket.TicketCreate"),
    "a Task state": lambda b: first_state(b).update(Type="Task"),
    "Retry": lambda b: first_state(b).update(Retry=[]),
    "neither Next nor End": lambda b: first_state(b).pop("End"),
    "both Next and End": lambda b: first_state(b).update(Next="Other"),
    "End false": lambda b: first_state(b).update(End=False),
    "both url and path": lambda b: action(b).update(path="/api/v2/tickets.json"),
    "an unknown HTTP method": lambda b: action(b).update(method="FETCH"),
    "an unknown resource type": lambda b: b["resources"]["post-to-webhook-site"].update(type="ZIS::Action::Lambda"),
    "an unknown field": lambda b: first_state(b).update(Paramaters={}),
    "a template version that is not a string": lambda b: b.update(zis_template_version=20191014),
    "a Catch for another error": lambda b: first_state(b).update(Catch=[{"ErrorEquals": ["States.Timeout"], "Next": "X"}]),
    "a header without value": lambda b: action(b)["headers"][0].pop("value.$"),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_schema_accepts(bundle_schema, case):
    assert errors(bundle_schema, mutated(ACCEPTED[case])) == []


@pytest.mark.parametrize("case", REJECTED)
def test_schema_rejects(bundle_schema, case):
    assert errors(bundle_schema, mutated(REJECTED[case])) != []


def config_files(kind):
    return sorted(p.name for p in (CONFIGS / kind).glob("*.json"))


@pytest.mark.parametrize("name", config_files("valid"))
def test_config_validates(config_schema, name):
    assert errors(config_schema, load(CONFIGS / "valid" / name)) == []


@pytest.mark.parametrize("name", config_files("invalid"))
def test_bad_config_is_rejected(config_schema, name):
    assert errors(config_schema, load(CONFIGS / "invalid" / name)) != []


def zis_lint():
    return os.environ.get("ZIS_LINT") or shutil.which("zis-lint")


@pytest.mark.skipif(not zis_lint(), reason="zis-lint not built: set ZIS_LINT")
@pytest.mark.parametrize("kind,name", [(k, n) for k in ("valid", "invalid") for n in config_files(k)])
def test_the_linter_agrees_with_the_config_schema(tmp_path, kind, name):
    shutil.copy(CONFIGS / kind / name, tmp_path / "zis-lint.json")
    shutil.copy(TUTORIAL, tmp_path / "bundle.json")
    result = subprocess.run([zis_lint(), "check", "--format", "json", "bundle.json"], cwd=tmp_path, capture_output=True, text=True)
    if kind == "valid":
        assert result.returncode in (0, 1), result.stderr
        json.loads(result.stdout)
    else:
        assert result.returncode == 2, (result.stdout, result.stderr)
        assert "zis-lint.json" in result.stderr
