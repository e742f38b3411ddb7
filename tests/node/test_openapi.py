"""The published OpenAPI document against the node that publishes it (schemathesis on a served node with data).

- every route's real answers (one of every kind of record, openapi_market.py) match the schema declared for them;
- schemathesis generates requests for every route from the document: never a 5xx, every answer's status, content
  type and body as declared (errors `{code, message}`);
- the document declares a schema and an example for every answer, `{code, message}` for every error, no FastAPI
  `{detail}` schema, and lists every stable error code;
- /docs and /redoc load with every asset from the node itself.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import jsonschema_rs
import pytest
import schemathesis
from schemathesis import GenerationMode, checks
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "explorer"))  # served_node: a node on 127.0.0.1

from helpers import uscc
from openapi_market import build_rich_market
from served_node import ServedNode, serve

from ledger.errors import LedgerError
from node.errors import error_classes

EXAMPLES_PER_ROUTE = 12  # generated requests per route and mode: about 30 routes, both modes in under a minute
schemathesis.serializer.alias("application/x-ndjson", "text/plain")  # POST /v1/txs: lines of text
MAX_URL = 12_000  # characters of a generated URL: h11 takes a request head of up to 16 KiB
TEXT_TYPES = ("application/x-ndjson", "text/")
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.negative_data_rejection]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedNode, dict[str, str]]]:
    """A node on 127.0.0.1 with openapi_market's records, and the ids of some of its transactions."""
    node = serve(tmp_path_factory.mktemp("openapi") / "home")
    try:
        with httpx.Client(base_url=node.url) as http:
            ids = build_rich_market(http, node.node)
        yield node, ids
    finally:
        node.stop()


@pytest.fixture(scope="module")
def http(served: tuple[ServedNode, dict[str, str]]) -> Iterator[httpx.Client]:
    """An HTTP client of the served node."""
    with httpx.Client(base_url=served[0].url) as client:
        yield client


@pytest.fixture(scope="module")
def document(http: httpx.Client) -> dict[str, Any]:
    """The OpenAPI document the node publishes."""
    return http.get("/openapi.json").json()


@pytest.fixture(scope="module")
def api_schema(served: tuple[ServedNode, dict[str, str]]) -> Any:
    """The published document, loaded by schemathesis from the served node."""
    return schemathesis.openapi.from_url(f"{served[0].url}/openapi.json")


def _real_urls(ids: dict[str, str]) -> list[str]:
    """A URL with data behind it for every GET route of the document."""
    entity, cancelled = uscc(2), ids["ccer_cancel"]
    return ["/v1/status", "/v1/genesis", "/v1/blocks/3", "/v1/blocks?from=1&to=3", "/v1/evidence", "/v1/trust",
            f"/v1/accounts/{entity}", f"/v1/accounts/{entity}/holdings", "/v1/instruments/CEA-2024",
            "/v1/serials/CEA-2024/1", "/v1/serials/CCER-WIND-9-2021/1", "/v1/compliance/2024",
            "/v1/compliance/2024?format=csv&province=11", "/v1/compliance/2024?status=B&sort=fine&order=desc&limit=1",
            f"/v1/compliance/2024/{entity}", f"/v1/compliance/2024/{entity}/notice", "/v1/prices/CEA-2024",
            "/v1/projects", "/v1/projects/WIND-9", "/v1/methodologies", "/v1/vvbs", "/v1/cancellations?limit=1",
            f"/v1/cancellations/{cancelled}", "/v1/checkpoint", "/v1/checkpoint?format=note", "/v1/checkpoints",
            f"/v1/proof/inclusion/{cancelled}", f"/v1/proof/inclusion/{cancelled}?format=tlog-proof",
            "/v1/proof/consistency?from=1", f"/v1/proof/state/holding/{entity}/CEA-2024", "/v1/log/0",
            f"/v1/tx/{cancelled}", f"/v1/tx/{ids['transfer']}", "/explorer/trust.json",
            f"/v1/accounts/{entity}/txs?limit=2", "/v1/instruments/CEA-2024/holders", "/v1/blocks/3/txs",
            f"/v1/nonces?accounts={entity},{uscc(1)}", "/v1/search?q=WIND", "/v1/instruments"]


def _operation(api_schema: Any, url: str) -> Any:
    """The schemathesis operation (GET) that serves `url`."""
    path = url.split("?")[0]
    template = next(t for t in api_schema.raw_schema["paths"] if re.fullmatch(_pattern(t), path))
    return api_schema[template]["GET"]


def _pattern(template: str) -> str:
    """A regular expression of the URLs of a path template (`{key}` of a state proof spans slashes)."""
    return re.sub(r"\\{([a-z_]+)\\}", lambda m: ".+" if m[1] == "key" else "[^/]+", re.escape(template))


def test_every_get_route_has_a_real_answer_to_check(document: dict[str, Any], served) -> None:
    routes = {path for path, ops in document["paths"].items() if "get" in ops}
    covered = {path for path in routes for url in _real_urls(served[1])
               if re.fullmatch(_pattern(path), url.split("?")[0])}
    assert routes - covered == set()


def test_real_answers_match_their_declared_schema(api_schema, http: httpx.Client, served) -> None:
    paths = api_schema.raw_schema["paths"]
    for url in _real_urls(served[1]):
        if not any(re.fullmatch(_pattern(template), url.split("?")[0]) for template in paths):
            continue  # a route of a branch not merged here (the test above checks every route is read)
        response = http.get(url)
        assert response.status_code == 200, (url, response.text)
        _operation(api_schema, url).validate_response(response)


def _named(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of a JSON answer, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _named(item)
    elif isinstance(value, list):
        for item in value:
            yield from _named(item)


def test_one_name_one_kind_of_value_across_answers(http: httpx.Client, served) -> None:
    wrong = []
    for url in _real_urls(served[1]):
        if "format=" not in url:
            for key, value in _named(http.get(url).json()):
                is_id = key in ("tx", "tx_id") and not (isinstance(value, str) and re.fullmatch("[0-9a-f]{64}", value))
                is_int = key.endswith(("_ms", "_fen", "_t")) and not (value is None or type(value) is int)
                if is_id or is_int:
                    wrong.append((url, key, value))
    assert wrong == []


def test_a_changed_answer_is_caught_by_the_schema(api_schema, http: httpx.Client) -> None:
    response = http.get("/v1/status")
    broken = httpx.Response(200, json={**response.json(), "height": "nineteen"}, request=response.request)
    broken.elapsed = response.elapsed
    with pytest.raises(Exception, match="height"):
        _operation(api_schema, "/v1/status").validate_response(broken)


def test_errors_match_their_declared_schema(api_schema, http: httpx.Client) -> None:
    for url, status in (("/v1/blocks/999", 404), ("/v1/blocks?from=5&to=2", 422), ("/v1/accounts/nope!", 422),
                        (f"/v1/compliance/2024/{uscc(9)}", 404), ("/v1/projects?cursor=ZZZ", 422),
                        ("/v1/blocks?from=99999999999999999999", 422)):  # once a 500 (SQLite overflow)
        response = http.get(url)
        assert response.status_code == status, (url, response.text)
        assert set(response.json()) == {"code", "message"}
        _operation(api_schema, url).validate_response(response)


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def test_every_answer_declares_a_schema_with_an_example(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for path, method, op in _operations(document):
        for status, answer in op["responses"].items():
            json_body = answer.get("content", {}).get("application/json")
            assert json_body and "$ref" in json_body["schema"], (method, path, status)
            model = schemas[json_body["schema"]["$ref"].rsplit("/", 1)[1]]
            assert model.get("examples") and model.get("properties"), (method, path, status)
            assert all(prop.get("description") for prop in model["properties"].values()), (method, path, status)


def test_every_error_is_code_and_message_with_its_codes_listed(document: dict[str, Any]) -> None:
    text = json.dumps(document)
    assert "HTTPValidationError" not in text and '"detail"' not in text
    for path, method, op in _operations(document):
        errors = {status: answer for status, answer in op["responses"].items() if status >= "400"}
        assert "422" in errors or not op.get("parameters"), (method, path)
        for status, answer in errors.items():
            assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
            assert "`" in answer["description"], (method, path, status)
    codes = {cls.code for cls in error_classes()} - {LedgerError.code}
    assert {code for code in codes if f"`{code}`" not in document["info"]["description"]} == set()


def test_text_answers_are_declared_as_text(document: dict[str, Any]) -> None:
    for path in ("/v1/checkpoint", "/v1/proof/inclusion/{tx_id}"):
        assert document["paths"][path]["get"]["responses"]["200"]["content"]["text/plain"]["schema"]["type"] == "string"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_every_asset_from_the_node(http: httpx.Client, page: str) -> None:
    html = http.get(page)
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    assert re.findall(r"https?://", html.text) == []
    assets = re.findall(r"""(?:src|href|spec-url)\s*=\s*['"]([^'"]+)['"]""", html.text) + re.findall(r"url: '([^']+)'", html.text)
    assert any(a.endswith(".js") for a in assets) and "/openapi.json" in assets
    for asset in assets:
        response = http.get(asset)
        assert response.status_code == 200 and len(response.content) > 0, asset


def test_docs_asset_outside_the_list_is_not_found(http: httpx.Client) -> None:
    response = http.get("/docs/assets/..%2F__init__.py")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def _fuzz(operation: Any, mode: GenerationMode) -> None:
    """Send generated requests (`mode`: fitting the document or not) to `operation`; raise on a 5xx, on a request
    outside the document that is accepted, or on an answer whose status, content type or body is not declared."""
    @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(mode).filter(_fits_request_head))
    def run(case: Any) -> None:
        case.call_and_validate(checks=CHECKS[:-1] if _text_only(operation) else CHECKS)
    run()


def _fits_request_head(case: Any) -> bool:
    """True if the request line stays under uvicorn's limit: h11 resets the connection of a request head over 16 KiB
    (GET /v1/nonces of 1,000 long account ids can pass it), before the app could answer."""
    return len(urlencode(case.query or {}, doseq=True)) + len(json.dumps(case.path_parameters or {})) < MAX_URL


def _text_only(operation: Any) -> bool:
    """True if the body is text of any content (NDJSON): a "schema-violating" body is then still text, and is judged
    line by line in the answer, not refused whole."""
    bodies = list(operation.body)
    return bool(bodies) and all(body.media_type.startswith(TEXT_TYPES) for body in bodies)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_never_5xx_and_match_the_schema(api_schema: Any, mode: GenerationMode) -> None:
    failures = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, mode)
        except Unsatisfiable:  # no request outside the document: the route takes no parameter
            assert mode == GenerationMode.NEGATIVE and not operation.path_parameters and not operation.query
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (every route is tried; failures reported together)
            failures[operation.label] = str(exc)[:2000]
    assert failures == {}, "\n\n".join(f"{label}: {text}" for label, text in failures.items())


def test_every_example_is_valid_for_its_own_schema(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name, model in schemas.items():
        resolved = {**model, "$defs": schemas}
        text = json.dumps(resolved).replace("#/components/schemas/", "#/$defs/")
        assert [example for example in model.get("examples", []) if not jsonschema_rs.is_valid(json.loads(text), example)] == [], name
