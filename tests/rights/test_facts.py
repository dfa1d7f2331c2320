"""The facts file loads, reads back typed, and refuses entries it cannot trust."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.rights import facts as facts_module
from bot.rights.deadlines import Standard
from bot.rights.facts import FactsError, load_facts

CARE_TYPES = {
    "postpartum",
    "post_discharge",
    "individual_therapy",
    "psychiatry",
    "group_therapy",
    "child_teen",
    "substance_use",
    "other",
}


def test_real_file_loads_once() -> None:
    assert load_facts() is load_facts()
    assert isinstance(load_facts().reviewed, dt.date)


def test_care_types_and_their_standards() -> None:
    facts = load_facts()
    assert set(facts.care_type_keys()) == CARE_TYPES
    assert facts_module.care_type("child_teen").standards == ("non_physician", "psychiatrist")
    assert facts_module.care_type("post_discharge").has_note
    assert facts.standard("psychiatrist") == Standard(business_days=15)
    assert facts.standard("urgent_prior_auth") == Standard(hours=96)
    with pytest.raises(KeyError, match="unknown care type"):
        facts.care_type("dentist")


def test_hotline_in_each_language() -> None:
    english = facts_module.hotline("crisis_text_line")
    spanish = facts_module.hotline("crisis_text_line", lang="es")
    assert (english.sms, english.sms_keyword, spanish.sms_keyword) == ("741741", "HOME", "AYUDA")
    assert facts_module.hotline("dmhc_help_center").phone == "1-888-466-2219"
    assert facts_module.hotline("maternal_hotline").phone_letters == "1-833-TLC-MAMA"
    assert english.source and english.reviewed


def test_text_fills_placeholders_and_falls_back_to_english() -> None:
    assert facts_module.load_facts().text("formats.pair", first="a", second="b") == "a and b"
    assert facts_module.load_facts().text("formats.pair", "es", first="a", second="b") == "a y b"
    assert facts_module.hotline("nami_helpline", lang="es").sms_keyword == "helpline"  # no es text
    assert facts_module.load_facts().text("formats.pair", "fr", first="a", second="b") == "a and b"


def test_a_missing_value_names_the_text() -> None:
    with pytest.raises(FactsError, match=r"^formats\.pair: .*second"):
        facts_module.load_facts().text("formats.pair", first="a")


def test_no_strike_is_active_by_default() -> None:
    assert not load_facts().strike().active


def _parent(doc: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    *parents, last = path.split(".")
    for key in parents:
        doc = doc[key]
    return doc, last


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        parent, key = _parent(doc, path)
        del parent[key]

    return edit


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        parent, key = _parent(doc, path)
        parent[key] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "bad_path", "problem"),
    [
        (_drop("hotlines.lifeline_988.source"), "hotlines.lifeline_988", "'source' is a required"),
        (_drop("timely_access.reviewed"), "timely_access", "'reviewed' is a required"),
        (_set("complaints.reviewed", "last spring"), "complaints.reviewed", "not of type 'date'"),
        (_set("out_of_network.source", ["manatt.com"]), "out_of_network.source[0]", "not match"),
        (_drop("care_types.psychiatry.label.en"), "care_types.psychiatry.label", "'en' is"),
        (
            _set("care_types.other.standards", ["therapist"]),
            "care_types.other.standards[0]",
            "unknown standard 'therapist'",
        ),
        (_set("care_types.other.standards", ["urgent"]), "care_types.other.standards[0]", "needs"),
        (_set("hotlines.lifeline_988.phone", 988), "hotlines.lifeline_988.phone", "not valid"),
        (_set("timely_access.standards.urgent.business_days", 2), "timely_access.standards.urgent", "valid under each"),
        (_set("strike.active", True), "strike.ended", "not of type 'null'"),
        (
            _set("coverage.say.not_sure.en", "Call {hotlines.dmhc.phone}."),
            "coverage.say.not_sure.en",
            "unknown reference {hotlines.dmhc.phone}",
        ),
        (_set("coverage.say.not_sure.es", "Llame."), "coverage.say.not_sure", "different"),
        (_set("formats.pair.en", "{first} and {second"), "formats.pair.en", "bad braces"),
        (_set("formats.pair.en", "{first[0]} and {second}"), "formats.pair.en", "bad placeholder"),
    ],
)
def test_a_bad_facts_file_names_the_bad_entry(
    facts_copy: Callable[[Callable[[dict[str, Any]], None]], Path],
    edit: Callable[[dict[str, Any]], None],
    bad_path: str,
    problem: str,
) -> None:
    with pytest.raises(FactsError, match=problem) as raised:
        load_facts(facts_copy(edit))
    assert raised.value.path == bad_path


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "facts.yml"
    path.write_text("hotlines: [unclosed\n", encoding="utf-8")
    with pytest.raises(FactsError, match="not valid YAML"):
        load_facts(path)
