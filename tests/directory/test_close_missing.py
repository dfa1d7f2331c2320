"""`import ... --close-missing`: services a source no longer lists are closed, and reopened when listed again."""

from __future__ import annotations

import json
from datetime import date

import pytest

from providers.importers.hsds import import_hsds
from providers.importers.report import FileRefused
from providers.importers.samhsa import COLUMNS, import_samhsa, service_id
from providers.importers.seed import import_seed
from providers.models import Service
from providers.staff import close, verify

from .conftest import in_transaction
from .support import SERVICE_ID, edit, seed_row, write_csv, write_seed

TODAY = date.today().isoformat()
SEED_GONE = f"No longer listed by the Care Finder seed (import of {TODAY})"
SAMHSA_ROW = dict(
    name1="Valley Family Center",
    street1="1 Main St",
    city="Woodland Hills",
    state="CA",
    zip="91367",
    phone="818-555-0100",
    service_code_info="SA * OP * PVTN",
)


def seed(tmp_path, *ids: str, **fields: str):
    return write_seed(
        tmp_path / f"seed-{'-'.join(ids) or 'empty'}.csv", [seed_row(i, zip="91367", **fields) for i in ids]
    )


def states(sessions) -> dict[str, tuple[str, str | None]]:
    with sessions() as session:
        return {s.id: (s.status, s.alert) for s in session.query(Service).order_by(Service.id)}


def test_without_the_flag_nothing_is_closed(tmp_path, sessions):
    in_transaction(sessions, import_seed, seed(tmp_path, "a", "b"))
    report = in_transaction(sessions, import_seed, seed(tmp_path, "a"))

    assert report.closed is None and "closed" not in report.summary()
    assert states(sessions) == {"a": ("active", None), "b": ("active", None)}


def test_services_the_seed_no_longer_lists_are_closed_with_an_alert(tmp_path, sessions):
    in_transaction(sessions, import_seed, seed(tmp_path, "a", "b", "c"))
    report = in_transaction(sessions, import_seed, seed(tmp_path, "a"), True)
    again = in_transaction(sessions, import_seed, seed(tmp_path, "a"), True)

    assert (report.closed, report.reopened) == (["b", "c"], [])
    assert report.summary().endswith("closed as no longer listed 2, reopened as listed again 0")
    assert states(sessions) == {"a": ("active", None), "b": ("closed", SEED_GONE), "c": ("closed", SEED_GONE)}
    assert again.closed == []  # already closed: left as they are


def test_a_rejected_row_still_lists_its_service(tmp_path, sessions):
    in_transaction(sessions, import_seed, seed(tmp_path, "a", "b"))
    path = write_seed(tmp_path / "v2.csv", [seed_row("a"), seed_row("b", phone="555-0100")])
    report = in_transaction(sessions, import_seed, path, True)

    assert ([r.row_id for r in report.rejected], report.closed) == (["b"], [])
    assert states(sessions)["b"] == ("active", None)


def test_what_staff_set_is_respected_sensibly(tmp_path, sessions):
    in_transaction(sessions, import_seed, seed(tmp_path, "kept", "paused", "closed", "verified"))
    with sessions.begin() as session:
        close(session, "paused", "Paused during the strike", temporarily=True)
        close(session, "closed", "Moved to Burbank")
        verify(session, "verified", "Ana Ruiz", "phoned the group leader")

    report = in_transaction(sessions, import_seed, seed(tmp_path, "kept"), True)

    assert report.closed == ["paused", "verified"]
    assert states(sessions) == {
        "closed": ("closed", "Moved to Burbank"),
        "kept": ("active", None),
        "paused": ("closed", SEED_GONE),
        "verified": ("closed", SEED_GONE),
    }
    with sessions() as session:
        assert session.get(Service, "verified").verified_by == "Ana Ruiz"


def test_a_service_listed_again_is_reopened_unless_staff_closed_it(tmp_path, sessions):
    in_transaction(sessions, import_seed, seed(tmp_path, "a", "b", "c"))
    in_transaction(sessions, import_seed, seed(tmp_path, "a"), True)
    with sessions.begin() as session:
        close(session, "c", "Closed for good, said the director")

    report = in_transaction(sessions, import_seed, seed(tmp_path, "a", "b", "c"), True)

    assert (report.unchanged, report.closed, report.reopened) == (["a", "b", "c"], [], ["b"])
    assert states(sessions) == {
        "a": ("active", None),
        "b": ("active", None),
        "c": ("closed", "Closed for good, said the director"),
    }


def test_a_file_that_lists_nothing_is_refused_and_closes_nothing(tmp_path, sessions):
    in_transaction(sessions, import_seed, seed(tmp_path, "a"))

    with pytest.raises(FileRefused, match="lists no services"):
        in_transaction(sessions, import_seed, seed(tmp_path), True)
    assert states(sessions) == {"a": ("active", None)}


def samhsa_id(row: dict[str, str], directory: str) -> str:
    return service_id({column: row.get(column, "") for column in COLUMNS}, directory)


def test_samhsa_closes_within_the_same_directory_only(tmp_path, sessions):
    harbor = dict(SAMHSA_ROW, name1="Harbor Recovery", street1="9 Elm St")
    in_transaction(sessions, import_samhsa, write_csv(tmp_path / "mh.csv", COLUMNS, [SAMHSA_ROW, harbor]))
    in_transaction(sessions, import_samhsa, write_csv(tmp_path / "sa.csv", COLUMNS, [SAMHSA_ROW, harbor]))
    now = write_csv(tmp_path / "sa.csv", COLUMNS, [dict(SAMHSA_ROW, phone="555-0100")])  # listed, though rejected

    report = in_transaction(sessions, import_samhsa, now, None, True)

    assert (len(report.rejected), report.closed) == (1, [samhsa_id(harbor, "sa")])
    assert states(sessions) == {
        samhsa_id(SAMHSA_ROW, "mh"): ("active", None),
        samhsa_id(harbor, "mh"): ("active", None),
        samhsa_id(SAMHSA_ROW, "sa"): ("active", None),
        samhsa_id(harbor, "sa"): ("closed", f"No longer listed by SAMHSA's SA directory (import of {TODAY})"),
    }


def test_hsds_closes_a_service_the_export_dropped(californian, sessions):
    in_transaction(sessions, import_hsds, californian)
    edit(californian, "services", id="another-service")

    report = in_transaction(sessions, import_hsds, californian, "https://your211.org/export", True)

    assert (report.added, report.closed) == (["hsds-another-service"], [f"hsds-{SERVICE_ID}"])
    assert states(sessions)[f"hsds-{SERVICE_ID}"] == (
        "closed",
        f"No longer listed by https://your211.org/export (import of {TODAY})",
    )


def test_the_cli_flag_closes_reports_and_hides_from_search(cli, tmp_path):
    assert cli("import", "seed", str(seed(tmp_path, "valley-clinic", "harbor-clinic"))).returncode == 0
    result = cli("import", "seed", str(seed(tmp_path, "valley-clinic")), "--close-missing")
    listed = json.loads(cli("search", "--near", "91367", "--limit", "50", "--json").stdout)
    shown = json.loads(cli("show", "harbor-clinic").stdout)

    assert result.returncode == 0, result.stderr
    assert "closed as no longer listed 1, reopened as listed again 0" in result.stdout
    assert [m["service_id"] for m in listed["matches"]] == ["valley-clinic"]
    assert (shown["status"], shown["alert"]) == ("closed", SEED_GONE)
