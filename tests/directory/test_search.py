from __future__ import annotations

import time
from statistics import median

import pytest
from geopy.distance import geodesic

from providers.geo import locate
from providers.search import RADII_MILES, find_matches

from .support import seed_row, write_seed, zip_point

NONE: frozenset[str] = frozenset()

# Around Woodland Hills (91367): 91364 ~1.7 mi, 91303 ~1.9 mi, 91101 (Pasadena) ~27 mi,
# 92660 (Newport Beach) ~57 mi.
ROWS = [
    seed_row("near-a", name="Near A", zip="91367", formats="in_person"),
    seed_row("near-b", name="Near B", zip="91364", baby_friendly="yes", cost="free"),
    seed_row("therapy-near", name="Therapy near", zip="91303", care_types="individual_therapy"),
    seed_row("no-phone-near", name="No phone near", zip="91364", phone="", website="https://example.org/np"),
    seed_row("mid", name="Mid", zip="91101", address="1 Test St", city="Pasadena"),
    seed_row("far", name="Far", zip="92660", county="Orange", languages="en;es"),
    seed_row("closed-near", name="Closed near", zip="91367", status="closed"),
    seed_row("county-la", name="County LA", phone="", website="https://example.org/la", formats="in_person"),
    seed_row("county-oc", name="County OC", county="Orange", phone="714-555-0100"),
    seed_row("la-phone-line", name="LA phone line", formats="phone", phone="800-555-0101", care_types="other"),
    seed_row(
        "hotline",
        name="Hotline",
        county="national",
        formats="phone",
        phone="800-555-0100",
        cost="free",
        languages="en;es",
    ),
    seed_row(
        "online-group",
        name="Online group",
        county="statewide",
        formats="virtual",
        phone="",
        website="https://example.org/g",
        care_types="postpartum;group_therapy",
    ),
]
WOODLAND_HILLS = locate("91367")


@pytest.fixture
def session(tmp_path, load, sessions):
    report = load(write_seed(tmp_path / "seed.csv", ROWS))
    assert not report.rejected
    with sessions() as session:
        yield session


def search(session, care=None, prefer=NONE, limit=100, offset=0, place=WOODLAND_HILLS):
    return find_matches(session, place, care, prefer, limit, offset)


def ids(result):
    return [match.service_id for match in result.matches]


def test_nearest_first_with_geodesic_distances(session):
    result = search(session)
    located = [m for m in result.matches if m.distance_miles is not None]

    assert ids(result)[:5] == ["near-a", "near-b", "therapy-near", "mid", "far"]
    origin = zip_point("91367")
    for match in located:
        zip_code = next(row["zip"] for row in ROWS if row["id"] == match.service_id)
        assert match.distance_miles == pytest.approx(geodesic(origin, zip_point(zip_code)).miles, abs=0.1)
        assert (match.format, match.location_precision) == ("in_person", "zip")
    assert [m.distance_miles for m in located if m.phone] == sorted(m.distance_miles for m in located if m.phone)


@pytest.mark.parametrize("limit, radius", [(2, 15), (3, 30), (4, 60), (5, 120)])
def test_the_radius_widens_until_enough_local_matches(session, limit, radius):
    result = search(session, care="postpartum", limit=limit)

    assert result.radius_miles == radius
    assert all(m.distance_miles is not None and m.phone for m in result.matches[:4])
    assert all(m.distance_miles <= radius for m in result.matches if m.distance_miles is not None)


def test_the_radius_stops_widening_at_the_last_step(session):
    assert search(session, care="child_teen", limit=1).radius_miles == RADII_MILES[-1] == 120


def test_the_care_type_ranks_fitting_services_first(session):
    result = search(session, care="individual_therapy")

    assert ids(result)[0] == "therapy-near"
    assert result.matches[0].reasons == ("care:individual_therapy",)
    assert all("care:individual_therapy" not in m.reasons for m in result.matches[1:])


@pytest.mark.parametrize(
    "prefer, first, code",
    [
        ({"baby_friendly"}, ["near-b"], "pref:baby_friendly"),
        ({"spanish"}, ["far", "hotline"], "lang:es"),
        ({"free"}, ["near-b", "hotline"], "cost:free"),
        ({"virtual"}, ["online-group"], "format:virtual"),
    ],
)
def test_preferences_rank_fitting_services_first(session, prefer, first, code):
    result = search(session, care="postpartum", prefer=frozenset(prefer))

    assert ids(result)[: len(first)] == first
    assert all(code in m.reasons for m in result.matches[: len(first)])
    assert all(code not in m.reasons for m in result.matches[len(first) :])


def test_paging_gives_disjoint_pages_that_add_up_to_the_full_list(session):
    everything = ids(search(session, care="postpartum"))
    pages = [ids(search(session, care="postpartum", limit=2, offset=offset)) for offset in range(0, 14, 2)]

    assert sum(pages, []) == everything
    assert len(set(everything)) == len(everything)


def test_closed_services_are_never_offered(session):
    assert "closed-near" not in ids(search(session))


def test_county_wide_and_remote_services_are_included(session):
    by_id = {m.service_id: m for m in search(session).matches}

    assert "county-oc" not in by_id
    assert ("area:county", None, None) == (
        by_id["county-la"].reasons[-1],
        by_id["county-la"].distance_miles,
        by_id["county-la"].address,
    )
    assert (by_id["la-phone-line"].format, by_id["la-phone-line"].reasons) == ("phone", ("area:county",))
    assert (by_id["hotline"].format, by_id["hotline"].reasons) == ("phone", ("area:national",))
    assert (by_id["online-group"].format, by_id["online-group"].reasons) == ("virtual", ("area:statewide",))
    in_orange = ids(search(session, place=locate("Santa Ana")))
    assert "county-oc" in in_orange and "county-la" not in in_orange


def test_a_match_carries_what_the_bot_needs(session):
    (match,) = [m for m in search(session).matches if m.service_id == "mid"]

    assert (match.address, match.city, match.phone) == ("1 Test St", "Pasadena", "1-818-555-0100")
    assert (match.verified, match.source_url, match.source_date) == (False, "https://example.org/source", "2025-01-01")
    assert match.last_verified_at is None


@pytest.mark.parametrize("kwargs", [{"care": "yoga"}, {"prefer": frozenset({"cheap"})}, {"limit": 0}, {"offset": -1}])
def test_bad_arguments_are_refused(session, kwargs):
    with pytest.raises(ValueError):
        search(session, **kwargs)


def test_postpartum_near_woodland_hills_in_the_project_seed(load, sessions):
    load()
    with sessions() as session:
        first_page = search(session, care="postpartum", limit=3)
        everything = search(session, care="postpartum", limit=first_page.total)
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            search(session, care="postpartum", limit=3)
            timings.append(time.perf_counter() - started)

    assert all(m.distance_miles is not None and m.phone and "care:postpartum" in m.reasons for m in first_page.matches)
    lines = {m.service_id: m for m in everything.matches}
    assert lines["national-maternal-mental-health-hotline"].format == "phone"
    assert "psi-helpline" in lines and "la-county-dmh-access-line" in lines
    assert median(timings) < 0.05
