"""Schemathesis's check of our refusals: schema-valid data is refused only as its operation documents.

A well-formed request may still carry a program the engine refuses (past a limit, a run the pool stopped): the
operation declares that answer's status and lists its codes under `x-error-codes`. `invalid_request` says the
request broke the schema, so for schema-valid data it is a failure. Loaded by tests/api/test_contract.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import schemathesis

MALFORMED = "invalid_request"


def refusal_problem(declared: Mapping[str, Any] | None, status: int, body: bytes) -> str | None:
    """Why a 4xx answer to schema-valid data is no documented refusal; None where it is one, or no 4xx."""
    if not 400 <= status < 500:
        return None
    if declared is None:
        return f"{status} is not declared"
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return f"{status} without the error envelope"
    if code == MALFORMED:
        return f"{status} {MALFORMED} for schema-valid data"
    if code not in declared.get("x-error-codes", ()):
        return f"{status} {code} is not among the codes declared for {status}"
    return None


@schemathesis.check
def refusals_are_documented(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    declared = case.operation.responses.find_by_status_code(response.status_code)
    problem = refusal_problem(declared.definition if declared else None, response.status_code, response.content)
    if problem is not None:
        raise AssertionError(f"Schema-valid data refused as no documented refusal: {problem}")
    return None
