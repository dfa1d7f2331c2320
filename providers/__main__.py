"""Staff CLI for the care directory.

    python -m providers build [--seed PATH] [--samhsa PATH]
    python -m providers extract-samhsa SOURCE [OUT]
    python -m providers import hsds|samhsa|seed PATH [--directory mh|sa] [--source-url URL] [--close-missing]
    python -m providers search --near 91367 [--care postpartum] [--prefer free ...] [--patient postpartum ...]
                               [--nonprofit --medi-cal ...]
                               [--include-closed] [--limit 5] [--offset 0] [--json]
    python -m providers show ID | verify ID --by NAME --how HOW | close ID --alert TEXT [--temporarily] | reopen ID
    python -m providers export FOLDER
    python -m providers stats | coverage | reindex | migrate | new-migration MESSAGE

`build` loads the seed and the committed Southern California extract of SAMHSA's 2022 directory, which
`extract-samhsa` writes from SAMHSA's file (../shared/data/samhsa/mh_2022_california.csv).
The database is `DATABASE_URL` (default: the embedded SQLite file under var/). Each import is one
transaction: a file that cannot be read as a whole changes nothing.
Exit codes: 0 ok, 1 failure (rejected seed rows, a refused file, directory not built, no such
service), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from functools import wraps
from pathlib import Path
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from providers import schema, search_index
from providers.coverage import coverage, markdown
from providers.db import REPO_ROOT, has_schema, make_engine, session_factory, update_schema
from providers.export import export_hsds
from providers.geo import Place, UnknownPlace, locate
from providers.geocoder import GeocoderSettingsError
from providers.importers.hsds import import_hsds
from providers.importers.report import FileRefused, ImportReport
from providers.importers.samhsa import import_samhsa
from providers.importers.samhsa_extract import EXTRACT_PATH, extract_samhsa
from providers.importers.seed import SEED_PATH, import_seed
from providers.models import Attribute, Location, SearchPoint, Service, ServiceArea, ServiceAtLocation
from providers.search import Match, SearchResult, find_matches
from providers.staff import NoSuchService, close, describe, get_service, reopen, verify
from providers.vocabulary import CARE_TYPES, FILTER_CODES, PREFERENCES, SERVES

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.command(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m providers", description="Care Finder directory tools.")
    commands = parser.add_subparsers(required=True, metavar="command")

    build = commands.add_parser("build", help="create the schema, load the seed and SAMHSA extract (safe to re-run)")
    build.add_argument("--seed", type=Path, default=SEED_PATH, help="seed CSV (default: %(default)s)")
    build.add_argument("--samhsa", type=Path, default=EXTRACT_PATH, help="SAMHSA extract (default: %(default)s)")
    build.set_defaults(command=_build)

    extract = commands.add_parser(
        "extract-samhsa", help="write the Southern California extract of a SAMHSA MH directory file"
    )
    extract.add_argument("source", type=Path, help="SAMHSA's .csv or .xlsx (national or California)")
    extract.add_argument("out", type=Path, nargs="?", default=EXTRACT_PATH, help="default: %(default)s")
    extract.set_defaults(command=_extract)

    imports = commands.add_parser("import", help="import a directory file (re-imports update in place)")
    imports.add_argument("kind", choices=("hsds", "samhsa", "seed"))
    imports.add_argument("path", type=Path, help="HSDS datapackage folder, SAMHSA .xlsx/.csv, or seed CSV")
    imports.add_argument("--directory", choices=("mh", "sa"), help="SAMHSA: which directory (default: by file name)")
    imports.add_argument("--source-url", help="HSDS: where the export came from (default: the folder)")
    imports.add_argument(
        "--close-missing",
        action="store_true",
        help="close this source's services the file no longer lists (SAMHSA: same directory)",
    )
    imports.set_defaults(command=_import)

    search = commands.add_parser("search", help="find services near a ZIP code or place")
    search.add_argument("--near", required=True, help="California ZIP code, city or area, e.g. 91367")
    search.add_argument("--care", choices=list(CARE_TYPES), help="type of care wanted")
    search.add_argument("--prefer", action="append", default=[], choices=PREFERENCES, help="repeatable")
    search.add_argument(
        "--patient", action="append", default=[], choices=SERVES, help="a group the patient belongs to; repeatable"
    )
    search.add_argument("--limit", type=_positive, default=3)
    search.add_argument("--offset", type=_not_negative, default=0)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--include-closed", action="store_true", help="also list closed services")
    for name, term in FILTER_CODES.items():
        search.add_argument(
            f"--{name.replace('_', '-')}",
            dest="required",
            action="append_const",
            const=term,
            default=[],
            help=f"only services with {term}",
        )
    search.set_defaults(command=_search)

    for name, helptext in (
        ("show", "print one service"),
        ("verify", "record that a person confirmed it today, and how"),
        ("close", "close a service, with an alert saying why"),
        ("reopen", "make it active again"),
    ):
        edit = commands.add_parser(name, help=helptext)
        edit.add_argument("id", help="the service's id")
        edit.set_defaults(command=_edit, action=name)
    commands.choices["verify"].add_argument("--by", required=True, help="who checked it")
    commands.choices["verify"].add_argument(
        "--how", required=True, help='how, e.g. "phoned the intake line" (a person, not a document)'
    )
    commands.choices["close"].add_argument("--alert", required=True, help="why, shown with the service")
    commands.choices["close"].add_argument("--temporarily", action="store_true", help="temporarily closed")

    export = commands.add_parser("export", help="write the directory as HSDS CSV files into a folder")
    export.add_argument("folder", type=Path)
    export.set_defaults(command=_export)

    stats = commands.add_parser("stats", help="count what the directory holds")
    stats.set_defaults(command=_stats)

    table = commands.add_parser("coverage", help="Markdown table: the first match per county seat and care type")
    table.set_defaults(command=_coverage)

    reindex = commands.add_parser("reindex", help="rebuild the search index (after writing tables by other means)")
    reindex.set_defaults(command=_reindex)

    migrate = commands.add_parser("migrate", help="bring the schema to the newest migration (build does it too)")
    migrate.set_defaults(command=_migrate)
    new_migration = commands.add_parser(
        "new-migration", help="write the next migration from what changed in providers/models.py"
    )
    new_migration.add_argument("message", help='what it changes, e.g. "service fees description"')
    new_migration.set_defaults(command=_new_migration)
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
    seed = _run_import(f"seed {args.seed}", lambda session: import_seed(session, args.seed))
    samhsa = _run_import(f"samhsa {args.samhsa}", lambda session: import_samhsa(session, args.samhsa, "mh"))
    return EXIT_FAILURE if any(report is None or report.rejected for report in (seed, samhsa)) else 0


def _extract(args: argparse.Namespace) -> int:
    if not args.source.exists():
        print(f"{args.source}: no such file", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        kept = extract_samhsa(args.source, args.out)
    except FileRefused as error:
        print(f"{args.source}: refused: {error}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"{args.out}: {kept} Southern California facilities from {args.source.name}")
    return 0


def _import(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"{args.path}: no such file or folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    close = args.close_missing
    run = {
        "hsds": lambda session: import_hsds(session, args.path, args.source_url, close),
        "samhsa": lambda session: import_samhsa(session, args.path, args.directory, close),
        "seed": lambda session: import_seed(session, args.path, close),
    }[args.kind]
    return EXIT_FAILURE if _run_import(f"{args.kind} {args.path}", run) is None else 0


def _run_import(label: str, run) -> ImportReport | None:
    """Run one import in one transaction and print its report; None when the file was refused."""
    engine = make_engine()
    update_schema(engine)
    try:
        with session_factory(engine).begin() as session:
            report = run(session)
    except FileRefused as error:
        print(f"{label}: refused, nothing changed: {error}", file=sys.stderr)
        return None
    print(f"{label}: {report.summary()}")
    for warning in report.warnings:
        print(f"  note: {warning}", file=sys.stderr)
    for rejection in report.rejected:
        print(f"  rejected line {rejection.line} ({rejection.row_id or 'no id'}): {rejection.reason}", file=sys.stderr)
    return report


def _on_directory(command: Callable[..., int]) -> Callable[..., int]:
    """Run `command(args, session, *more)` on the built directory; fail with what to do if it is not built."""

    @wraps(command)
    def run(args: argparse.Namespace, *more) -> int:
        engine = make_engine()
        if not has_schema(engine):
            print("The directory is not built yet: run `python -m providers build`.", file=sys.stderr)
            return EXIT_FAILURE
        update_schema(engine)  # adds tables newer than the directory and brings the search index up to date
        with session_factory(engine)() as session:
            return command(args, session, *more)

    return run


def _search(args: argparse.Namespace) -> int:
    try:
        place = locate(args.near)
    except UnknownPlace as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except GeocoderSettingsError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILURE
    return _search_near(args, place)


@_on_directory
def _search_near(args: argparse.Namespace, session: Session, place: Place) -> int:
    result = find_matches(
        session,
        place,
        args.care,
        frozenset(args.prefer),
        args.limit,
        args.offset,
        required=frozenset(args.required),
        include_closed=args.include_closed,
        patient=frozenset(args.patient),
    )
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

    return {
        "place": asdict(place),
        "radius_miles": result.radius_miles,
        "total": result.total,
        "matches": [match(m) for m in result.matches],
    }


def _print_result(place, result: SearchResult, offset: int) -> None:
    shown = f"{offset + 1}-{offset + len(result.matches)}" if result.matches else "none"
    print(
        f"Near {place.label} ({place.county} County), within {result.radius_miles:g} mi "
        f"plus county-wide and remote services: {result.total} found, showing {shown}."
    )
    for number, m in enumerate(result.matches, start=offset + 1):
        where = f"{m.distance_miles:.1f} mi ({m.location_precision})" if m.distance_miles is not None else m.format
        details = [where, m.address and f"{m.address}, {m.city}", m.phone, m.phone_note, m.website]
        print(f"{number}. {m.name}" + (f" - {m.organization}" if m.organization else ""))
        print("   " + " | ".join(str(d) for d in details if d))
        trust = f"verified by {m.verified_by} ({m.verified_how})" if m.verified else "not verified"
        print(f"   {' '.join(m.reasons + m.serves) or '-'} | {trust}, source {m.source} {m.source_date}")


@_on_directory
def _edit(args: argparse.Namespace, session: Session) -> int:
    action = {
        "show": lambda: describe(get_service(session, args.id)),
        "verify": lambda: describe(verify(session, args.id, args.by, args.how)),
        "close": lambda: describe(close(session, args.id, args.alert, args.temporarily)),
        "reopen": lambda: describe(reopen(session, args.id)),
    }[args.action]
    with session.begin():
        try:
            shown = action()
        except NoSuchService as error:
            print(error, file=sys.stderr)
            return EXIT_FAILURE
        except ValueError as error:
            print(error, file=sys.stderr)
            return EXIT_BAD_INPUT
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    return 0


@_on_directory
def _coverage(args: argparse.Namespace, session: Session) -> int:
    print(markdown(coverage(session)))
    return 0


@_on_directory
def _reindex(args: argparse.Namespace, session: Session) -> int:
    with session.begin():
        search_index.rebuild(session)
        points = session.scalar(select(func.count()).select_from(SearchPoint))
    print(f"search index rebuilt: {points} search points")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    engine = make_engine()
    update_schema(engine)
    print(f"directory schema at revision {schema.current(engine)}")
    return 0


def _new_migration(args: argparse.Namespace) -> int:
    path = schema.new_revision(args.message)
    print(f"{path.relative_to(REPO_ROOT)}: review it (see docs/directory.md), then `make directory` applies it")
    return 0


@_on_directory
def _export(args: argparse.Namespace, session: Session) -> int:
    counts = export_hsds(session, args.folder)
    print(f"HSDS datapackage in {args.folder}: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


@_on_directory
def _stats(args: argparse.Namespace, session: Session) -> int:
    def grouped(*query) -> str:
        return ", ".join(f"{key} {count}" for key, count in session.execute(*query)) or "none"

    print(f"services by status: {grouped(select(Service.status, func.count()).group_by(Service.status))}")
    verified = session.scalar(select(func.count()).where(Service.verified_by.is_not(None)))
    print(f"verified: {verified}")
    print(
        "located by precision: "
        + grouped(
            select(Location.precision, func.count(func.distinct(ServiceAtLocation.service_id)))
            .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
            .group_by(Location.precision)
        )
    )
    print(
        "service areas: "
        + grouped(
            select(ServiceArea.scope + ":" + ServiceArea.name, func.count())
            .group_by(ServiceArea.scope, ServiceArea.name)
            .order_by(func.count().desc())
        )
    )
    print(
        "attributes: " + grouped(select(Attribute.code, func.count()).group_by(Attribute.code).order_by(Attribute.code))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
