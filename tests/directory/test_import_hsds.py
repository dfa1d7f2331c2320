from __future__ import annotations

import pytest
from sqlalchemy import func, select

from providers.export import export_hsds
from providers.importers.hsds import import_hsds
from providers.importers.report import FileRefused
from providers.models import CostOption, Schedule, Service

from .conftest import in_transaction
from .support import SERVICE_ID, count, edit, seed_row, shared, shown, write_seed, zip_point


def test_the_published_example_is_rejected_for_its_foreign_phone_and_postcode(sessions):
    report = in_transaction(sessions, import_hsds, shared("hsds-3.0-examples"))

    ((rejection,), added) = report.rejected, report.added
    assert (added, rejection.row_id) == ([], SERVICE_ID)
    assert "phone '+44 1234 234567' is not one dialable US number" in rejection.reason
    assert any(
        "datapackage.json" in warning and "reading the CSV files by their HSDS names" in warning
        for warning in report.warnings
    )


def test_an_example_made_californian_imports_then_reimports_unchanged(californian, sessions):
    first = in_transaction(sessions, import_hsds, californian)
    second = in_transaction(sessions, import_hsds, californian)
    edit(californian, "services", name="Community Counselling (renamed)")
    third = in_transaction(sessions, import_hsds, californian)

    assert (first.added, second.unchanged, third.updated) == ([f"hsds-{SERVICE_ID}"],) * 3
    service = shown(sessions)
    assert service["name"] == "Community Counselling (renamed)"
    assert service["organization"] == "Example Organization Inc."
    assert service["phones"] == [
        {"number": "1-818-555-0100", "note": "ext. 100; " + service["phones"][0]["note"].split("; ", 1)[1]}
    ]
    (place,) = service["places"]
    assert (place["latitude"], place["longitude"], place["precision"]) == (*zip_point("91367"), "zip")
    assert (service["languages"], service["verified_by"], service["last_verified_at"]) == (
        ["ur"],
        "email@example.com",
        "2005-01-01",
    )
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == 1


def test_a_location_without_point_or_known_zip_is_rejected(californian, sessions):
    edit(californian, "addresses", postal_code="ABC 1234")

    (rejection,) = in_transaction(sessions, import_hsds, californian).rejected
    assert "unknown ZIP code 'ABC 1234', and no valid coordinates" in rejection.reason


def test_a_service_without_a_name_is_rejected(californian, sessions):
    edit(californian, "services", name="")

    assert [r.reason for r in in_transaction(sessions, import_hsds, californian).rejected] == ["no name"]


@pytest.mark.parametrize(
    "table, content, message",
    [
        ("services", "identifier,title\nx,y\n", "services.csv: missing HSDS columns id, name"),
        ("phones", 'id,service_id,number\n"1,x,2\n', "phones.csv is not a readable CSV file"),
        ("schedules", "id,service\nx,y\n", "schedules.csv: missing HSDS columns service_id"),
        ("cost_options", 'id,service_id,amount\n"1,x,2\n', "cost_options.csv is not a readable CSV file"),
    ],
)
def test_a_malformed_package_changes_nothing(californian, sessions, table, content, message):
    in_transaction(sessions, import_hsds, californian)
    edit(californian, "services", name="Should not appear")
    (californian / f"{table}.csv").write_text(content, encoding="utf-8")

    with pytest.raises(FileRefused, match=message):
        in_transaction(sessions, import_hsds, californian)
    assert shown(sessions)["name"] == "Community Counselling"
    assert (count(sessions, Schedule), count(sessions, CostOption)) == (1, 1)


def test_a_folder_without_services_is_refused(tmp_path, sessions):
    with pytest.raises(FileRefused, match="no services.csv"):
        in_transaction(sessions, import_hsds, tmp_path)


def test_an_export_imports_back_with_the_same_facts(tmp_path, load, sessions):
    load(
        write_seed(
            tmp_path / "seed.csv",
            [
                seed_row(
                    "clinic",
                    zip="91367",
                    address="1 Main St",
                    city="Woodland Hills",
                    languages="en;es",
                    organization="Valley Care",
                    ownership="nonprofit",
                    cost="medi_cal",
                    baby_friendly="yes",
                ),
                seed_row(
                    "hotline",
                    county="national",
                    formats="phone",
                    phone="800-555-0100",
                    status="temporarily_closed",
                    alert="Paused",
                ),
            ],
        )
    )
    with sessions() as session:
        export_hsds(session, tmp_path / "export")
    before = {key: shown(sessions, key) for key in ("clinic", "hotline")}
    with sessions.begin() as session:
        for service in session.scalars(select(Service)):
            session.delete(service)

    report = in_transaction(sessions, import_hsds, tmp_path / "export")

    assert (sorted(report.added), report.rejected, report.warnings) == (["hsds-clinic", "hsds-hotline"], [], [])
    for key, old in before.items():
        new = shown(sessions, f"hsds-{key}")
        for field in (
            "name",
            "organization",
            "ownership",
            "status",
            "alert",
            "phones",
            "places",
            "areas",
            "languages",
            "attributes",
        ):
            assert new[field] == old[field], field
