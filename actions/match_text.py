"""Turn a directory match into the words of one `utter_match` message (bot/content/labels.yml)."""
from typing import Dict, Iterable
from urllib.parse import urlparse

from bot.wording import load_content, localized as _label
from providers.search import Match


def _labels() -> dict:
    return load_content("labels.yml")


def _joined(codes: Iterable[str], lang: str) -> str:
    known = _labels()["reasons"]
    words = [_label(known[code], lang) for code in codes if code in known]
    return _labels()["separator"].join(dict.fromkeys(words))


def _reasons(match: Match, lang: str) -> str:
    return _joined(match.reasons, lang)


def preference_words(preferences: Iterable[str], lang: str) -> str:
    """"babies welcome · free" for the preferences a patient chose."""
    return _joined((f"pref:{preference}" for preference in sorted(preferences)), lang)


def _where(match: Match, lang: str) -> str:
    where = _labels()["where"]
    if match.distance_miles is None:
        kind = match.format if match.format in ("virtual", "phone") else "area"
        return _label(where[kind], lang)
    miles = f"{match.distance_miles:.1f}"
    if match.address:
        return f"{_label(where['distance'], lang, miles=miles)}, {match.address}"
    return _label(where["city_center"], lang, miles=miles, city=match.city)


def _source(url: str) -> str:
    return urlparse(url.split(" ")[0]).netloc.removeprefix("www.") or url


def _trust(match: Match, lang: str) -> str:
    trust = _labels()["trust"]
    if match.verified:
        return _label(
            trust["verified"], lang, date=match.last_verified_at or match.source_date,
            who=match.verified_by, source=_source(match.source_url),
        )
    return _label(
        trust["unverified"], lang, source=_source(match.source_url), source_date=match.source_date
    )


def match_message(number: int, match: Match, lang: str) -> Dict[str, str]:
    """The values for the `utter_match` response."""
    phone = match.phone or _label(_labels()["no_phone"], lang, website=match.website)
    if match.phone and match.phone_note:
        phone = f"{phone} ({match.phone_note})"
    return {
        "number": str(number),
        "name": match.name,
        "reasons": _reasons(match, lang),
        "where": _where(match, lang),
        "phone": phone,
        "trust": _trust(match, lang),
    }
