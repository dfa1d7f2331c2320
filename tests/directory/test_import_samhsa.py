from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from providers.importers.report import FileRefused
from providers.importers.samhsa import COLUMNS, import_samhsa
from providers.models import Service

from .conftest import in_transaction
from .support import shared, write_csv, zip_point

ROW = dict(
    name1="Valley Family Center",
    street1="1 Main St",
    city="Woodland Hills",
    state="CA",
    zip="91367",
    phone="818-555-0100",
    service_code_info="MH * OP * PVTN * MD SF * SS * SP * TELE",
)


def samhsa_csv(tmp_path, rows, name="mh_test.csv"):
    return write_csv(tmp_path / name, COLUMNS, rows)


def services(sessions) -> dict[str, Service]:
    with sessions() as session:
        found = {s.name: s for s in session.scalars(select(Service))}
        for s in found.values():
            _ = (
                s.attributes,
                s.languages,
                s.phones,
                s.organization,
                [link.location for link in s.service_at_locations],
            )
        return found


def count(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Service))


def test_service_codes_become_the_directory_attributes(tmp_path, sessions):
    rows = [
        ROW,
        dict(
            ROW,
            name1="Perinatal Recovery",
            zip="91364",
            phone="818-555-0101 x12",
            service_code_info="SA * OP OIT * PVTP * MD * PW * CCC BC * SP",
        ),
        dict(ROW, name1="Early Psychosis Program", zip="91303", service_code_info="MH * OP * LCCG * PEFP * CHLD"),
    ]
    report = in_transaction(sessions, import_samhsa, samhsa_csv(tmp_path, rows))

    assert (len(report.added), report.rejected) == (3, [])
    by_name = services(sessions)
    valley = by_name["Valley Family Center"]
    assert {a.code for a in valley.attributes} == {
        "setting:outpatient",
        "ownership:nonprofit",
        "cost:medi_cal",
        "cost:sliding_scale",
        "format:virtual",
        "format:in_person",
    }
    assert [lang.code for lang in valley.languages] == ["es"]
    (link,) = valley.service_at_locations
    assert (link.location.latitude, link.location.longitude, link.location.precision) == (*zip_point("91367"), "zip")
    perinatal = by_name["Perinatal Recovery"]
    assert {
        "care:postpartum",
        "support:child_care",
        "care:substance_use",
        "care:post_discharge",
        "ownership:for_profit",
    } <= {a.code for a in perinatal.attributes}
    assert [(p.number, p.description) for p in perinatal.phones] == [("1-818-555-0101", "ext. 12")]
    psychosis = {a.code for a in by_name["Early Psychosis Program"].attributes}
    assert "care:postpartum" not in psychosis and {"ownership:public", "care:child_teen"} <= psychosis


def test_bad_rows_are_rejected_with_their_reason_and_the_rest_load(tmp_path, sessions):
    rows = [
        ROW,
        dict(ROW, name1=""),
        dict(ROW, name1="Nowhere", zip="00000"),
        dict(ROW, name1="Bad phone", phone="555-0100"),
        dict(ROW, name1="Bad intake", intake1="call us"),
    ]
    report = in_transaction(sessions, import_samhsa, samhsa_csv(tmp_path, rows))

    assert report.added and len(report.added) == 1
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "no name"),
        (4, "unknown ZIP code '00000'"),
        (5, "phone: phone '555-0100' is not one dialable US number"),
        (6, "intake1: phone 'call us' is not one dialable US number"),
    ]


def test_reimport_updates_in_place_and_keeps_what_staff_set(tmp_path, sessions):
    in_transaction(sessions, import_samhsa, samhsa_csv(tmp_path, [ROW]))
    with sessions.begin() as session:
        (service,) = session.scalars(select(Service))
        service.status, service.alert, service.verified_by = "temporarily_closed", "Paused during the strike", "Ana"
    again = in_transaction(sessions, import_samhsa, samhsa_csv(tmp_path, [ROW]))
    changed = in_transaction(sessions, import_samhsa, samhsa_csv(tmp_path, [dict(ROW, phone="818-555-0199")]))

    assert (again.unchanged, changed.updated) == (again.unchanged, again.unchanged) and len(again.unchanged) == 1
    (service,) = services(sessions).values()
    assert [p.number for p in service.phones] == ["1-818-555-0199"]
    assert (service.status, service.alert, service.verified_by) == (
        "temporarily_closed",
        "Paused during the strike",
        "Ana",
    )


def test_the_csv_extract_and_the_workbook_give_the_same_records(sessions):
    csv_report = in_transaction(sessions, import_samhsa, shared("samhsa/mh_2022_california.csv"))
    national = in_transaction(sessions, import_samhsa, shared("samhsa/National_Directory_MH_Facilities_2022.xlsx"))

    assert len(csv_report.added) > 650
    assert set(csv_report.added) <= set(national.unchanged)
    assert count(sessions) == len(national.added) + len(national.unchanged) > 9000


@pytest.mark.parametrize(
    "content, message",
    [
        ("name,phone\nx,1\n", "is not a SAMHSA directory: missing columns name1"),
        (
            ",".join(COLUMNS) + '\nNew Place,,1 Main St,,Reseda,CA,91335,818-555-0100,,,MH\n"broken,\n',
            "is not a readable CSV file",
        ),
    ],
)
def test_a_malformed_csv_changes_nothing(tmp_path, sessions, content, message):
    in_transaction(sessions, import_samhsa, samhsa_csv(tmp_path, [ROW]))
    bad = tmp_path / "mh_bad.csv"
    bad.write_text(content, encoding="utf-8")

    with pytest.raises(FileRefused, match=message):
        in_transaction(sessions, import_samhsa, bad)
    assert count(sessions) == 1


def test_a_workbook_that_is_not_samhsas_is_refused(tmp_path, sessions):
    workbook = Workbook()
    workbook.active.title = "Budget"
    workbook.save(tmp_path / "MH_budget.xlsx")
    (tmp_path / "MH_fake.xlsx").write_text("not a workbook", encoding="utf-8")

    with pytest.raises(FileRefused, match="no sheet 'Facilities List'"):
        in_transaction(sessions, import_samhsa, tmp_path / "MH_budget.xlsx")
    with pytest.raises(FileRefused, match="not a readable .xlsx"):
        in_transaction(sessions, import_samhsa, tmp_path / "MH_fake.xlsx")
    assert count(sessions) == 0


def test_which_directory_comes_from_the_file_name_or_is_asked_for(tmp_path, sessions):
    path = samhsa_csv(tmp_path, [ROW], name="facilities.csv")

    with pytest.raises(FileRefused, match="--directory mh or --directory sa"):
        in_transaction(sessions, import_samhsa, path)
    assert in_transaction(sessions, import_samhsa, path, "sa").added[0].startswith("samhsa-sa-")
