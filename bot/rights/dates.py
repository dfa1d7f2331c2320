"""Understand what people write about *when* care was canceled or requested.

dateparser (English and Spanish) does the parsing. This module finds the date phrase
inside a sentence, rejects answers it must not guess at (future, over a year ago, impossible, vague),
and says whether the date is approximate ("last week") or unknown ("not sure").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from dateparser.data.date_translation_data import en, es
from dateparser.date import DateDataParser

from bot.textclean import fold

_MAX_PHRASE_WORDS = 5  # longest date phrase looked for inside a sentence
# The earliest day an answer may name. Deadlines of care canceled longer ago have long passed,
# and a day years back is more likely a slip ("2/3/1925", "0001-01-01") than a fact.
EARLIEST = dt.timedelta(days=365)
_MAX_WORDS = 60  # longer messages are cut: nobody writes a date after that

# Answers that say the person does not know; a date found beside them is approximate.
_UNSURE = re.compile(
    r"\b(i\s*don'?t\s*know|dont\s*know|do\s*not\s*know|idk|not\s*sure|unsure|no\s*idea|"
    r"dunno|can'?t\s*remember|don'?t\s*remember|forgot|no\s*s[eé]|no\s*lo\s*s[eé]|ni\s*idea|"
    r"no\s*recuerdo|no\s*me\s*acuerdo|no\s*estoy\s*segur[oa])\b"
)
# Words that make any date they come with a guess.
_HEDGE = re.compile(
    r"\b(about|around|approximately|roughly|maybe|probably|i\s*think|or\s*so|couple|few|"
    r"m[aá]s\s*o\s*menos|aproximadamente|unos|unas|creo|quiz[aá]s?|tal\s*vez|par)\b"
)
# Whole-month or whole-year results count only with one of these ("a month ago").
_RELATIVE = re.compile(r"\b(ago|last|past|hace|pasad[oa])\b")
# Words before a day that point forward ("next Friday", "el próximo viernes"). Not "this":
# "this Monday" often means the Monday just past.
_FORWARD_BEFORE = {"next", "coming", "upcoming", "próximo", "próxima", "proximo", "proxima"}
_FORWARD_AFTER = ("que", "viene")  # "el viernes que viene"
# Everyday words dateparser reads as dates ("I may", "I sat"); they count only beside a number.
_AMBIGUOUS = {"may", "march", "mar", "sat", "sun", "wed", "now"}
# A phrase counts only with a word ("Dec", "ayer") or a numeric date ("12/12"): dateparser reads
# "a 1" or "y 3" as days.
_DATE_LIKE = re.compile(r"[^\W\d_]{3}|\d[/-]\d")
# Phrases dateparser misses, rewritten before parsing.
_REWRITES = (
    (
        re.compile(
            r"\b(this\s+(morning|afternoon|evening)|tonight|earlier\s+today|"
            r"esta\s+(ma[ñn]ana|tarde|noche))\b"
        ),
        "today",
    ),
    (re.compile(r"\b(por|en)\s+la\s+(ma[ñn]ana|tarde|noche)\b"), ""),  # "el lunes por la mañana"
    (re.compile(r"\b(a\s+couple\s+of|a\s+couple|un\s+par\s+de)\b"), "2"),
    (re.compile(r"\ba\s+few\b"), "3"),
    (re.compile(r"\bantier\b"), "anteayer"),  # Mexican Spanish for "the day before yesterday"
)
_SPANISH_NUMBERS = {
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
    "diez": "10",
    "once": "11",
    "doce": "12",
    "trece": "13",
    "catorce": "14",
    "quince": "15",
    "veinte": "20",
    "treinta": "30",
}
# dateparser's own vocabulary (English and Spanish) of words that can make a date on their own:
# months, weekdays, units, "ago", named days ("yesterday", "ayer"), times ("noon"), number words and
# the articles it reads as "1" ("a", "una": beside a skip word, "en una" is the 1st of the month).
_DATE_WORD_KEYS = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday am pm year month week day hour minute "
    "second decade ago"
).split()
_ALPHA = re.compile(r"[^\W\d_]+")
_LONE_ONES = frozenset({"una", "uno", "one"})  # read as the 1st of the month when they stand alone
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?(?![\d/])")


class WhenProblem(str, Enum):
    """Why no date can be used; the bot asks again, kindly, in each case."""

    FUTURE = "future"  # the date is after today
    TOO_LONG_AGO = "too_long_ago"  # more than EARLIEST before today
    IMPOSSIBLE = "impossible"  # e.g. 13/45 or 2/30
    NOT_FOUND = "not_found"  # no day in the answer (also "December" alone)


@dataclass(frozen=True)
class WhenAnswer:
    day: dt.date | None = None
    approximate: bool = False
    unknown: bool = False
    problem: WhenProblem | None = None


@dataclass(frozen=True)
class _Found:
    day: dt.date
    period: str  # "day", "week", "month" or "year": how precise dateparser says it is
    start: int  # word span of the phrase in the message
    end: int


@lru_cache(maxsize=1024)  # pure, and a form reads the same answer more than once per turn
def parse_when(text: str, today: dt.date, lang: str = "en") -> WhenAnswer:
    """Find the day in `text`, e.g. "Kaiser canceled my postpartum group last week".

    A month and day without a year is the most recent such day, not after today.
    `lang` decides how 3/4 reads: March 4 in English, 3 April in Spanish.
    """
    lowered = text.lower()
    cleaned = _clean(lowered)
    if _has_impossible_numeric_date(cleaned):
        return WhenAnswer(problem=WhenProblem.IMPOSSIBLE)
    words = cleaned.split()[:_MAX_WORDS]
    found = _find(words, today, lang)
    if found is None:
        if _UNSURE.search(lowered):
            return WhenAnswer(unknown=True)
        return WhenAnswer(problem=WhenProblem.NOT_FOUND)
    problem = WhenProblem.FUTURE if _points_forward(words, found) else day_problem(found.day, today)
    if problem:
        return WhenAnswer(problem=problem)
    hedged = _HEDGE.search(lowered) or _UNSURE.search(lowered)
    return WhenAnswer(day=found.day, approximate=found.period != "day" or bool(hedged))


def day_problem(day: dt.date, today: dt.date) -> WhenProblem | None:
    """Why `day` can't be the answer: after today, or more than EARLIEST before it."""
    if day > today:
        return WhenProblem.FUTURE
    if day < today - EARLIEST:
        return WhenProblem.TOO_LONG_AGO
    return None


def _clean(lowered: str) -> str:
    """Words and numeric dates only, with the rewrites and Spanish numbers applied."""
    cleaned = re.sub(r"[^\w\s/'-]", " ", lowered)
    for pattern, replacement in _REWRITES:
        cleaned = pattern.sub(replacement, cleaned)
    return " ".join(_SPANISH_NUMBERS.get(word, word) for word in cleaned.split())


def _has_impossible_numeric_date(text: str) -> bool:
    """True for 13/45 or 2/30: no reading, month/day or day/month, is a real day."""
    for first, second, year in _NUMERIC_DATE.findall(text):
        # Without a year, 2000: a leap year, so 2/29 stays possible.
        year_number = 2000 if not year else int(year) + (2000 if len(year) == 2 else 0)
        if not any(
            _is_day(year_number, month, day) for month, day in ((int(first), int(second)), (int(second), int(first)))
        ):
            return True
    return False


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    """Every word of dateparser's English and Spanish data that can make a date (see _DATE_WORD_KEYS),
    the words of its named days and simplifications and _RELATIVE's words, with and without accents.
    Not its time zone names: beside a word it skips, dateparser reads one as today ("call and get
    help": "get" is Georgia time), and a patient names a time zone only beside a time, which has a digit."""
    phrases: list[str] = []
    for info in (en.info, es.info):
        phrases += [phrase for key in _DATE_WORD_KEYS for phrase in info.get(key, ())]
        phrases += [phrase for names in info["relative-type"].values() for phrase in names]
        phrases += [pattern for simplification in info["simplifications"] for pattern in simplification]
    phrases.append(_RELATIVE.pattern)
    words = {word for phrase in phrases for word in _ALPHA.findall(phrase.lower())}
    return frozenset(words | {fold(word) for word in words})


def _may_be_a_date(phrase: str) -> bool:
    """A cheap first pass: only a phrase with a digit or a date word can be read as a date, so only
    those go to dateparser (a few milliseconds per phrase)."""
    if any(char.isdigit() for char in phrase):
        return True
    words = _date_words()
    return any(word in words or fold(word) in words for word in _ALPHA.findall(phrase))


def _find(words: list[str], today: dt.date, lang: str) -> _Found | None:
    """The longest word span that dateparser reads as a day (or a relative week/month)."""
    parser = _parser(today, "DMY" if lang == "es" else "MDY")
    for size in range(min(_MAX_PHRASE_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if not _DATE_LIKE.search(phrase) or not _may_be_a_date(phrase):
                continue  # "a", "mi", "12", "a 1": dateparser reads too much into these
            if _AMBIGUOUS.intersection(words[start : start + size]) and not re.search(r"\d", phrase):
                continue
            if set(words[start : start + size]) <= _LONE_ONES:
                continue  # "quiero poner una queja": "una" alone is no day (but "hace una semana" is)
            data = parser.get_date_data(phrase)
            if data.date_obj is None or data.date_obj.tzinfo is not None:
                continue  # a time zone means a word was misread ("get" is Georgia time)
            if data.period in ("month", "year") and not _RELATIVE.search(phrase):
                continue  # "December" or "May" alone is not a day
            return _Found(data.date_obj.date(), data.period, start, start + size)
    return None


@lru_cache(maxsize=8)
def _parser(today: dt.date, order: str) -> DateDataParser:
    return DateDataParser(
        languages=["en", "es"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": order,
            "PREFER_LOCALE_DATE_ORDER": False,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _points_forward(words: list[str], found: _Found) -> bool:
    """For "next Friday" dateparser answers last Friday, so look at the words around."""
    before = words[found.start - 1] if found.start > 0 else ""
    if before in _FORWARD_BEFORE and found.period == "day":
        return True
    return tuple(words[found.end : found.end + 2]) == _FORWARD_AFTER
