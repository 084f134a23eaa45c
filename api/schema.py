"""The answers every operation may give besides 200, in the OpenAPI schema
(a drf-spectacular post-processing hook), so clients and schemathesis know
them: 304 to a conditional request, 400 for a filter value that is not
valid, 404 for an unknown record or cursor, 429 past the rate limit."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "description": "What went wrong, in the language asked for.",
}
INVALID = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "For each filter with a value that is not valid, why.",
}


def _json(description: str, schema_ref: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": schema_ref}}},
    }


def document_errors(result: dict, generator, request, public) -> dict:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["InvalidFilters"] = INVALID
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method != "get":
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "304", {"description": "Not modified since the ETag or date the client sent."}
            )
            responses.setdefault(
                "404",
                _json(
                    "No such record, or a cursor that is not valid.", "#/components/schemas/Error"
                ),
            )
            responses.setdefault(
                "429", _json("Too many requests: see Retry-After.", "#/components/schemas/Error")
            )
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                responses.setdefault(
                    "400",
                    _json("A filter value is not valid.", "#/components/schemas/InvalidFilters"),
                )
    return result
