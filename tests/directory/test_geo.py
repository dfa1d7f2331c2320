from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from providers import geo
from providers.geo import Place, UnknownPlace, locate

from .support import zip_point


def test_a_zip_anywhere_in_the_text():
    place = locate("I'm in 91367, near the mall")

    assert place.zip_code == "91367"
    assert (place.latitude, place.longitude) == zip_point("91367")
    assert (place.county, place.label) == ("Los Angeles", "Woodland Hills 91367")
    assert locate("91367-1234").zip_code == "91367"


@pytest.mark.parametrize(
    "text, label, county",
    [
        ("Pasadena", "Pasadena", "Los Angeles"),
        ("woodland hills", "Woodland Hills", "Los Angeles"),
        ("Los Angeles", "Los Angeles", "Los Angeles"),
        ("  NEWPORT BEACH, CA! ", "Newport Beach", "Orange"),
        ("my Kaiser Permanente group in Woodland Hills was canceled", "Woodland Hills", "Los Angeles"),
        ("vivo en la ciudad de Pasadena", "Pasadena", "Los Angeles"),
        ("it would be nice to find help near Pasadena", "Pasadena", "Los Angeles"),
        ("Hollywood", "Hollywood", "Los Angeles"),  # a ZIP's "acceptable" city name
    ],
)
def test_a_california_city(text, label, county):
    place = locate(text)

    assert (place.label, place.county, place.zip_code) == (label, county, None)


@pytest.mark.parametrize(
    "text, label, county",
    [
        ("Boyle Heights", "Boyle Heights", "Los Angeles"),
        ("koreatown", "Koreatown", "Los Angeles"),
        ("South LA", "South LA", "Los Angeles"),
        ("I live in the IE", "The IE", "Riverside"),
        ("L.A.", "LA", "Los Angeles"),
        ("estoy en LA", "LA", "Los Angeles"),
        ("OC", "OC", "Orange"),
        ("SFV", "SFV", "Los Angeles"),
        ("the Valley", "The Valley", "Los Angeles"),
        ("East LA", "East LA", "Los Angeles"),
        ("Long Beach", "Long Beach", "Los Angeles"),
    ],
)
def test_a_neighborhood_or_area_alias(text, label, county):
    place = locate(text)

    assert (place.label, place.county) == (label, county)


def test_an_alias_to_a_zip_sits_at_that_zip():
    assert (locate("Boyle Heights").latitude, locate("Boyle Heights").longitude) == zip_point("90033")


@pytest.mark.parametrize(
    "text, label",
    [
        ("Pasadna", "Pasadena"),
        ("Woodland Hils", "Woodland Hills"),
        ("I'm in woodlnd hills", "Woodland Hills"),
        ("Boyle Hieghts", "Boyle Heights"),
        ("Koreatwon", "Koreatown"),
    ],
)
def test_one_typo_is_forgiven(text, label):
    assert locate(text).label == label


def test_an_unknown_place_comes_with_suggestions():
    with pytest.raises(UnknownPlace) as caught:
        locate("Glendalia")

    assert "Glendale" in caught.value.suggestions
    assert caught.value.text == "Glendalia"
    assert "Did you mean" in str(caught.value)


@pytest.mark.parametrize("text", ["10001", "I'm in 10001", "Phoenix, Arizona", "", "my group was canceled"])
def test_places_outside_california_are_rejected(text):
    with pytest.raises(UnknownPlace):
        locate(text)


def test_every_alias_in_the_table_resolves_to_itself():
    aliases = yaml.safe_load(geo.PLACES_FILE.read_text(encoding="utf-8"))["aliases"]

    assert {name: locate(name).label for name in aliases} == {name: name for name in aliases}


def test_the_index_is_built_once():
    locate("Pasadena")
    before = geo._index.cache_info()
    locate("Pasadena")
    locate("91367")

    assert geo._index.cache_info().misses == before.misses


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_california_place_or_unknown_place(text):
    try:
        place = locate(text)
    except UnknownPlace as error:
        assert error.text == text
    else:
        assert isinstance(place, Place)
        assert 32 <= place.latitude <= 42.1 and -124.5 <= place.longitude <= -114
        assert place.county in geo.counties()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("San Jose", "San Jose"),
        ("San José", "San Jose"),
        ("Pico Rivera", "Pico Rivera"),
        ("vivo en Pico Rivera", "Pico Rivera"),
        ("Ciudad de Los Ángeles", "Ciudad de Los Ángeles"),
        ("ciudad de los angeles", "Ciudad de Los Ángeles"),
        ("estoy en el este de Los Ángeles", "Este de Los Ángeles"),
        ("el valle de San Fernando", "Valle de San Fernando"),
        ("Condado de Orange", "Condado de Orange"),
        ("Santa Mónica", "Santa Monica"),
        ("cerca de Pasadena", "Pasadena"),
        ("mi código postal es 90033", "Los Angeles 90033"),
    ],
)
def test_places_written_in_spanish_with_or_without_accents(text, label):
    assert locate(text).label == label


def test_place_names_are_set_aside_with_their_accents_kept_for_the_rest():
    assert geo.without_place_names("Vivo en Pico Rivera, cerca de Los Ángeles") == "vivo en cerca de"
    assert geo.without_place_names("me cancelaron la terapia") == "me cancelaron la terapia"  # "la" is no place here
    assert geo.without_place_names("Sí, en San José") == "sí en"
