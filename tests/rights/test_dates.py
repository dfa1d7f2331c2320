"""What people write about when care was canceled, read into a day (or a kind problem)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.rights.dates import WhenAnswer, WhenProblem, parse_when

TODAY = dt.date(2025, 1, 15)  # a Wednesday
D = dt.date


def exact(day: dt.date) -> WhenAnswer:
    return WhenAnswer(day=day)


def about(day: dt.date) -> WhenAnswer:
    return WhenAnswer(day=day, approximate=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", exact(D(2025, 1, 14))),
        ("Today!", exact(TODAY)),
        ("this morning", exact(TODAY)),
        ("last week", about(D(2025, 1, 8))),
        ("last Tuesday", exact(D(2025, 1, 14))),
        ("on Monday", exact(D(2025, 1, 13))),
        ("Dec 12", exact(D(2024, 12, 12))),
        ("Dec. 12th", exact(D(2024, 12, 12))),
        ("12/12", exact(D(2024, 12, 12))),
        ("1/3/25", exact(D(2025, 1, 3))),
        ("two weeks ago", about(D(2025, 1, 1))),
        ("3 days ago", exact(D(2025, 1, 12))),
        ("about 3 days ago", about(D(2025, 1, 12))),
        ("a couple of weeks ago", about(D(2025, 1, 1))),
        ("a month ago", about(D(2024, 12, 15))),
    ],
)
def test_short_answers(text: str, expected: WhenAnswer) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan 15", exact(D(2025, 1, 15))),  # today
        ("Jan 16", exact(D(2024, 1, 16))),  # not after today: last year
        ("Feb 29", exact(D(2024, 2, 29))),  # the most recent Feb 29
    ],
)
def test_a_day_without_a_year_is_the_most_recent_one(text: str, expected: WhenAnswer) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kaiser canceled my postpartum group last week", about(D(2025, 1, 8))),
        ("They canceled it on Dec 12 I think", about(D(2024, 12, 12))),
        ("It was canceled 3 days ago.", exact(D(2025, 1, 12))),
        ("I called on 12/12 and nobody answered", exact(D(2024, 12, 12))),
        ("My therapy group was cancelled on Monday the 13th", exact(D(2025, 1, 13))),
        ("I don't know, maybe last week", about(D(2025, 1, 8))),
    ],
)
def test_the_date_phrase_is_found_inside_a_sentence(text: str, expected: WhenAnswer) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ayer", exact(D(2025, 1, 14))),
        ("la semana pasada", about(D(2025, 1, 8))),
        ("me cancelaron la semana pasada", about(D(2025, 1, 8))),
        ("hace dos semanas", about(D(2025, 1, 1))),
        ("hace 3 días", exact(D(2025, 1, 12))),
        ("el lunes por la mañana", exact(D(2025, 1, 13))),
        ("cancelaron mi cita el 12 de diciembre", exact(D(2024, 12, 12))),
        ("fue el 12/1", exact(D(2025, 1, 12))),  # day first in Spanish
        ("el lunes pasado", exact(D(2025, 1, 13))),
        ("el 3 de enero", exact(D(2025, 1, 3))),
        ("el 3 de noviembre", exact(D(2024, 11, 3))),
        ("3/11", exact(D(2024, 11, 3))),  # 3 November, not March 11
        ("Kaiser canceló mi grupo de posparto el 3 de enero", exact(D(2025, 1, 3))),
        ("me cancelaron la terapia hace 2 semanas", about(D(2025, 1, 1))),
        ("antier", exact(D(2025, 1, 13))),
        ("hace quince dias", exact(D(2024, 12, 31))),
        ("hace como una semana", about(D(2025, 1, 8))),
        ("el viernes que viene", WhenAnswer(problem=WhenProblem.FUTURE)),
    ],
)
def test_spanish(text: str, expected: WhenAnswer) -> None:
    assert parse_when(text, TODAY, lang="es") == expected


def test_a_numeric_day_and_month_reads_the_conversation_s_way() -> None:
    """3/11 is March 11 in English and 3 November in Spanish (the way each language writes dates)."""
    assert parse_when("3/11", dt.date(2026, 11, 23), lang="en") == exact(D(2026, 3, 11))
    assert parse_when("3/11", dt.date(2026, 11, 23), lang="es") == exact(D(2026, 11, 3))


@pytest.mark.parametrize("text", ["I don't know", "not sure", "idk", "No idea.", "no sé", "no me acuerdo"])
def test_not_knowing_is_an_answer_not_an_error(text: str) -> None:
    assert parse_when(text, TODAY) == WhenAnswer(unknown=True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("tomorrow", WhenProblem.FUTURE),
        ("in two days", WhenProblem.FUTURE),
        ("next Friday", WhenProblem.FUTURE),
        ("el próximo viernes", WhenProblem.FUTURE),
        ("el viernes que viene", WhenProblem.FUTURE),
        ("12/12/2027", WhenProblem.FUTURE),
        ("13/45", WhenProblem.IMPOSSIBLE),
        ("it was 2/30", WhenProblem.IMPOSSIBLE),
        ("December", WhenProblem.NOT_FOUND),  # a month is not a day
        ("the 3rd", WhenProblem.NOT_FOUND),
        ("They said I may get a call", WhenProblem.NOT_FOUND),  # "may" is not May
        ("I sat by the phone all day", WhenProblem.NOT_FOUND),  # "sat" is not Saturday
        ("I want to call and get help", WhenProblem.NOT_FOUND),  # "get" is a time zone, not today
        ("can you help me and get a therapist", WhenProblem.NOT_FOUND),
        ("i need to go and get my meds", WhenProblem.NOT_FOUND),
        ("blah", WhenProblem.NOT_FOUND),
        ("", WhenProblem.NOT_FOUND),
    ],
)
def test_answers_to_ask_again(text: str, problem: WhenProblem) -> None:
    answer = parse_when(text, TODAY)
    assert answer == WhenAnswer(problem=problem)
    assert answer.problem == problem.value  # a plain string for the bot's slots


@pytest.mark.parametrize("text", ["quiero poner una queja", "solo una pregunta", "me dieron uno"])
def test_una_or_uno_alone_is_no_day_in_spanish(text: str) -> None:
    """dateparser reads a lone "una" as the 1st of the month: a complaint would skip its date question."""
    assert parse_when(text, TODAY, lang="es") == WhenAnswer(problem=WhenProblem.NOT_FOUND)
