"""Load bot/content/facts.yml once, check it, and read typed facts and texts from it.

A bad file raises FactsError naming the bad entry (e.g. `hotlines.maternal_hotline`), so a
staff edit can never make the bot state something without a source.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import best_match

from bot.rights.deadlines import Standard
from bot.rights.schema import FACTS_SCHEMA, LANGUAGES, FactsValidator

FACTS_PATH = Path(__file__).resolve().parents[1] / "content" / "facts.yml"
_PLACEHOLDER = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$")


class FactsError(ValueError):
    """The facts file is missing something or contradicts itself."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path or "(top level)"
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class CareType:
    key: str
    standards: tuple[str, ...]  # keys into timely_access.standards
    has_note: bool


@dataclass(frozen=True)
class Hotline:
    """One resource, with its texts already in the requested language."""

    key: str
    name: str
    phone: str | None
    phone_letters: str | None
    sms: str | None
    sms_keyword: str | None
    tdd: str | None
    web: str | None
    hours: str | None
    note: str | None
    source: tuple[str, ...]
    reviewed: dt.date


@dataclass(frozen=True)
class Strike:
    active: bool
    plan: str
    started: dt.date
    ended: dt.date | None


def _is_text(node: Any) -> bool:
    return isinstance(node, Mapping) and "en" in node and set(node) <= set(LANGUAGES)


def _localize(node: Any, lang: str) -> Any:
    return node.get(lang, node["en"]) if _is_text(node) else node


def _path(parts: Iterable[str | int]) -> str:
    """`care_types.other.standards[0]` from the keys and indexes leading to an entry."""
    joined = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)
    return joined.lstrip(".")


def _walk_texts(node: Any, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[str, Mapping[str, str]]]:
    if _is_text(node):
        yield _path(parts), node
    elif isinstance(node, Mapping):
        for key, child in node.items():
            yield from _walk_texts(child, (*parts, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _walk_texts(child, (*parts, index))


def _lookup(doc: Mapping[str, Any], dotted: str) -> Any:
    node: Any = doc
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


class _Renderer(string.Formatter):
    """str.format where {a.b} reads the facts file and {name} reads the given values."""

    def __init__(self, doc: Mapping[str, Any], lang: str) -> None:
        self._doc = doc
        self._lang = lang

    def get_field(self, field_name: str, args: Any, kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        if "." in field_name:
            return _localize(_lookup(self._doc, field_name), self._lang), field_name
        return kwargs[field_name], field_name


def _check_texts(doc: Mapping[str, Any]) -> None:
    for path, text in _walk_texts(doc):
        fields = {lang: _checked_fields(doc, f"{path}.{lang}", text[lang]) for lang in text}
        if any(lang_fields != fields["en"] for lang_fields in fields.values()):
            raise FactsError(path, "the languages use different {placeholders}")


def _checked_fields(doc: Mapping[str, Any], path: str, template: str) -> set[str]:
    """The template's {placeholders}; each {a.b} must name a single value in the file."""
    try:
        parsed = string.Formatter().parse(template)
        fields = {field for _, field, _, _ in parsed if field is not None}
    except ValueError as error:
        raise FactsError(path, f"bad braces: {error}") from None
    for field in fields:
        if not _PLACEHOLDER.match(field):
            raise FactsError(path, f"bad placeholder {{{field}}}")
        if "." not in field:
            continue  # a value the code gives when it renders the text
        try:
            value = _lookup(doc, field)
        except KeyError:
            raise FactsError(path, f"unknown reference {{{field}}}") from None
        if not (isinstance(value, (str, int)) or _is_text(value)):
            raise FactsError(path, f"{{{field}}} is not a single value")
    return fields


def _check_care_types(doc: Mapping[str, Any]) -> None:
    standards = doc["timely_access"]["standards"]
    for key, care in doc["care_types"].items():
        for index, standard in enumerate(care["standards"]):
            path = _path(("care_types", key, "standards", index))
            if standard not in standards:
                raise FactsError(path, f"unknown standard {standard!r}")
            missing = {"who", "rule"} - set(standards[standard])
            if missing:
                problem = f"standard {standard!r} needs {sorted(missing)} to be explained"
                raise FactsError(path, problem)


class Facts:
    """The checked facts file. Texts are returned in `lang`, or in English if missing."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        error = best_match(FactsValidator(FACTS_SCHEMA).iter_errors(doc))
        if error is not None:
            raise FactsError(_path(error.absolute_path), error.message)
        _check_care_types(doc)
        _check_texts(doc)
        self._doc = doc

    @property
    def reviewed(self) -> dt.date:
        return self._doc["reviewed"]

    def care_type_keys(self) -> tuple[str, ...]:
        return tuple(self._doc["care_types"])

    def care_type(self, key: str) -> CareType:
        care = self._doc["care_types"].get(key)
        if care is None:
            raise KeyError(f"unknown care type {key!r}; known: {', '.join(self.care_type_keys())}")
        return CareType(key=key, standards=tuple(care["standards"]), has_note="note" in care)

    def standard(self, key: str) -> Standard:
        entry = self._doc["timely_access"]["standards"][key]
        return Standard(business_days=entry.get("business_days"), hours=entry.get("hours"))

    def hotline(self, key: str, lang: str = "en") -> Hotline:
        entry = self._doc["hotlines"][key]
        optional = ("phone", "phone_letters", "sms", "sms_keyword", "tdd", "web", "hours", "note")
        return Hotline(
            key=key,
            name=_localize(entry["name"], lang),
            **{field: _localize(entry.get(field), lang) for field in optional},
            source=tuple(entry["source"]),
            reviewed=entry["reviewed"],
        )

    def strike(self) -> Strike:
        entry = self._doc["strike"]
        return Strike(
            active=entry["active"],
            plan=entry["plan"],
            started=entry["started"],
            ended=entry.get("ended"),
        )

    def text(self, key: str, lang: str = "en", **values: object) -> str:
        """Render the text at the dotted `key` with `values` for its {placeholders}."""
        node = _lookup(self._doc, key)
        if not _is_text(node):
            raise KeyError(f"{key} is not a text")
        return self._render(key, node, lang, values)

    def keys(self, key: str) -> tuple[str, ...]:
        """The names of the entries of the mapping at `key` (e.g. `coverage.say`)."""
        return tuple(_lookup(self._doc, key))

    def texts_under(self, key: str) -> Iterator[tuple[str, Mapping[str, str]]]:
        """(".name" below `key`, "" for `key` itself; the text by language) of each text at or under
        `key` that a dotted key can name (not those in lists)."""
        for path, node in _walk_texts(_lookup(self._doc, key)):
            if "[" not in path:
                yield (f".{path}" if path else ""), node

    def texts(self, key: str, lang: str = "en") -> list[str]:
        """Render each text of the list at `key` (e.g. `crisis.messages`)."""
        return [self._render(f"{key}[{index}]", node, lang, {}) for index, node in enumerate(_lookup(self._doc, key))]

    def _render(self, path: str, node: Mapping[str, str], lang: str, values: Mapping[str, object]) -> str:
        try:
            return _Renderer(self._doc, lang).format(_localize(node, lang), **values)
        except KeyError as missing:
            raise FactsError(path, f"no value given for placeholder {missing}") from None


@cache
def load_facts(path: Path = FACTS_PATH) -> Facts:
    """Read and check the facts file once per path."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FactsError(str(path), f"not valid YAML: {error}") from None
    if not isinstance(doc, dict):
        raise FactsError(str(path), "expected a mapping at the top level")
    return Facts(doc)


def care_type(key: str) -> CareType:
    return load_facts().care_type(key)


def hotline(key: str, lang: str = "en") -> Hotline:
    return load_facts().hotline(key, lang)
