"""The search reads a derived index: it must rank exactly as a plain geodesic ranking of every
service would, stay current through imports and staff edits, and rebuild itself when stale."""

from __future__ import annotations

import json
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from geographiclib.geodesic import Geodesic
from sqlalchemy import delete, func, select, update

from providers import search_index
from providers.db import make_engine, update_schema
from providers.geo import Place
from providers.importers.record import LocationRecord, ServiceRecord
from providers.importers.store import save
from providers.models import SearchIndexState, SearchPoint, Service
from providers.search import find_matches
from providers.staff import close, reopen

ORIGIN = Place("Woodland Hills", 34.1683, -118.6050, "Los Angeles", "91367")
METRES_PER_MILE = 1609.344
CARES = ("postpartum", "individual_therapy")
PREFERENCE_TERMS = {"baby_friendly": "pref:baby_friendly", "free": "cost:free"}


def _at(miles: float, bearing: float) -> LocationRecord:
    point = Geodesic.WGS84.Direct(ORIGIN.latitude, ORIGIN.longitude, bearing, miles * METRES_PER_MILE)
    return LocationRecord(None, point["lat2"], point["lon2"], "address", address_1=f"{miles:.4f} mi")


def _service(n: int, rng: random.Random, locations=(), areas=(), status=None) -> ServiceRecord:
    codes = [f"care:{rng.choice(CARES)}"] + [term for term in PREFERENCE_TERMS.values() if rng.random() < 0.4]
    return ServiceRecord(
        id=f"s{n:03d}",
        name=rng.choice(["Alpha", "beta", "Gamma", "delta"]) + f" {n % 7}",
        description="",
        source="test",
        source_url="https://example.org",
        source_date="2026-01-01",
        status=status,
        codes=tuple(codes),
        languages=("es",) if rng.random() < 0.5 else (),
        phones=(("818-555-0100", None),) if rng.random() < 0.8 else (),
        locations=tuple(locations),
        areas=tuple(areas),
    )


def _directory(rng: random.Random) -> list[ServiceRecord]:
    """Near ties on purpose: a ring of services all about 5 miles away in every direction (where the
    great circle and the geodesic disagree on the order), services sharing one point, services with
    two places, area-wide and closed services, and services too far away to ever be candidates."""
    shared = _at(3.0, 40.0)
    specs = (
        [[_at(5.0 + rng.uniform(-0.002, 0.002), rng.uniform(0, 360))] for _ in range(60)]
        + [[shared] for _ in range(12)]
        + [[_at(rng.uniform(0.5, 14.0), rng.uniform(0, 360))] for _ in range(40)]
        + [[_at(rng.uniform(0.5, 14.0), rng.uniform(0, 360)) for _ in range(2)] for _ in range(12)]
        + [[_at(rng.uniform(200, 400), rng.uniform(0, 360))] for _ in range(10)]
    )
    services = [_service(n, rng, locations) for n, locations in enumerate(specs)]
    services += [
        _service(200 + n, rng, areas=[area])
        for n, area in enumerate(
            [("county", "Los Angeles")] * 4 + [("county", "Orange")] * 2 + [("statewide", "California")] * 3
        )
    ]
    services += [_service(300 + n, rng, [_at(2.0, 90.0 * n)], status="closed") for n in range(3)]
    return services


def _brute_force(services: list[ServiceRecord], care: str | None, preferences: frozenset[str]) -> list[tuple]:
    """Every candidate ranked with geographiclib's distances: no index, no radius arithmetic."""
    ranked = []
    for service in services:
        if service.status == "closed":
            continue
        terms = set(service.codes) | {f"lang:{lang}" for lang in service.languages}
        miles = [
            Geodesic.WGS84.Inverse(ORIGIN.latitude, ORIGIN.longitude, loc.latitude, loc.longitude)["s12"]
            / METRES_PER_MILE
            for loc in service.locations
        ]
        nearby = [m for m in miles if m <= 15.0]
        if nearby:
            tier, distance = 0, min(nearby)
        elif any(area == ("county", "Los Angeles") or area[0] == "statewide" for area in service.areas):
            tier, distance = 1 if service.areas[0][0] == "county" else 2, 0.0
        else:
            continue
        wanted = {"baby_friendly": "pref:baby_friendly", "free": "cost:free", "spanish": "lang:es"}
        ranked.append(
            (
                (care is not None and f"care:{care}" not in terms),
                sum(wanted[p] not in terms for p in preferences),
                tier,
                not service.phones,
                distance,
                service.name.casefold(),
                service.id,
            )
        )
    return sorted(ranked)


@pytest.fixture
def directory(sessions):
    services = _directory(random.Random(11))
    with sessions.begin() as session:
        report = save(session, ((n, s.id, s) for n, s in enumerate(services)))
    assert not report.rejected
    return services


@pytest.mark.parametrize("care", [None, "postpartum"])
@pytest.mark.parametrize("preferences", [frozenset(), frozenset({"spanish"}), frozenset({"free", "baby_friendly"})])
@pytest.mark.parametrize("limit, offset", [(3, 0), (5, 10), (200, 0)])
def test_search_ranks_exactly_as_a_brute_force_geodesic_ranking(sessions, directory, care, preferences, limit, offset):
    expected = _brute_force(directory, care, preferences)
    with sessions() as session:
        result = find_matches(session, ORIGIN, care, preferences, limit=limit, offset=offset)

    assert [m.service_id for m in result.matches] == [row[-1] for row in expected[offset : offset + limit]]
    assert [m.distance_miles or 0.0 for m in result.matches] == pytest.approx(
        [row[4] for row in expected[offset : offset + limit]], abs=1e-6
    )
    assert result.total == len(expected)


def test_imports_and_staff_edits_keep_the_index_current(sessions, directory):
    with sessions.begin() as session:
        first = find_matches(session, ORIGIN, "postpartum", frozenset(), limit=1).matches[0].service_id
        close(session, first, "Paused during the strike")
    with sessions() as session:
        find_first = find_matches(session, ORIGIN, "postpartum", frozenset(), limit=1).matches[0].service_id
    assert find_first != first

    with sessions.begin() as session:
        reopen(session, first)
        changed = next(s for s in directory if s.id == find_first)
        moved = replace(changed, codes=("care:psychiatry",), locations=(_at(1.0, 0),))
        save(session, [(1, moved.id, moved)])
    with sessions() as session:
        ids = [m.service_id for m in find_matches(session, ORIGIN, "postpartum", frozenset(), limit=200).matches]
        psychiatry = find_matches(session, ORIGIN, "psychiatry", frozenset(), limit=1).matches[0]
    assert first in ids
    assert (psychiatry.service_id, round(psychiatry.distance_miles, 3)) == (find_first, 1.0)


def test_a_directory_built_before_the_index_or_with_another_encoding_is_rebuilt(sessions, directory):
    with sessions.begin() as session:
        expected = find_matches(session, ORIGIN, None, frozenset({"free"}), limit=20)
        session.execute(delete(SearchPoint))
        session.execute(update(SearchIndexState).values(fingerprint="an older encoding"))
    engine = sessions.kw["bind"]

    update_schema(engine)  # what every entry point does first

    with sessions() as session:
        assert find_matches(session, ORIGIN, None, frozenset({"free"}), limit=20) == expected
        assert session.scalar(select(SearchIndexState.fingerprint)) == search_index.FINGERPRINT
        assert (
            session.scalar(select(func.count()).select_from(SearchPoint))
            == session.scalar(select(func.count()).select_from(Service)) + 12
        )  # the twelve services with two places
    assert search_index.ensure_current(engine) is False  # current: nothing to do


def test_a_filter_the_index_does_not_carry_is_refused(sessions, directory):
    with sessions() as session, pytest.raises(ValueError, match="cannot filter"):
        find_matches(session, ORIGIN, None, frozenset(), required=frozenset({"lang:xx"}))


def test_staff_rebuild_the_index_after_writing_tables_by_other_means(cli, sessions):
    assert cli("build").returncode == 0
    with sessions.begin() as session:  # e.g. a nightly SQL sync that bypasses the importers
        session.execute(update(Service).values(name=Service.name + " (synced)"))
    stale = cli("search", "--near", "91367", "--care", "postpartum", "--json")

    rebuilt = cli("reindex")
    fresh = cli("search", "--near", "91367", "--care", "postpartum", "--json")

    def names(run) -> list[str]:
        return [match["name"] for match in json.loads(run.stdout)["matches"]]

    assert names(stale) and not any(name.endswith("(synced)") for name in names(stale))
    assert (rebuilt.returncode, rebuilt.stdout.startswith("search index rebuilt: ")) == (0, True)
    assert names(fresh) and all(name.endswith("(synced)") for name in names(fresh))


def test_servers_starting_together_on_a_stale_index_all_start(sessions, directory, db_url):
    with sessions.begin() as session:
        expected = session.scalar(select(func.count()).select_from(SearchPoint))
        session.execute(update(SearchIndexState).values(fingerprint="an older encoding"))
    engines = [make_engine(db_url) for _ in range(3)]
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            rebuilt = list(pool.map(search_index.ensure_current, engines))
    finally:
        for engine in engines:
            engine.dispose()

    assert any(rebuilt)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SearchPoint)) == expected
        assert session.scalar(select(SearchIndexState.fingerprint)) == search_index.FINGERPRINT
