"""API under random input: never a 5xx, always a `{code, message}` body on refusal, state untouched.

Hypothesis drives the real app (TestClient on a SQLite node) with random bytes, random JSON,
valid transactions with one field replaced by a random value, and random paths.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings, strategies as st

from node_helpers import Signer, entity_body

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _valid_wire() -> dict:
    return json.loads(Signer().sign("register_participant", entity_body(1), "REGISTRY").raw)


def _check_refused(response) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("code"), str) and body["code"] and isinstance(body.get("message"), str)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_are_refused_cleanly(client, node, raw: bytes) -> None:
    root = node.state.root()
    _check_refused(client.post("/v1/tx", content=raw, headers={"content-type": "application/json"}))
    assert node.state.root() == root


@FUZZ
@given(value=_json)
def test_random_json_is_refused_cleanly(client, node, value) -> None:
    root = node.state.root()
    response = client.post("/v1/tx", content=json.dumps(value).encode(), headers={"content-type": "application/json"})
    _check_refused(response)
    assert response.status_code >= 400
    assert node.state.root() == root


@FUZZ
@given(path=st.sampled_from([("payload", "body", "name"), ("payload", "nonce"), ("payload", "type"), ("payload", "signers"),
                             ("payload", "body", "pubkeys"), ("payload", "body", "roles"), ("signatures",), ("payload", "chain_id")]),
       value=_json)
def test_one_field_replaced_is_refused_cleanly(client, node, path, value) -> None:
    wire = _valid_wire()
    target = wire
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    root = node.state.root()
    response = client.post("/v1/tx", content=json.dumps(wire, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(),
                           headers={"content-type": "application/json"})
    _check_refused(response)
    assert node.state.root() == root


@FUZZ
@given(route=st.sampled_from(["tx", "blocks", "accounts", "instruments", "serials/CEA-2024", "compliance", "proof/inclusion",
                              "proof/state", "checkpoint?size=", "log"]),
       segment=st.text(min_size=1, max_size=30))
def test_random_paths_never_fail_with_5xx(client, route, segment: str) -> None:
    response = client.get(f"/v1/{route}" + ("" if route.endswith("=") else "/") + quote(segment, safe=""))
    _check_refused(response)
