"""Directory benchmark: import time of SAMHSA's two national files, and search latency by size.

    PYTHONPATH=. python bench/directory_search.py [--sizes 1000,10000,100000,1000000] [--queries 300]
                                                  [--no-postgres]

Synthetic services sit at random US ZIP centres (so, like real directories, they are dense where
people live), each with a random care type and cost, a phone for 90%, Spanish for 40%, virtual for 20% and
baby-friendly for 5%. Searches are made from random
Southern California ZIP codes, as the bot makes them: `find_matches` with a care type and a
preference, limit 3. The brute-force line is what a search without the bounding-box prefilter
costs: every active location read from the database, then the same geodesic distance to each.
PostgreSQL runs when a throwaway cluster can be started here (Debian's postgresql package).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from statistics import quantiles

import zipcodes
from sqlalchemy import insert, select, text

from providers import geo, search_index
from providers.db import make_engine, session_factory, update_schema
from providers.distance import geodesic_miles
from providers.importers.samhsa import import_samhsa
from providers.models import Attribute, Language, Location, Phone, Service, ServiceAtLocation
from providers.search import find_matches
from providers.vocabulary import CARE_TYPES, PREFERENCES, code

REPO = Path(__file__).resolve().parent.parent
SAMHSA = REPO.parent / "shared" / "data" / "samhsa"
NATIONAL_FILES = ("National_Directory_MH_Facilities_2022.xlsx", "National_Directory_SA_Facilities_2022.xlsx")
SOCAL_COUNTIES = {"Los Angeles", "Orange", "Riverside", "San Bernardino", "San Diego", "Ventura"}
BATCH = 20_000
BRUTE_QUERIES = 20
EXTRA_TERMS = {"format:virtual": 0.2, "pref:baby_friendly": 0.05}  # share of services carrying each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        # database name -> (URL for the import timing, URL for the search timing)
        databases = {"SQLite": (f"sqlite:///{folder / 'import.db'}", f"sqlite:///{folder / 'search.db'}")}
        if not args.no_postgres:
            databases.update(_postgres(stack))
        for name, (import_url, _) in databases.items():
            import_time(name, import_url)
        for name, (_, search_url) in databases.items():
            search_latency(name, search_url, sizes, args.queries)


def _postgres(stack: ExitStack) -> dict[str, tuple[str, str]]:
    sys.path.insert(0, str(REPO))
    from tests.directory.postgres import ClusterUnavailable, throwaway_cluster

    try:
        server = stack.enter_context(throwaway_cluster())
    except ClusterUnavailable as reason:
        print(f"PostgreSQL skipped: {reason}")
        return {}
    admin = make_engine(f"{server}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in ("import", "search"):
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return {"PostgreSQL": (f"{server}/import", f"{server}/search")}


def import_time(name: str, url: str) -> None:
    paths = [SAMHSA / file for file in NATIONAL_FILES]
    if not all(path.exists() for path in paths):
        print(f"{name}: import skipped, {SAMHSA} is absent")
        return
    engine = make_engine(url)
    update_schema(engine)
    started = time.perf_counter()
    rows = 0
    for path in paths:
        with session_factory(engine).begin() as session:
            report = import_samhsa(session, path)
        rows += len(report.added) + len(report.rejected)
    first = time.perf_counter() - started
    started = time.perf_counter()
    for path in paths:
        with session_factory(engine).begin() as session:
            import_samhsa(session, path)
    again = time.perf_counter() - started
    print(
        f"{name}: import of both national SAMHSA files ({rows} rows): {first:.1f} s; "
        f"re-import (all unchanged): {again:.1f} s"
    )
    engine.dispose()


def search_latency(name: str, url: str, sizes: list[int], queries: int) -> None:
    engine = make_engine(url)
    update_schema(engine)
    sessions = session_factory(engine)
    rng = random.Random(3)
    zips = [
        (float(z["lat"]), float(z["long"]))
        for z in zipcodes.list_all()
        if z["lat"] and (float(z["lat"]), float(z["long"])) != (0, 0)
    ]
    origins = [
        place
        for place in (geo.zip_place(z["zip_code"]) for z in zipcodes.filter_by(state="CA"))
        if place and place.county in SOCAL_COUNTIES
    ]
    print(f"\n{name}: search latency, {queries} searches from random Southern California ZIPs (ms)")
    print(f"{'services':>10} {'p50':>7} {'p95':>7} {'brute p50':>10} {'brute p95':>10} {'load s':>7}")
    loaded = 0
    for size in sizes:
        started = time.perf_counter()
        _add_services(sessions, rng, zips, loaded, size)
        load_seconds = time.perf_counter() - started
        loaded = size
        with sessions() as session:
            timings = _timed(
                lambda place: find_matches(
                    session, place, rng.choice(list(CARE_TYPES)), frozenset({rng.choice(PREFERENCES)}), limit=3
                ),
                rng,
                origins,
                queries,
            )
            brute = _timed(lambda place: _brute_force(session, place), rng, origins, BRUTE_QUERIES)
        print(
            f"{size:>10,} {_p(timings, 50):>7.2f} {_p(timings, 95):>7.2f} {_p(brute, 50):>10.1f} "
            f"{_p(brute, 95):>10.1f} {load_seconds:>7.1f}",
            flush=True,
        )
    engine.dispose()


def _timed(search, rng: random.Random, origins: list, count: int) -> list[float]:
    search(origins[0])  # warm caches
    timings = []
    for _ in range(count):
        place = rng.choice(origins)
        started = time.perf_counter()
        search(place)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _p(timings: list[float], percent: int) -> float:
    return quantiles(timings, n=100, method="inclusive")[percent - 1]


def _brute_force(session, place) -> list:
    rows = session.execute(
        select(Location.latitude, Location.longitude, ServiceAtLocation.service_id)
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .where(Service.status == "active")
    ).all()
    miles = geodesic_miles(place.latitude, place.longitude, [r[0] for r in rows], [r[1] for r in rows])
    return sorted(zip(miles.tolist(), (r[2] for r in rows)))[:3]


def _add_services(sessions, rng: random.Random, zips: list, start: int, stop: int) -> None:
    """Synthetic services `start` to `stop`, at jittered random ZIP centres, in bulk inserts, indexed."""
    now = datetime.now(timezone.utc)
    cares, costs = list(CARE_TYPES), ["free", "sliding_scale", "medi_cal", "insurance"]
    for first in range(start, stop, BATCH):
        tables: dict = {Service: [], Location: [], ServiceAtLocation: [], Attribute: [], Language: [], Phone: []}
        for n in range(first, min(first + BATCH, stop)):
            sid, (latitude, longitude) = f"syn-{n}", rng.choice(zips)
            tables[Service].append(
                dict(
                    id=sid,
                    name=f"Synthetic service {n}",
                    description="",
                    status="active",
                    source="bench",
                    source_url="https://example.org",
                    source_date="synthetic",
                    source_checksum="-",
                    imported_at=now,
                )
            )
            tables[Location].append(
                dict(
                    id=sid,
                    latitude=latitude + rng.uniform(-0.05, 0.05),
                    longitude=longitude + rng.uniform(-0.05, 0.05),
                    precision="address",
                )
            )
            tables[ServiceAtLocation].append(dict(id=sid, service_id=sid, location_id=sid))
            terms = [code("care", rng.choice(cares)), code("cost", rng.choice(costs)), "format:in_person"]
            terms += [term for term, share in EXTRA_TERMS.items() if rng.random() < share]
            for term in terms:
                tables[Attribute].append(dict(id=f"{sid}:{term}", service_id=sid, code=term))
            if rng.random() < 0.9:
                tables[Phone].append(dict(id=f"{sid}:phone:0", service_id=sid, number=f"1-555-{n % 1000:03d}-0100"))
            if rng.random() < 0.4:
                tables[Language].append(dict(id=f"{sid}:lang:es", service_id=sid, code="es", name="Spanish"))
        with sessions.begin() as session:
            for table, rows in tables.items():
                session.execute(insert(table), rows)
            search_index.refresh(session, [row["id"] for row in tables[Service]])  # as every import does
    with sessions.begin() as session:
        session.execute(text("ANALYZE"))  # as every import does


if __name__ == "__main__":
    main()
