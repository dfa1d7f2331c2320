from __future__ import annotations

import json
from datetime import date

import pytest
from geographiclib.geodesic import Geodesic

from providers.importers.samhsa_extract import EXTRACT_PATH
from providers.importers.seed import SEED_PATH
from providers.staff import describe, get_service

from .support import seed_row, shared, write_seed, zip_point


def rows_of(path) -> int:
    return len(path.read_text(encoding="utf-8").strip().splitlines()) - 1


def built_size() -> int:
    """Services `build` loads: the seed and the SAMHSA extract."""
    return rows_of(SEED_PATH) + rows_of(EXTRACT_PATH)


def test_build_twice_changes_nothing_the_second_time(cli):
    """The build loads the seed and the SAMHSA extract (issue 13: 36 + 411 services, was 36)."""
    first, second = cli("build"), cli("build")

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    for path in (SEED_PATH, EXTRACT_PATH):
        assert f"{path}: added {rows_of(path)}, updated 0, unchanged 0, rejected 0" in first.stdout
        assert f"{path}: added 0, updated 0, unchanged {rows_of(path)}, rejected 0" in second.stdout


def test_search_prints_json(cli):
    assert cli("build").returncode == 0
    result = cli("search", "--near", "91367", "--care", "postpartum", "--prefer", "free", "--limit", "5", "--json")

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["place"]["zip_code"] == "91367"
    assert 0 < len(data["matches"]) <= 5 <= data["total"]
    distances = [m["distance_miles"] for m in data["matches"] if m["distance_miles"] is not None]
    assert distances and all(d == round(d, 1) for d in distances)
    assert all(isinstance(m["reasons"], list) for m in data["matches"])


def test_search_as_text_and_stats(cli):
    assert cli("build").returncode == 0
    search, stats = cli("search", "--near", "Pasadena", "--limit", "2"), cli("stats")

    assert search.returncode == 0 and "1. " in search.stdout and "3. " not in search.stdout
    assert stats.returncode == 0 and f"active {built_size()}" in stats.stdout


@pytest.mark.parametrize("place", ["Glendalia", "10001"])
def test_an_unknown_place_exits_2_with_a_message(cli, place):
    result = cli("search", "--near", place)

    assert result.returncode == 2
    assert "not a California ZIP code, city or area" in result.stderr


def test_bad_arguments_exit_2(cli):
    assert cli("search", "--near", "91367", "--limit", "0").returncode == 2
    assert cli("search", "--near", "91367", "--care", "yoga").returncode == 2


def test_searching_before_building_says_what_to_do(cli):
    result = cli("search", "--near", "91367")

    assert result.returncode == 1 and "python -m providers build" in result.stderr


def test_build_reports_rejected_rows_and_fails(cli, tmp_path):
    seed = write_seed(tmp_path / "seed.csv", [seed_row("ok"), seed_row("bad", zip="10001")])
    result = cli("build", "--seed", str(seed))

    assert result.returncode == 1
    assert "added 1" in result.stdout
    assert "line 3 (bad): zip 10001 is not a California ZIP code" in result.stderr


def shown(sessions, service_id: str) -> dict:
    with sessions() as session:
        return describe(get_service(session, service_id))


def test_nearest_nonprofits_from_the_national_workbook_at_geodesic_distances(cli, sessions):
    workbook = shared("samhsa/National_Directory_MH_Facilities_2022.xlsx")
    imported = cli("import", "samhsa", str(workbook))
    result = cli("search", "--near", "91367", "--nonprofit", "--limit", "5", "--json")

    assert imported.returncode == 0, imported.stderr
    assert "added 9032, updated 0, unchanged 0, rejected 5" in imported.stdout
    matches = json.loads(result.stdout)["matches"]
    assert len(matches) == 5
    origin = zip_point("91367")
    for match in matches:
        service = shown(sessions, match["service_id"])
        assert "ownership:nonprofit" in service["attributes"] and service["ownership"] == "nonprofit"
        (place,) = service["places"]
        reference = Geodesic.WGS84.Inverse(*origin, *zip_point(place["zip"]))["s12"] / 1609.344
        assert match["distance_miles"] == pytest.approx(reference, abs=0.1)
    distances = [m["distance_miles"] for m in matches]
    assert distances == sorted(distances)


def test_import_refuses_a_broken_file_and_changes_nothing(cli, tmp_path):
    assert cli("build").returncode == 0
    bad = tmp_path / "mh_bad.csv"
    bad.write_text("name,phone\nx,1\n", encoding="utf-8")

    result = cli("import", "samhsa", str(bad))

    assert result.returncode == 1 and "refused, nothing changed" in result.stderr
    assert f"active {built_size()}" in cli("stats").stdout
    assert cli("import", "samhsa", str(tmp_path / "missing.xlsx")).returncode == 2
    assert cli("import", "yaml", str(bad)).returncode == 2


def test_staff_verify_close_and_reopen_a_service(cli):
    assert cli("build").returncode == 0
    verified = json.loads(cli("verify", "psi-helpline", "--by", "Ana Ruiz", "--how", "phoned the line").stdout)
    closed = json.loads(cli("close", "psi-helpline", "--alert", "Line paused during the strike").stdout)
    # postpartum care: the helpline ranks among the first, before the SAMHSA facilities that do not offer it
    near = ("search", "--near", "91367", "--care", "postpartum", "--limit", "100", "--json")
    hidden = json.loads(cli(*near).stdout)
    listed = json.loads(cli(*near, "--include-closed").stdout)
    reopened = json.loads(cli("reopen", "psi-helpline").stdout)

    assert (verified["verified_by"], verified["verified_how"], verified["last_verified_at"]) == (
        "Ana Ruiz",
        "phoned the line",
        date.today().isoformat(),
    )
    assert (closed["status"], closed["alert"]) == ("closed", "Line paused during the strike")
    assert "psi-helpline" not in [m["service_id"] for m in hidden["matches"]]
    assert "psi-helpline" in [m["service_id"] for m in listed["matches"]]
    assert (reopened["status"], reopened["alert"], reopened["verified_by"]) == ("active", None, "Ana Ruiz")


def test_staff_edits_refuse_bad_input(cli):
    assert cli("build").returncode == 0
    for args, code, message in [
        (("show", "no-such-service"), 1, "no service with id 'no-such-service'"),
        (("verify", "psi-helpline", "--by", " ", "--how", "phoned"), 2, "say who verified it"),
        (("verify", "psi-helpline", "--by", "Ana", "--how", " "), 2, "say how it was confirmed"),
        (("close", "psi-helpline", "--alert", ""), 2, "say why"),
        (("verify", "psi-helpline"), 2, "--by"),
    ]:
        result = cli(*args)
        assert (result.returncode, message in result.stderr) == (code, True), result.stderr


def test_search_filters_demand_their_attribute(cli, sessions):
    assert cli("build").returncode == 0
    free = json.loads(cli("search", "--near", "91367", "--free", "--spanish", "--limit", "50", "--json").stdout)

    assert free["matches"]
    for match in free["matches"]:
        service = shown(sessions, match["service_id"])
        assert "cost:free" in service["attributes"] and "es" in service["languages"]


def test_export_writes_an_hsds_datapackage(cli, tmp_path):
    assert cli("build").returncode == 0
    result = cli("export", str(tmp_path / "out"))

    assert result.returncode == 0, result.stderr
    assert f"services {built_size()}" in result.stdout
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert {"services", "organizations", "locations", "phones"} <= {r["name"] for r in package["resources"]}
