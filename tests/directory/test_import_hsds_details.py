"""HSDS schedules and cost options: imported with their service, shown, exported and read back."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from providers.db import make_engine
from providers.export import export_hsds
from providers.importers.hsds import import_hsds
from providers.importers.record import ServiceRecord
from providers.models import CostOption, Schedule, Service

from .conftest import in_transaction
from .support import SERVICE_ID, add_row, count, edit, shown

SCHEDULE = (
    "Thursday, Friday 10:00–18:00 (weekly, 2005-01-01 to 2005-01-01): The service is available from 10 am "
    "to 6pm weekdays. The service is not available on public holidays."
)
COST = "Under 18s and Over 60s: 35 GBP per 1 hour session (2020-01-01 to 2022-12-31)"


def test_schedules_and_cost_options_come_with_their_service(californian, sessions):
    report = in_transaction(sessions, import_hsds, californian)

    assert (report.added, report.rejected) == ([f"hsds-{SERVICE_ID}"], [])
    service = shown(sessions)
    assert (service["schedules"], service["cost_options"]) == ([SCHEDULE], [COST])
    assert "cost:free" not in service["attributes"]
    with sessions() as session:
        (schedule,) = session.scalars(select(Schedule))
        (link,) = session.get(Service, f"hsds-{SERVICE_ID}").service_at_locations
        assert schedule.location_id == link.location_id
        assert (schedule.notes, schedule.attending_type) == (
            "Some of our staff will be unavailable during their lunch break which may be any 30 minute period "
            "between 1200 and 1400",
            "You can attend this service in-person or remotely via video conferencing",
        )


@pytest.mark.parametrize(
    "table, changes, line",
    [
        (
            "schedules",
            dict(opens_at="09:00", byday="MO,TU,WE,TH,FR"),
            "Monday–Friday 09:00–18:00 (weekly, 2005-01-01 to 2005-01-01)",
        ),
        ("cost_options", dict(amount="40"), "Under 18s and Over 60s: 40 GBP per 1 hour session"),
    ],
)
def test_a_changed_schedule_or_cost_updates_its_service(californian, sessions, table, changes, line):
    first = in_transaction(sessions, import_hsds, californian)
    again = in_transaction(sessions, import_hsds, californian)
    edit(californian, table, **changes)
    changed = in_transaction(sessions, import_hsds, californian)

    assert (first.added, again.unchanged, changed.updated) == ([f"hsds-{SERVICE_ID}"],) * 3
    assert line in " ".join(shown(sessions)["schedules" if table == "schedules" else "cost_options"])
    assert (count(sessions, Schedule), count(sessions, CostOption)) == (1, 1)


def test_times_with_a_zone_keep_the_wall_clock_time_written(californian, sessions):
    edit(californian, "schedules", opens_at="10:00-08:00", closes_at="18:00Z")
    in_transaction(sessions, import_hsds, californian)

    assert shown(sessions)["schedules"] == [SCHEDULE]


def test_a_free_cost_option_valid_today_makes_the_service_free(californian, sessions):
    today = date.today()
    edit(
        californian,
        "cost_options",
        amount="0",
        valid_from=str(today - timedelta(days=1)),
        valid_to=str(today + timedelta(days=365)),
    )
    in_transaction(sessions, import_hsds, californian)

    service = shown(sessions)
    assert "cost:free" in service["attributes"]
    assert service["cost_options"][0].startswith("Under 18s and Over 60s: free per 1 hour session")


@pytest.mark.parametrize(
    "valid_to, code",
    [
        ("2022-12-31", None),  # expired: no longer free
        ("", "cost:sliding_scale"),  # the source's own cost attribute wins
    ],
)
def test_a_free_cost_option_does_not_override_the_source(californian, sessions, valid_to, code):
    edit(californian, "cost_options", amount="0", valid_from="", valid_to=valid_to)
    if code:
        edit(californian, "taxonomy_terms", code=code)
        edit(californian, "attributes", link_id=SERVICE_ID)

    in_transaction(sessions, import_hsds, californian)

    assert [c for c in shown(sessions)["attributes"] if c.startswith("cost:")] == ([code] if code else [])


@pytest.mark.parametrize(
    "table, changes, reason",
    [
        ("schedules", dict(opens_at="25:00"), "schedules.csv: opens_at '25:00' is not a time like 09:30"),
        ("schedules", dict(valid_from="2024-02-30"), "schedules.csv: valid_from '2024-02-30' is not a date like 2025"),
        (
            "schedules",
            dict(valid_to="2004-12-31"),
            "schedules.csv: valid_to 2004-12-31 is before valid_from 2005-01-01",
        ),
        ("schedules", dict(service_id="elsewhere"), "schedules.csv: service 'elsewhere' is not in services.csv"),
        ("schedules", dict(freq="DAILY"), "schedules.csv: freq 'DAILY' is not one of WEEKLY, MONTHLY"),
        ("schedules", dict(byday="TH,Fri"), "schedules.csv: byday 'TH,Fri': FRI is not a day like MO or 1MO"),
        ("schedules", dict(interval="0"), "schedules.csv: interval '0' is not a whole number of at least 1"),
        ("schedules", dict(id=""), "schedules.csv: no id"),
        ("cost_options", dict(amount="ten"), "cost_options.csv: amount 'ten' is not a number of at least 0"),
        (
            "cost_options",
            dict(currency="pounds"),
            "cost_options.csv: currency 'pounds' is not a 3-letter code like USD",
        ),
        ("cost_options", dict(valid_to="31/12/2022"), "cost_options.csv: valid_to '31/12/2022' is not a date"),
        ("cost_options", dict(service_id=""), "cost_options.csv: no service_id"),
    ],
)
def test_a_bad_schedule_or_cost_row_is_rejected_and_its_service_loads(californian, sessions, table, changes, reason):
    edit(californian, table, **changes)

    report = in_transaction(sessions, import_hsds, californian)

    assert report.added == [f"hsds-{SERVICE_ID}"]
    (rejection,) = report.rejected
    assert rejection.line == 2 and reason in rejection.reason
    service = shown(sessions)
    assert len(service["schedules"]) + len(service["cost_options"]) == 1


def test_a_schedule_id_used_twice_is_rejected_the_second_time(californian, sessions):
    with (californian / "schedules.csv").open(newline="", encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    add_row(californian, "schedules", **{**row, "byday": "SA"})

    (rejection,) = in_transaction(sessions, import_hsds, californian).rejected

    assert (rejection.line, rejection.reason) == (3, "schedules.csv: duplicate id (first used on line 2)")
    assert shown(sessions)["schedules"] == [SCHEDULE]


def test_a_schedule_may_name_its_service_through_service_at_location(californian, sessions):
    edit(californian, "schedules", service_id="", location_id="")
    add_row(
        californian,
        "schedules",
        id="location-hours",
        location_id="3a19ff88-4620-4d17-9830-ac1d859eb5d5",
        byday="MO",
        opens_at="08:00",
        closes_at="20:00",
    )

    report = in_transaction(sessions, import_hsds, californian)

    assert report.rejected == []
    assert shown(sessions)["schedules"] == [SCHEDULE]
    assert any("1 schedules of a location alone were skipped" in warning for warning in report.warnings)
    with sessions() as session:
        assert session.scalar(select(Schedule.location_id)).endswith(":location:0")


def test_a_datapackage_with_hsds_3_resource_names_is_followed(californian, sessions):
    (californian / "datapackage.json").unlink()
    (californian / "hours.csv").write_bytes((californian / "schedules.csv").read_bytes())
    (californian / "schedules.csv").unlink()
    resources = [
        {"name": "service", "path": "services.csv"},
        {"name": "schedule", "path": "hours.csv"},
        *(
            {"name": name, "path": f"{name}.csv"}
            for name in ("organizations", "locations", "addresses", "phones", "service_at_location", "cost_options")
        ),
    ]
    (californian / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")

    report = in_transaction(sessions, import_hsds, californian)

    assert (report.added, report.warnings) == ([f"hsds-{SERVICE_ID}"], [])
    assert shown(sessions)["schedules"] == [SCHEDULE]


def test_an_export_writes_hsds_schedules_and_costs_that_import_back(californian, sessions, tmp_path):
    in_transaction(sessions, import_hsds, californian)
    with sessions() as session:
        counts = export_hsds(session, tmp_path / "export")
    with (tmp_path / "export" / "schedules.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with (californian / "schedules.csv").open(newline="", encoding="utf-8") as handle:
        assert header == next(csv.reader(handle))
    with sessions.begin() as session:
        session.delete(session.get(Service, f"hsds-{SERVICE_ID}"))

    report = in_transaction(sessions, import_hsds, tmp_path / "export")

    assert (counts["schedules"], counts["cost_options"], report.rejected) == (1, 1, [])
    again = shown(sessions, f"hsds-hsds-{SERVICE_ID}")
    assert (again["schedules"], again["cost_options"]) == ([SCHEDULE], [COST])


def test_show_prints_one_line_per_schedule_and_cost_option(cli, californian):
    assert cli("import", "hsds", str(californian)).returncode == 0
    shown = json.loads(cli("show", f"hsds-{SERVICE_ID}").stdout)

    assert (shown["schedules"], shown["cost_options"]) == ([SCHEDULE], [COST])


def test_a_directory_built_before_schedules_gets_their_tables(cli, db_url):
    assert cli("build").returncode == 0
    engine = make_engine(db_url)
    with engine.begin() as connection:  # as a build from before schedules (and migrations) left it
        for table in ("schedule", "cost_option", "search_point", "search_index_state", "alembic_version"):
            connection.exec_driver_sql(f"DROP TABLE {table}")
    engine.dispose()

    shown = cli("show", "psi-helpline")

    assert shown.returncode == 0, shown.stderr
    assert (json.loads(shown.stdout)["schedules"], json.loads(shown.stdout)["cost_options"]) == ([], [])


def test_a_record_without_schedules_or_costs_keeps_its_checksum_from_before_them():
    """Otherwise every service of a directory loaded before them would count as updated on its next import
    (the same for `verified_how`, added in issue 13)."""
    record = ServiceRecord(
        id="a",
        name="A",
        description="",
        source="seed",
        source_url="https://a.org",
        source_date="2025-01-01",
        codes=("care:postpartum",),
    )
    later = ("schedules", "cost_options", "verified_how")  # verified_how: issue 13
    before = {name: value for name, value in asdict(record).items() if name not in later}

    assert record.checksum() == hashlib.sha256(json.dumps(before, sort_keys=True, default=str).encode()).hexdigest()
