"""Issue 13: who a listing serves decides whether it is offered and where it ranks; "24/7" only where
the source says so; a maternal program first only for perinatal care; statewide lines after a close
in-person match unless the patient asked for phone or online help."""

from __future__ import annotations

import pytest

from providers.geo import locate
from providers.importers.samhsa import import_samhsa
from providers.search import find_matches
from providers.staff import describe, get_service, verify

from .conftest import in_transaction
from .support import seed_row, write_csv, write_seed

NONE: frozenset[str] = frozenset()
SAN_BERNARDINO = locate("92401")  # 92404 ~3 mi, 92410 ~2 mi, 92346 (Highland) ~6 mi

ROWS = [
    seed_row("pregnant-only", name="Pregnant only", zip="92401", county="San Bernardino", serves="pregnant"),
    seed_row("after-birth", name="After birth", zip="92404", county="San Bernardino", serves="postpartum"),
    seed_row("teen-therapy", name="Teen therapy", zip="92401", county="San Bernardino", care_types="individual_therapy",
             serves="children_teens"),
    seed_row("maternal-therapy", name="Maternal therapy", zip="92401", county="San Bernardino",
             care_types="postpartum;individual_therapy", serves="pregnant;postpartum"),
    seed_row("adult-therapy", name="Adult therapy", zip="92346", county="San Bernardino",
             care_types="individual_therapy", serves="adults"),
    seed_row("members-therapy", name="Members therapy", zip="92410", county="San Bernardino",
             care_types="individual_therapy", serves="members"),
    seed_row("statewide-therapy-line", name="Statewide therapy line", county="statewide", formats="phone;virtual",
             care_types="individual_therapy", phone="800-555-0102", hours="24/7"),
    seed_row("weekday-line", name="Weekday line", county="national", formats="phone", care_types="other",
             phone="800-555-0103", hours="Monday to Friday 10 am to 10 pm Eastern time",
             description="Open 24/7 says the description, but the hours column does not."),
]  # fmt: skip


@pytest.fixture
def session(tmp_path, load, sessions):
    report = load(write_seed(tmp_path / "seed.csv", ROWS))
    assert not report.rejected, report.rejected
    with sessions() as session:
        yield session


def ids(session, care, prefer=NONE, patient=NONE, place=SAN_BERNARDINO) -> list[str]:
    return [m.service_id for m in find_matches(session, place, care, prefer, 20, patient=patient).matches]


def test_a_pregnant_only_program_is_not_offered_after_the_birth(session):
    after_birth = ids(session, "postpartum", patient=frozenset({"postpartum"}))

    assert "pregnant-only" not in after_birth
    assert after_birth[:2] == ["maternal-therapy", "after-birth"]
    assert "after-birth" not in ids(session, "postpartum", patient=frozenset({"pregnant"}))
    assert {"pregnant-only", "after-birth"} <= set(ids(session, "postpartum"))  # stage not known: both offered


def test_a_teen_program_is_not_offered_to_an_adult_but_is_for_a_teen(session):
    assert "teen-therapy" not in ids(session, "individual_therapy")
    assert "teen-therapy" in ids(session, "child_teen") + ids(session, None, patient=frozenset({"children_teens"}))


def test_individual_therapy_first_goes_to_an_adult_service_then_the_statewide_line_then_limited_ones(session):
    found = ids(session, "individual_therapy")

    # Adult therapy is 6 miles away, the maternal and members-only programs nearer: they come after it,
    # and after the statewide line, which this patient can use.
    assert found[:4] == ["adult-therapy", "statewide-therapy-line", "maternal-therapy", "members-therapy"]


def test_a_maternal_program_comes_first_for_perinatal_care(session):
    assert ids(session, "individual_therapy", patient=frozenset({"postpartum"}))[0] == "maternal-therapy"


def test_statewide_lines_come_first_only_when_asked_for_online_or_when_nothing_is_close(session):
    assert ids(session, "individual_therapy", prefer=frozenset({"virtual"}))[0] == "statewide-therapy-line"
    victorville = locate("92392")  # about 30 miles from the adult therapy: none within 25
    assert ids(session, "individual_therapy", place=victorville)[:2] == ["statewide-therapy-line", "adult-therapy"]


def test_open_24_7_only_where_the_source_says_so(session):
    lines = {m.service_id: m for m in find_matches(session, None, None, NONE, 20).matches}

    assert lines["statewide-therapy-line"].open_24_7
    assert lines["statewide-therapy-line"].hours == "24/7"
    assert not lines["weekday-line"].open_24_7  # its description's "24/7" is not its hours
    assert lines["weekday-line"].hours == "Monday to Friday 10 am to 10 pm Eastern time"


def test_no_samhsa_row_is_open_24_7_not_even_a_24_hour_hospital(tmp_path, sessions):
    columns = ("name1", "name2", "street1", "street2", "city", "state", "zip", "phone", "intake1", "intake2")
    row = dict.fromkeys(columns, "") | dict(name1="Hospital", city="San Bernardino", state="CA", zip="92401")
    path = write_csv(tmp_path / "mh.csv", (*columns, "service_code_info"), [row | {"service_code_info": "MH HI RES"}])
    in_transaction(sessions, import_samhsa, path, "mh")
    with sessions() as session:
        (match,) = find_matches(session, SAN_BERNARDINO, None, NONE, 5).matches

    assert not match.open_24_7
    assert match.source == "samhsa" and match.source_date == "2022"


def test_a_samhsa_facility_for_children_only_is_not_offered_to_an_adult(tmp_path, sessions):
    columns = ("name1", "name2", "street1", "street2", "city", "state", "zip", "phone", "intake1", "intake2")
    base = dict.fromkeys(columns, "") | dict(city="San Bernardino", state="CA", zip="92401", phone="909-555-0100")
    rows = [
        base | {"name1": "Kids clinic", "service_code_info": "MH OP IPT CHLD"},
        base | {"name1": "Family clinic", "service_code_info": "MH OP IPT CHLD ADLT YAD"},
    ]
    in_transaction(sessions, import_samhsa, write_csv(tmp_path / "mh.csv", (*columns, "service_code_info"), rows), "mh")
    with sessions() as session:
        adult = [m.name for m in find_matches(session, SAN_BERNARDINO, "individual_therapy", NONE, 5).matches]
        child = [m.name for m in find_matches(session, SAN_BERNARDINO, "child_teen", NONE, 5).matches]

    assert adult == ["Family clinic"]
    assert sorted(child) == ["Family clinic", "Kids clinic"]


def test_verified_means_a_person_confirmed_it_and_says_how(session):
    assert not any(m.verified for m in find_matches(session, SAN_BERNARDINO, None, NONE, 20).matches)
    with pytest.raises(ValueError):
        verify(session, "adult-therapy", "Ana", how=" ")
    verify(session, "adult-therapy", "Ana", how="phoned the intake line")
    session.commit()

    shown = describe(get_service(session, "adult-therapy"))
    (match,) = [m for m in find_matches(session, SAN_BERNARDINO, None, NONE, 20).matches if m.verified]
    assert (shown["verified_by"], shown["verified_how"]) == ("Ana", "phoned the intake line")
    assert (match.service_id, match.verified_how) == ("adult-therapy", "phoned the intake line")


def test_a_seed_row_cannot_claim_verified_without_a_person_saying_how_and_when(tmp_path, load):
    rows = [
        seed_row("desk", verified="yes", verified_by="care-rights-facts.md"),
        seed_row("person", verified="yes", verified_by="Ana", verified_how="phoned", last_verified_at="2026-11-30"),
    ]
    report = load(write_seed(tmp_path / "seed.csv", rows))

    assert [r.row_id for r in report.rejected] == ["desk"]
    assert "verified_how" in report.rejected[0].reason
