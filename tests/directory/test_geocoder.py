"""The optional online geocoder, against a local stand-in for Nominatim: no test needs the internet."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from providers import geo, geocoder
from providers.db import REPO_ROOT
from providers.geo import Place, UnknownPlace, locate
from providers.geocoder import GeocoderSettingsError

from .fake_nominatim import USER_AGENT, result, serve

MAR_VISTA = result(
    "Mar Vista",
    34.0028,
    -118.4307,
    suburb="Mar Vista",
    city="Los Angeles",
    county="Los Angeles County",
    postcode="90066",
)
POLICY_DELAY = geocoder.MIN_DELAY_SECONDS


@pytest.fixture
def nominatim(monkeypatch):
    monkeypatch.setattr(geocoder, "MIN_DELAY_SECONDS", 0.01)  # quicker tests; one test keeps the policy's
    with serve(monkeypatch) as fake:
        yield fake


def test_a_place_unknown_offline_is_found_online_with_its_county(nominatim):
    assert geo.find_place("Mar Vista") is None  # else this test proves nothing
    nominatim.answer([MAR_VISTA])

    place = locate("I live in Mar Vista, CA")

    assert place == Place("Mar Vista", 34.0028, -118.4307, "Los Angeles")
    (request,) = nominatim.requests
    assert request.path == "/search" and request.user_agent == USER_AGENT
    assert request.params["q"] == "mar vista"  # the place words only
    assert (request.params["countrycodes"], request.params["bounded"], request.params["addressdetails"]) == (
        "us",
        "1",
        "1",
    )
    assert [float(number) for number in request.params["viewbox"].split(",")] == [-124.5, 32.0, -114.0, 42.1]


def test_without_a_county_the_nearest_zip_gives_it(nominatim):
    nominatim.answer([result("Meiners Oaks", 34.4469, -119.2784, hamlet="Meiners Oaks")])

    assert locate("Meiners Oaks").county == "Ventura"


def test_a_county_nominatim_names_differently_comes_from_the_nearest_zip(nominatim):
    nominatim.answer(
        [
            result(
                "Mission District",
                37.7599,
                -122.4148,
                suburb="Mission District",
                city="San Francisco",
                county="City and County of San Francisco",
            )
        ]
    )

    place = locate("Mission District")

    assert (place.label, place.county) == ("Mission District", "San Francisco")


def test_the_label_is_the_area_never_a_street_address(nominatim):
    nominatim.answer(
        [
            result(
                "Griffith Observatory",
                34.1184,
                -118.3004,
                tourism="Griffith Observatory",
                road="West Observatory Road",
                suburb="Los Feliz",
                city="Los Angeles",
                county="Los Angeles County",
            )
        ]
    )

    place = locate("Griffith Observatory")

    assert place.label == "Los Feliz"
    assert locate(place.label) == place  # the label the bot keeps in its slot finds the same place
    assert len(nominatim.requests) == 1


def test_the_offline_index_is_used_first(nominatim):
    nominatim.answer([MAR_VISTA])

    assert locate("91367").label == "Woodland Hills 91367"
    assert locate("Boyle Heights").label == "Boyle Heights"
    assert locate("Pasadna").label == "Pasadena"  # a typo the offline index forgives
    assert nominatim.requests == []


@pytest.mark.parametrize("setting", [None, "", "off"])
def test_off_never_asks_the_server(nominatim, monkeypatch, setting):
    if setting is None:
        monkeypatch.delenv("CARE_FINDER_GEOCODER")
    else:
        monkeypatch.setenv("CARE_FINDER_GEOCODER", setting)
    nominatim.answer([MAR_VISTA])

    with pytest.raises(UnknownPlace):
        locate("Mar Vista")
    assert geo.find_place("Mar Vista", online=True) is None
    assert nominatim.requests == []


def _outside(name: str, lat: float, lon: float, state: str, iso: str) -> list[dict]:
    return [result(name, lat, lon, city=name, state=state, **{"ISO3166-2-lvl4": iso})]


@pytest.mark.parametrize(
    "status, body, delay",
    [
        (500, {"error": "Internal Server Error"}, 0),
        (429, b"Too Many Requests", 0),
        (503, b"", 0),
        (200, b"<html>not json</html>", 0),
        (200, [{"display_name": "no coordinates"}], 0),
        (200, [], 0),
        (200, [MAR_VISTA], 1.0),  # later than the timeout
        (200, _outside("Reno", 39.5296, -119.8138, "Nevada", "US-NV"), 0),  # inside California's box
        (200, _outside("Las Vegas", 36.1716, -115.1391, "Nevada", "US-NV"), 0),
        (200, [result("Nowhere", 45.0, -120.0)], 0),  # says California, lies outside it
    ],
    ids=[
        "500",
        "429",
        "503-empty",
        "not-json",
        "no-coordinates",
        "nothing",
        "timeout",
        "reno",
        "las-vegas",
        "outside-the-box",
    ],
)
def test_any_failure_is_the_ordinary_unknown_place(nominatim, monkeypatch, status, body, delay):
    monkeypatch.setattr(geocoder, "TIMEOUT_SECONDS", 0.3)
    nominatim.answer(body, status, delay)

    with pytest.raises(UnknownPlace) as caught:
        locate("Glendalia")

    assert caught.value.suggestions == geo.suggest_places("Glendalia")
    assert "Glendale" in caught.value.suggestions
    assert len(nominatim.requests) == 1


def test_a_failure_is_not_remembered_but_nothing_found_is(nominatim):
    nominatim.answer({"error": "busy"}, 503)
    with pytest.raises(UnknownPlace):
        locate("Mar Vista")
    nominatim.answer([MAR_VISTA])
    assert locate("Mar Vista").label == "Mar Vista"  # asked again

    nominatim.answer([])
    for _ in range(2):
        with pytest.raises(UnknownPlace):
            locate("Narnia")
    assert nominatim.queries() == ["mar vista", "mar vista", "narnia"]


def test_a_second_identical_lookup_comes_from_the_cache(nominatim):
    nominatim.answer([MAR_VISTA])

    first = locate("Mar Vista")
    assert locate("mar vista!") == locate("near Mar Vista") == first
    assert len(nominatim.requests) == 1

    geocoder.reset()
    assert locate("Mar Vista") == first
    assert len(nominatim.requests) == 2


def test_the_cache_is_bounded():
    cache = geocoder._Cache(2)
    key = geocoder.Settings("agent", "https", "example.org")
    for words in ("a", "b", "c"):
        cache.put((key, words), None)
    cache.get((key, "b"))
    cache.put((key, "d"), None)

    assert [cache.get((key, words))[0] for words in "abcd"] == [False, True, False, True]


def test_at_most_one_request_a_second(nominatim, monkeypatch):
    assert POLICY_DELAY == 1.0
    monkeypatch.setattr(geocoder, "MIN_DELAY_SECONDS", POLICY_DELAY)
    geocoder.reset()
    nominatim.answer([])
    for text in ("Narnia", "Atlantis"):
        with pytest.raises(UnknownPlace):
            locate(text)

    first, second = nominatim.requests
    assert second.at - first.at >= POLICY_DELAY - 0.05


@pytest.mark.parametrize(
    "text",
    ["818 555 0100", "  ", "i live in ca", "my group at the clinic on the corner of main and first was canceled"],
)
def test_no_place_words_or_a_long_story_are_not_sent(nominatim, text):
    with pytest.raises(UnknownPlace):
        locate(text)
    assert nominatim.requests == []


def test_nothing_the_patient_wrote_is_logged(nominatim, caplog):
    caplog.set_level(logging.DEBUG)
    nominatim.answer([MAR_VISTA])
    locate("Mar Vista")
    nominatim.answer({"error": "busy"}, 500)
    with pytest.raises(UnknownPlace):
        locate("Glendalia")

    assert "Online place lookup: found" in caplog.text
    assert "Online place lookup failed (GeocoderServiceError)" in caplog.text
    assert "vista" not in caplog.text.lower() and "glendalia" not in caplog.text.lower()


def test_a_missing_user_agent_is_refused_clearly(nominatim, monkeypatch):
    monkeypatch.delenv("CARE_FINDER_GEOCODER_USER_AGENT")

    with pytest.raises(GeocoderSettingsError, match="needs CARE_FINDER_GEOCODER_USER_AGENT"):
        geocoder.check_settings()
    with pytest.raises(GeocoderSettingsError):
        locate("Mar Vista")
    assert nominatim.requests == []


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("CARE_FINDER_GEOCODER", "google", "not known"),
        ("CARE_FINDER_GEOCODER_URL", "ftp://nominatim.example.org", "CARE_FINDER_GEOCODER_URL"),
        ("CARE_FINDER_GEOCODER_USER_AGENT", "my_user_agent/1.0", "CARE_FINDER_GEOCODER_USER_AGENT"),
    ],
)
def test_settings_that_cannot_work_are_refused(nominatim, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    if name == "CARE_FINDER_GEOCODER_USER_AGENT":  # geopy refuses sample agents on the public server only
        monkeypatch.delenv("CARE_FINDER_GEOCODER_URL")

    with pytest.raises(GeocoderSettingsError, match=message):
        geocoder.check_settings()
    assert nominatim.requests == []


def test_the_url_setting_takes_a_bare_host_and_defaults_to_the_public_server(monkeypatch):
    monkeypatch.setenv("CARE_FINDER_GEOCODER", "Nominatim")
    monkeypatch.setenv("CARE_FINDER_GEOCODER_USER_AGENT", USER_AGENT)
    monkeypatch.delenv("CARE_FINDER_GEOCODER_URL", raising=False)
    assert geocoder.settings() == geocoder.Settings(USER_AGENT, "https", "nominatim.openstreetmap.org")

    monkeypatch.setenv("CARE_FINDER_GEOCODER_URL", "osm.example.org:8080/nominatim/")
    assert geocoder.settings() == geocoder.Settings(USER_AGENT, "https", "osm.example.org:8080/nominatim")


def _cli(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "providers", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": database},
    )


def test_the_staff_cli_searches_near_a_place_found_online(nominatim, tmp_path):
    database = f"sqlite:///{tmp_path / 'directory.db'}"
    nominatim.answer([MAR_VISTA])
    assert _cli("build", database=database).returncode == 0

    found = _cli("search", "--near", "Mar Vista", "--json", database=database)

    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["place"]["county"] == "Los Angeles"
    assert nominatim.queries() == ["mar vista"]


def test_the_staff_cli_says_what_is_missing(nominatim, monkeypatch, tmp_path):
    monkeypatch.delenv("CARE_FINDER_GEOCODER_USER_AGENT")

    refused = _cli("search", "--near", "Mar Vista", database=f"sqlite:///{tmp_path / 'directory.db'}")

    assert refused.returncode == 1
    assert "needs CARE_FINDER_GEOCODER_USER_AGENT" in refused.stderr and "Traceback" not in refused.stderr
