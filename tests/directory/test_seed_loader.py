from __future__ import annotations

import csv
from statistics import fmean

import pytest
import zipcodes
from sqlalchemy import func, select

from providers.importers.report import FileRefused
from providers.importers.seed import SEED_PATH
from providers.models import (
    Address,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

from .support import seed_row, write_seed, zip_point

TABLES = (Organization, Service, Location, Address, ServiceAtLocation, ServiceArea, Phone, Language, Attribute)


def seed_rows() -> list[dict[str, str]]:
    with SEED_PATH.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def row_counts(sessions) -> dict[str, int]:
    with sessions() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in TABLES}


def test_project_seed_loads_cleanly_and_reloads_unchanged(load, sessions):
    ids = {row["id"] for row in seed_rows()}

    first = load()
    counts = row_counts(sessions)
    second = load()

    assert first.rejected == [] and set(first.added) == ids
    assert (second.added, second.updated, second.rejected) == ([], [], [])
    assert set(second.unchanged) == ids
    assert row_counts(sessions) == counts
    assert counts["service"] == len(ids)


def test_every_seed_row_has_a_source():
    for row in seed_rows():
        assert row["source_url"].startswith(("http://", "https://")), row["id"]
        assert row["source_date"].strip(), row["id"]


def test_the_seed_claims_no_verification_a_person_did_not_make():
    """Issue 13: rows checked against the facts file only are desk-checked, not verified (was: 8 verified
    by "care-rights-facts.md"); they show their source and date instead. Nobody has phoned any row yet."""
    rows = seed_rows()
    assert all(row["verified"] == "no" for row in rows)
    assert all(not row["verified_by"] and not row["verified_how"] and not row["last_verified_at"] for row in rows)
    assert not [row["id"] for row in rows if row["phone"] in ("988", "911")]


def test_only_lines_whose_source_says_so_are_open_24_7():
    rows = {row["id"]: row for row in seed_rows()}
    open_24_7 = {row_id for row_id, row in rows.items() if row["hours"] == "24/7"}

    assert open_24_7 == {
        "national-maternal-mental-health-hotline",
        "crisis-text-line",
        "calhope-warm-line",
        "la-county-dmh-access-line",
        "211-la",
        "ca-peer-run-warm-line",
    }
    assert all("24/7" in rows[row_id]["description"] for row_id in open_24_7)  # the source's own words
    assert "Monday to Friday" in rows["nami-helpline"]["hours"]


def test_a_changed_row_is_updated_in_place(tmp_path, load, sessions):
    load(write_seed(tmp_path / "v1.csv", [seed_row("clinic", zip="91367", phone="818-555-0100")]))
    report = load(write_seed(tmp_path / "v2.csv", [seed_row("clinic", zip="91364", phone="(818) 555-0199")]))

    assert report.updated == ["clinic"]
    with sessions() as session:
        service = session.get(Service, "clinic")
        assert [phone.number for phone in service.phones] == ["1-818-555-0199"]
        assert [link.location.latitude for link in service.service_at_locations] == [zip_point("91364")[0]]
    assert row_counts(sessions)["location"] == 1


def test_a_renamed_organization_leaves_no_orphan(tmp_path, load, sessions):
    load(write_seed(tmp_path / "v1.csv", [seed_row("clinic", organization="Old Name")]))
    load(write_seed(tmp_path / "v2.csv", [seed_row("clinic", organization="New Name")]))

    with sessions() as session:
        assert session.scalars(select(Organization.name)).all() == ["New Name"]


def test_rows_are_placed_by_zip_then_city_and_remote_rows_get_an_area(tmp_path, load, sessions):
    load(
        write_seed(
            tmp_path / "seed.csv",
            [
                seed_row("by-zip", zip="91103", city="Pasadena", address="1845 N. Fair Oaks Ave"),
                seed_row("by-city", city="Newport Beach", county="Orange"),
                seed_row("phone-only", zip="91103", formats="phone"),
                seed_row("county-only", county="Los Angeles;Orange"),
                seed_row("nationwide", county="national", formats="virtual"),
            ],
        )
    )
    newport = [r for r in zipcodes.filter_by(city="Newport Beach", state="CA") if r["zip_code_type"] == "STANDARD"]

    with sessions() as session:

        def location(service_id):
            (link,) = session.get(Service, service_id).service_at_locations
            return link.location

        def areas(service_id):
            return sorted((area.scope, area.name) for area in session.get(Service, service_id).service_areas)

        by_zip, by_city = location("by-zip"), location("by-city")
        assert (by_zip.precision, (by_zip.latitude, by_zip.longitude)) == ("zip", zip_point("91103"))
        assert by_zip.addresses[0].address_1 == "1845 N. Fair Oaks Ave"
        assert by_city.precision == "city"
        assert by_city.latitude == pytest.approx(fmean(float(r["lat"]) for r in newport))
        assert by_city.longitude == pytest.approx(fmean(float(r["long"]) for r in newport))
        assert session.get(Service, "phone-only").service_at_locations == []
        assert areas("phone-only") == [("county", "Los Angeles")]
        assert areas("county-only") == [("county", "Los Angeles"), ("county", "Orange")]
        assert areas("nationwide") == [("national", "United States")]


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"source_url": ""}, "source_url is required"),
        ({"source_date": ""}, "source_date is required"),
        ({"care_types": "postnatal"}, "care_types: unknown postnatal"),
        ({"zip": "10001"}, "10001 is not a California ZIP"),
        ({"city": "Springfield"}, "not a California city"),
        ({"county": "Narnia"}, "Narnia is not a California county"),
        ({"county": "statewide;Orange"}, "stands alone"),
        ({"zip": "92114"}, "92114 is in San Diego County"),
        ({"phone": "555-0100"}, "not one dialable US number"),
        ({"phone": "", "website": ""}, "no way to reach it"),
        ({"phone": "", "website": "", "phone_note": "ext 4"}, "phone_note needs a phone"),
        ({"address": "1 Main St"}, "address needs its city or ZIP"),
        ({"verified": "yes"}, "verified=yes needs verified_by"),
        ({"last_verified_at": "2025-01-01"}, "last_verified_at needs verified=yes"),
        ({"website": "www.example.org"}, "website must start with http"),
        ({"cost": "cheap"}, "cost: 'cheap' is not one of"),
        ({"baby_friendly": "no"}, "baby_friendly: 'no' is not one of"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason(tmp_path, load, sessions, fields, reason):
    report = load(write_seed(tmp_path / "seed.csv", [seed_row("good"), seed_row("bad", **fields)]))

    assert report.added == ["good"]
    (rejection,) = report.rejected
    assert (rejection.line, rejection.row_id) == (3, "bad")
    assert reason in rejection.reason
    assert row_counts(sessions)["service"] == 1


def test_file_level_mistakes_are_rejected_per_row(tmp_path, load):
    report = load(
        write_seed(
            tmp_path / "seed.csv",
            [
                seed_row("same"),
                seed_row("same"),
                seed_row("Not A Slug"),
                seed_row("org-a", organization="Shared Org", ownership="public"),
                seed_row("org-b", organization="Shared Org", ownership="nonprofit"),
            ],
        )
    )

    assert report.added == ["same", "org-a"]
    assert [(r.row_id, r.reason.split(" (")[0].split(" '")[0]) for r in report.rejected] == [
        ("same", "duplicate id"),
        ("Not A Slug", "id"),
        ("org-b", "ownership"),
    ]


def test_a_seed_without_a_required_column_is_refused(tmp_path, load):
    path = tmp_path / "seed.csv"
    path.write_text("id,name\nx,y\n", encoding="utf-8")

    with pytest.raises(FileRefused, match="missing columns: organization"):
        load(path)
