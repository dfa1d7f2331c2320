"""Check the action server's answers against Rasa's schema without re-checking the schema itself.

Rasa 3.6 validates every answer of the action server with `jsonschema.validate(answer, schema)`,
which first checks the (large, constant) events schema against the JSON Schema meta-schema: under
load that was over half of the Rasa server's time (docs/benchmarks.md, "Speed under load").
`install()` builds the validator once, checks the schema once, and then validates each answer
exactly as `jsonschema.validate` does: the same best-matching error, with Rasa's hint added.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    return _original(self, result)  # Rasa raises the same error, with its hint for developers


_original = RemoteAction._validate_action_result


def install() -> None:
    """Validate action server answers with the validator built once (safe to call more than once)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
