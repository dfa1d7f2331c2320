"""Offline place lookup: a California ZIP code, city or local area name in free text -> a point.

Data: the `zipcodes` package (ZIP centroids, city names, counties; shipped with the package) and the
alias table `places.yml`. No network: only `locate` and `find_place(..., online=True)` may ask the
online geocoder (`providers.geocoder`), when a deployment turns it on, for a text not known here.
The lookup index is built once per process.
"""

from __future__ import annotations

import difflib
import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import fmean
from typing import Iterable, Iterator

import yaml
import zipcodes
from rapidfuzz import fuzz, process

PLACES_FILE = Path(__file__).with_name("places.yml")

_ZIP = re.compile(r"(?<!\d)(\d{5})(?:-\d{4})?(?!\d)")
# California's extent, (south, west) and (north, east) corners. zipcodes places a few ZIPs at (0, 0);
# anything outside is dropped. The box also holds parts of Nevada, Arizona, Oregon and Mexico.
CALIFORNIA_BOX = ((32.0, -124.5), (42.1, -114.0))
_MAX_WORDS = 5  # longest place name looked for, in words
_TYPO_CUTOFF = 0.85  # difflib ratio accepted as "the same name, mistyped"
_SUGGEST_CUTOFF = 0.6
_MAX_SUGGESTIONS = 3
_CUES = frozenset({"in", "near", "at", "around", "en"})
# Words that never start or end a name worth fuzzy-matching ("i live in pasadna" -> "pasadna").
_FILLER = _CUES | {
    "i",
    "im",
    "me",
    "my",
    "live",
    "living",
    "from",
    "the",
    "zip",
    "code",
    "city",
    "ca",
    "de",
    "vivo",
    "estoy",
    "cerca",
}


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    county: str  # without "County": "Los Angeles"
    zip_code: str | None = None
    state: str = "CA"


class UnknownPlace(LookupError):
    """Not a California ZIP, city or known area; `suggestions` are close names, possibly none."""

    def __init__(self, text: str, suggestions: list[str]):
        self.text = text
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"{text.strip()!r} is not a California ZIP code, city or area I know.{hint}")


def normalize(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: "L.A., CA!" -> "la ca"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[.'’]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class _Index:
    """Every name the lookup knows, plus the name lists that typo matching compares against."""

    def __init__(
        self,
        zips: dict[str, Place],
        cities: dict[str, Place],
        aliases: dict[str, Place],
        only_after_cue: frozenset[str],
    ):
        self.zips = zips
        self.cities = cities  # normalized ZIP-code city name (primary or acceptable) -> its centre
        self.aliases = aliases  # normalized alias -> place
        self.only_after_cue = only_after_cue
        self.counties = frozenset(place.county for place in zips.values())
        every_name = sorted(set(cities) | set(aliases))
        self._pool_alone = _by_length(every_name)
        self._pool_in_text = _by_length([name for name in every_name if name not in only_after_cue])

    def lookup(self, name: str) -> Place | None:
        return self.aliases.get(name) or self.cities.get(name)

    def find(self, tokens: list[str]) -> Place | None:
        """The longest known name in the text (most words, then most letters; aliases win ties).

        A hit that is the start or end of a longer mistyped name yields to it: "woodland hils" is
        Woodland Hills, not the town of Woodland.
        """
        for size in range(min(_MAX_WORDS, len(tokens)), 0, -1):
            hits = [
                (len(name), name in self.aliases, start, place)
                for start, name in _phrases(tokens, size)
                if (place := self.lookup(name)) and self._counts(name, tokens, start)
            ]
            if hits:
                *_, start, place = max(hits, key=lambda hit: hit[:2])
                return self._typo(_one_word_longer(tokens, start, size), tokens) or place
        return None

    def find_typo(self, tokens: list[str]) -> Place | None:
        return self._typo(_fuzzy_candidates(tokens), tokens)

    def suggest(self, tokens: list[str]) -> list[str]:
        labels: list[str] = []
        for name in _fuzzy_candidates(tokens):
            pool = self._pool(tokens, name, _SUGGEST_CUTOFF)
            for close in _close_matches(name, pool, 3, _SUGGEST_CUTOFF):
                label = self.lookup(close).label
                if label not in labels:
                    labels.append(label)
        return labels[:_MAX_SUGGESTIONS]

    def _typo(self, names: Iterable[str], tokens: list[str]) -> Place | None:
        for name in names:
            pool = self._pool(tokens, name, _TYPO_CUTOFF)
            close = _close_matches(name, pool, 1, _TYPO_CUTOFF)
            if close:
                return self.lookup(close[0])
        return None

    def _counts(self, name: str, tokens: list[str], start: int) -> bool:
        whole = len(name.split()) == len(tokens)
        return whole or name not in self.only_after_cue or (start > 0 and tokens[start - 1] in _CUES)

    def _pool(self, tokens: list[str], name: str, cutoff: float) -> list[str]:
        """Known names long enough and short enough to reach `cutoff` against `name`.

        difflib's ratio is 2*matches/(len(a)+len(b)), so it can only reach `cutoff` when the
        lengths are within cutoff/(2-cutoff) of each other: skipping the rest keeps a miss cheap.
        """
        by_length = self._pool_alone if len(tokens) == 1 else self._pool_in_text
        shortest = math.ceil(len(name) * cutoff / (2 - cutoff))
        longest = math.floor(len(name) * (2 - cutoff) / cutoff)
        return [known for length in range(shortest, longest + 1) for known in by_length.get(length, ())]


def _close_matches(name: str, pool: list[str], count: int, cutoff: float) -> list[str]:
    """Exactly what `difflib.get_close_matches(name, pool, count, cutoff)` answers, much faster.

    rapidfuzz's ratio counts the longest common subsequence, which is never shorter than the blocks
    difflib matches, so it is never below difflib's ratio: rapidfuzz (compiled) drops every name that
    cannot reach `cutoff`, and difflib scores only the few left.
    """
    candidates = process.extract(name, pool, scorer=fuzz.ratio, score_cutoff=cutoff * 100 - 1e-6, limit=None)
    scored = []
    for known, _, _ in candidates:
        ratio = difflib.SequenceMatcher(None, known, name).ratio()
        if ratio >= cutoff:
            scored.append((ratio, known))
    return [known for _, known in heapq.nlargest(count, scored)]


def _by_length(names: list[str]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for name in names:
        grouped[len(name)].append(name)
    return dict(grouped)


def _phrases(tokens: list[str], size: int) -> Iterator[tuple[int, str]]:
    for start in range(len(tokens) - size + 1):
        yield start, " ".join(tokens[start : start + size])


def _fuzzy_candidates(tokens: list[str]) -> Iterator[str]:
    """Phrases worth a fuzzy match, longest first."""
    for size in range(min(_MAX_WORDS, len(tokens)), 0, -1):
        for start, name in _phrases(tokens, size):
            if _worth_fuzzy(tokens[start : start + size]):
                yield name


def _one_word_longer(tokens: list[str], start: int, size: int) -> list[str]:
    """The phrase at `start` with the word before or after it, when that word could be part of a name."""
    before, after = tokens[start - 1 : start + size] if start else [], tokens[start : start + size + 1]
    return [
        " ".join(words)
        for words, extra in ((before, 0), (after, -1))
        if len(words) > size and len(words[extra]) >= 3 and _worth_fuzzy(words)
    ]


def _worth_fuzzy(words: list[str]) -> bool:
    return (
        words[0] not in _FILLER
        and words[-1] not in _FILLER
        and sum(map(len, words)) >= 4
        and any(char.isalpha() for word in words for char in word)
    )


def in_california_box(latitude: float, longitude: float) -> bool:
    """Whether a point lies in `CALIFORNIA_BOX` (necessary, not sufficient, to be in California)."""
    (south, west), (north, east) = CALIFORNIA_BOX
    return south <= latitude <= north and west <= longitude <= east


def _in_california(row: dict) -> bool:
    return bool(row["county"]) and in_california_box(float(row["lat"]), float(row["long"]))


def _county(row: dict) -> str:
    return row["county"].removesuffix(" County")


def _centre(label: str, rows: list[dict]) -> Place:
    """The average of a name's ZIP centres (street ZIPs only when it has any, not PO boxes)."""
    rows = [row for row in rows if row["zip_code_type"] == "STANDARD"] or rows
    county = Counter(_county(row) for row in rows).most_common(1)[0][0]
    return Place(label, fmean(float(r["lat"]) for r in rows), fmean(float(r["long"]) for r in rows), county)


@lru_cache(maxsize=1)
def _index() -> _Index:
    rows = [row for row in zipcodes.filter_by(state="CA") if _in_california(row)]
    zips = {
        row["zip_code"]: Place(
            f"{row['city']} {row['zip_code']}", float(row["lat"]), float(row["long"]), _county(row), row["zip_code"]
        )
        for row in rows
    }
    primary: dict[str, list[dict]] = defaultdict(list)
    acceptable: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        primary[row["city"]].append(row)
        for name in row["acceptable_cities"]:
            acceptable[name].append(row)
    cities: dict[str, Place] = {}
    for names in (primary, acceptable):  # a primary city name wins over the same acceptable name
        for label, group in names.items():
            cities.setdefault(normalize(label), _centre(label, group))

    table = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    aliases = {normalize(label): _alias(label, target, zips, cities) for label, target in table["aliases"].items()}
    return _Index(zips, cities, aliases, frozenset(normalize(word) for word in table["only_after_cue"]))


def _alias(label: str, target: dict, zips: dict[str, Place], cities: dict[str, Place]) -> Place:
    place = zips.get(str(target["zip"])) if "zip" in target else cities.get(normalize(str(target.get("city", ""))))
    if place is None:
        raise ValueError(f"{PLACES_FILE.name}: {label!r} points to {target}, not a California ZIP or city")
    return Place(label, place.latitude, place.longitude, place.county, place.zip_code)


def find_place(text: str, *, online: bool = False) -> Place | None:
    """The place a patient means: a California ZIP anywhere in the text, else a city or area name.

    A mistyped name is accepted when one known name is very close. A ZIP outside California is
    never accepted. None when the text names no place (cheap: no suggestions are looked for).
    With `online`, a text the offline index does not know then goes to the online geocoder, when
    a deployment turned one on (`providers.geocoder`; off by default).
    """
    place = _find_offline(text)
    if place is None and online:
        from providers import geocoder  # imports this module: loaded on first use

        place = geocoder.geocode(text)
    return place


@lru_cache(maxsize=1024)  # pure, and a form reads the same answer more than once per turn
def _find_offline(text: str) -> Place | None:
    index = _index()
    for zip_code in _ZIP.findall(text):
        if zip_code in index.zips:
            return index.zips[zip_code]
    tokens = normalize(text).split()
    return index.find(tokens) or index.find_typo(tokens)


def place_words(text: str) -> str:
    """The text normalized, without filler words at either end: "I live in Mar Vista, CA" -> "mar vista"."""
    words = normalize(text).split()
    while words and words[0] in _FILLER:
        words.pop(0)
    while words and words[-1] in _FILLER:
        words.pop()
    return " ".join(words)


def without_place_names(text: str) -> str:
    """The text's words, lower case with their accents, less every place name it holds ("pico rivera",
    "los angeles"): such names look Spanish whatever language the patient writes in. A name that is
    also an everyday word ("la") is removed only where `find_place` would read it as a place."""
    words = re.findall(r"[^\W_]+", text.lower())
    tokens = [normalize(word) for word in words]
    index = _index()
    kept: list[str] = []
    start = 0
    while start < len(words):
        size = _place_name_size(index, tokens, start)
        if not size:
            kept.append(words[start])
        start += size or 1
    return " ".join(kept)


def _place_name_size(index: _Index, tokens: list[str], start: int) -> int:
    """How many words of the place name starting at `start` (longest first); 0 when none does."""
    for size in range(min(_MAX_WORDS, len(tokens) - start), 0, -1):
        name = " ".join(tokens[start : start + size])
        if index.lookup(name) and index._counts(name, tokens, start):
            return size
    return 0


def suggest_places(text: str) -> list[str]:
    """Known names close to what the text says, best first (possibly none): "Did you mean …?"."""
    return _index().suggest(normalize(text).split())


def locate(text: str) -> Place:
    """Like `find_place` (online too, when turned on), but an unknown place raises `UnknownPlace`
    with the closest names."""
    place = find_place(text, online=True)
    if place is None:
        raise UnknownPlace(text, suggest_places(text))
    return place


def zip_place(zip_code: str) -> Place | None:
    """The centre of a California ZIP code, exactly as written."""
    return _index().zips.get(zip_code.strip())


def city_place(name: str) -> Place | None:
    """The centre of a California city known to `zipcodes` (no aliases, no typos)."""
    return _index().cities.get(normalize(name))


def nearest_zip_place(latitude: float, longitude: float) -> Place:
    """The California ZIP centre nearest a point (flat-earth distance: plenty to pick a county)."""
    scale = math.cos(math.radians(latitude))
    return min(
        _index().zips.values(), key=lambda p: (p.latitude - latitude) ** 2 + ((p.longitude - longitude) * scale) ** 2
    )


def counties() -> frozenset[str]:
    """California's county names, without "County"."""
    return _index().counties


@lru_cache(maxsize=1)
def _us_zips() -> dict[str, Place]:
    rows = (row for row in zipcodes.list_all() if row["lat"] and (float(row["lat"]), float(row["long"])) != (0, 0))
    return {
        row["zip_code"]: Place(
            f"{row['city']}, {row['state']} {row['zip_code']}",
            float(row["lat"]),
            float(row["long"]),
            _county(row),
            row["zip_code"],
            row["state"],
        )
        for row in rows
    }


def us_zip_place(zip_code: str) -> Place | None:
    """The centre of any US ZIP code (first five digits of a ZIP+4), for importing national directories."""
    return _us_zips().get(zip_code.strip()[:5])
