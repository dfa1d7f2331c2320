"""Staff CLI for the care directory.

    python -m providers build [--seed PATH]
    python -m providers search --near 91367 [--care postpartum] [--prefer free ...] [--limit 5] [--json]
    python -m providers stats

The database is `DATABASE_URL` (default: the embedded SQLite file under var/).
Exit codes: 0 ok, 1 failure (rejected seed rows, directory not built), 2 bad input.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import func, select

from providers.db import create_schema, has_schema, make_engine, session_factory
from providers.geo import UnknownPlace, locate
from providers.models import Attribute, Location, Service, ServiceArea, ServiceAtLocation
from providers.search import Match, SearchResult, find_matches
from providers.seed_loader import SEED_PATH, load_seed
from providers.vocabulary import CARE_TYPES, PREFERENCES

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.command(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m providers", description="Care Finder directory tools.")
    commands = parser.add_subparsers(required=True, metavar="command")

    build = commands.add_parser("build", help="create the schema and load the seed (safe to re-run)")
    build.add_argument("--seed", type=Path, default=SEED_PATH, help="seed CSV (default: %(default)s)")
    build.set_defaults(command=_build)

    search = commands.add_parser("search", help="find services near a ZIP code or place")
    search.add_argument("--near", required=True, help="California ZIP code, city or area, e.g. 91367")
    search.add_argument("--care", choices=list(CARE_TYPES), help="type of care wanted")
    search.add_argument("--prefer", action="append", default=[], choices=PREFERENCES, help="repeatable")
    search.add_argument("--limit", type=_positive, default=3)
    search.add_argument("--offset", type=_not_negative, default=0)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(command=_search)

    stats = commands.add_parser("stats", help="count what the directory holds")
    stats.set_defaults(command=_stats)
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(text)


def _not_negative(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError("must be a whole number of at least 0")
    return int(text)


def _build(args: argparse.Namespace) -> int:
    engine = make_engine()
    create_schema(engine)
    with session_factory(engine).begin() as session:
        report = load_seed(session, args.seed)
    print(f"seed {args.seed}: {report.summary()}")
    for rejection in report.rejected:
        print(f"  rejected line {rejection.line} ({rejection.row_id or 'no id'}): {rejection.reason}", file=sys.stderr)
    return EXIT_FAILURE if report.rejected else 0


def _search(args: argparse.Namespace) -> int:
    try:
        place = locate(args.near)
    except UnknownPlace as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    engine = make_engine()
    if not has_schema(engine):
        print("The directory is not built yet: run `python -m providers build`.", file=sys.stderr)
        return EXIT_FAILURE
    with session_factory(engine)() as session:
        result = find_matches(session, place, args.care, frozenset(args.prefer), args.limit, args.offset)
    if args.json:
        print(json.dumps(_as_json(place, result), indent=2, ensure_ascii=False))
    else:
        _print_result(place, result, args.offset)
    return 0


def _as_json(place, result: SearchResult) -> dict:
    def match(m: Match) -> dict:
        item = asdict(m)
        item["distance_miles"] = None if m.distance_miles is None else round(m.distance_miles, 1)
        item["reasons"] = list(m.reasons)
        item["last_verified_at"] = m.last_verified_at and m.last_verified_at.isoformat()
        return item

    return {"place": asdict(place), "radius_miles": result.radius_miles, "total": result.total,
            "matches": [match(m) for m in result.matches]}


def _print_result(place, result: SearchResult, offset: int) -> None:
    shown = f"{offset + 1}-{offset + len(result.matches)}" if result.matches else "none"
    print(f"Near {place.label} ({place.county} County), within {result.radius_miles:g} mi "
          f"plus county-wide and remote services: {result.total} found, showing {shown}.")
    for number, m in enumerate(result.matches, start=offset + 1):
        where = f"{m.distance_miles:.1f} mi ({m.location_precision})" if m.distance_miles is not None else m.format
        details = [where, m.address and f"{m.address}, {m.city}", m.phone, m.phone_note, m.website]
        print(f"{number}. {m.name}" + (f" - {m.organization}" if m.organization else ""))
        print("   " + " | ".join(str(d) for d in details if d))
        print(f"   {' '.join(m.reasons) or '-'} | {'verified' if m.verified else 'unverified'}, "
              f"source {m.source_date}")


def _stats(args: argparse.Namespace) -> int:
    engine = make_engine()
    if not has_schema(engine):
        print("The directory is not built yet: run `python -m providers build`.", file=sys.stderr)
        return EXIT_FAILURE
    with session_factory(engine)() as session:
        def grouped(*query) -> str:
            return ", ".join(f"{key} {count}" for key, count in session.execute(*query)) or "none"

        print(f"services by status: {grouped(select(Service.status, func.count()).group_by(Service.status))}")
        verified = session.scalar(select(func.count()).where(Service.verified_by.is_not(None)))
        print(f"verified: {verified}")
        print("located by precision: " + grouped(
            select(Location.precision, func.count(func.distinct(ServiceAtLocation.service_id)))
            .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id).group_by(Location.precision)))
        print("service areas: " + grouped(
            select(ServiceArea.scope + ":" + ServiceArea.name, func.count())
            .group_by(ServiceArea.scope, ServiceArea.name).order_by(func.count().desc())))
        print("attributes: " + grouped(
            select(Attribute.code, func.count()).group_by(Attribute.code).order_by(Attribute.code)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
