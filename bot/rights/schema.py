"""JSON Schema of bot/content/facts.yml, checked with jsonschema when the facts load.

YAML turns `2026-11-23` into a `datetime.date`, so the schema has a `date` type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jsonschema import Draft202012Validator, validators

LANGUAGES = ("en", "es")
KEY = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}

_TEXT = {
    "type": "object",
    "required": ["en"],
    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
    "additionalProperties": False,
}
# One value for all languages, or one per language (e.g. a Spanish-language phone line).
_LOCALIZED = {"anyOf": [{"type": "string", "minLength": 1}, _TEXT]}
_SOURCE = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "string", "pattern": r"^https://\S+$"},
}
_SAY = {"type": "object", "propertyNames": KEY, "additionalProperties": _TEXT}


def _entry(required: list[str], properties: dict[str, Any], fact: bool = True) -> dict[str, Any]:
    """An object with exactly these properties; a fact also needs its source and review date."""
    if fact:
        properties = {
            **properties,
            "source": _SOURCE,
            "reviewed": {"type": "date"},
            "citation": {"type": "string", "minLength": 1},
        }
        required = [*required, "source", "reviewed"]
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _keyed(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "minProperties": 1,
        "propertyNames": KEY,
        "additionalProperties": entry,
    }


_STANDARD = {
    **_entry(
        ["counted_from"],
        {
            "business_days": {"type": "integer", "minimum": 1},
            "hours": {"type": "integer", "minimum": 1},
            "counted_from": {"enum": ["request", "prior_appointment"]},
            "citation": {"type": "string", "minLength": 1},
            "who": _TEXT,
            "rule": _TEXT,
        },
        fact=False,
    ),
    "oneOf": [{"required": ["business_days"]}, {"required": ["hours"]}],
}

_HOTLINE = _entry(
    ["name"],
    {
        "name": _TEXT,
        "phone": _LOCALIZED,
        "phone_letters": {"type": "string"},
        "sms": _LOCALIZED,
        "sms_keyword": _LOCALIZED,
        "tdd": {"type": "string"},
        "web": {"type": "string"},
        "hours": _TEXT,
        "note": _TEXT,
    },
)

_STRIKE = {
    **_entry(
        ["active", "plan", "region", "started"],
        {
            "active": {"type": "boolean"},
            "plan": {"type": "string", "minLength": 1},
            "region": _TEXT,
            "started": {"type": "date"},
            "ended": {"type": ["date", "null"]},
        },
    ),
    # An active strike has not ended.
    "if": {"properties": {"active": {"const": True}}},
    "then": {"properties": {"ended": {"type": "null"}}},
}

# A crisis reply: a full text for the web and the shell, a short one for SMS.
_CRISIS_REPLY = _entry(["web", "sms"], {"web": _TEXT, "sms": _TEXT}, fact=False)

FACTS_SCHEMA: dict[str, Any] = _entry(
    [
        "reviewed",
        "formats",
        "hotlines",
        "timely_access",
        "care_types",
        "out_of_network",
        "complaints",
        "coverage",
        "during_strike",
        "strike",
        "crisis",
    ],
    {
        "reviewed": {"type": "date"},
        "formats": _entry(
            ["date", "date_with_year", "pair"],
            {"date": _TEXT, "date_with_year": _TEXT, "pair": _TEXT},
            fact=False,
        ),
        "hotlines": _keyed(_HOTLINE),
        "timely_access": _entry(
            ["citation", "short_citation", "standards", "say"],
            {"short_citation": {"type": "string"}, "standards": _keyed(_STANDARD), "say": _SAY},
        ),
        "care_types": _keyed(
            _entry(
                ["label", "standards"],
                {
                    "label": _TEXT,
                    "standards": {"type": "array", "minItems": 1, "maxItems": 2, "items": KEY},
                    "note": _TEXT,
                },
                fact=False,
            )
        ),
        "out_of_network": _entry(
            ["citation", "short_citation", "say"],
            {"short_citation": {"type": "string"}, "say": _SAY},
        ),
        "complaints": _entry(["citation", "say"], {"say": _SAY}),
        "coverage": _entry(["say"], {"say": _SAY}),
        "during_strike": _entry(["say"], {"say": _SAY}),
        "strike": _STRIKE,
        "crisis": _entry(
            ["crisis", "emergency", "check", "check_no", "try_again", "directory_down", "lost_track"],
            {
                "crisis": _CRISIS_REPLY,
                "emergency": _CRISIS_REPLY,
                "check": _TEXT,
                "check_no": _TEXT,
                "try_again": _TEXT,
                "directory_down": _TEXT,
                "lost_track": _TEXT,
            },
            fact=False,
        ),
    },
    fact=False,
)

_type_checker = Draft202012Validator.TYPE_CHECKER.redefine("date", lambda _checker, value: isinstance(value, dt.date))
FactsValidator = validators.extend(Draft202012Validator, type_checker=_type_checker)
