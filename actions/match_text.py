"""Turn a directory match into the words of one `utter_match` message (bot/content/labels.yml)."""

from typing import Dict, Iterable
from urllib.parse import urlparse

from bot.wording import load_content
from bot.wording import localized as _label
from providers.importers.samhsa import SOURCE as SAMHSA
from providers.search import Match
from providers.vocabulary import PREFERENCE_CODES


def _labels() -> dict:
    return load_content("labels.yml")


def _joined(codes: Iterable[str], lang: str, group: str = "reasons") -> str:
    known = _labels()[group]
    words = [_label(known[code], lang) for code in codes if code in known]
    return _labels()["separator"].join(dict.fromkeys(words))


def _reasons(match: Match, lang: str) -> str:
    return _joined(match.reasons, lang)


def preference_words(preferences: Iterable[str], lang: str) -> str:
    """ "babies welcome · free" for the preferences a patient chose."""
    return _joined((PREFERENCE_CODES[preference] for preference in sorted(preferences)), lang)


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
    """Who confirmed it, how and when; else where the listing comes from and its date (call to confirm)."""
    trust = _labels()["trust"]
    source = _source(match.source_url)
    if match.verified and match.last_verified_at:
        date, who, how = match.last_verified_at.isoformat(), match.verified_by, match.verified_how
        return _label(trust["verified_on"], lang, date=date, who=who, how=how, source=source)
    kind = "verified" if match.verified else "listed" if match.source == SAMHSA else "unverified"
    return _label(trust[kind], lang, who=match.verified_by, source=source, source_date=match.source_date)


def _details(match: Match, lang: str) -> str:
    """What it offers, who it is for, when it is open, cost, languages and what it offers someone with a
    baby: one line each. The care asked for is already on the reasons line, so "Offers" names the rest."""
    details = _labels()["details"]
    others = [care for care in match.offers if care not in match.reasons]
    lines = [
        others and _label(details["offers"], lang, care=_joined(others, lang)),
        match.serves and _label(details["serves"], lang, groups=_joined(match.serves, lang, "serves")),
        match.overnight_only and _label(details["overnight_only"], lang),
        match.open_24_7 and _label(details["open_24_7"], lang),
        not match.open_24_7 and match.hours and _label(details["hours"], lang, hours=match.hours),
        match.costs and _label(details["cost"], lang, costs=_joined(match.costs, lang)),
        match.languages and _label(details["languages"], lang, languages=_joined(match.languages, lang, "languages")),
        match.baby_friendly
        and _label(details["baby_friendly"], lang, ways=_joined(match.baby_friendly, lang, "baby_friendly")),
    ]
    return "".join(f"{line}\n" for line in lines if line)


def _contact(match: Match, lang: str) -> str:
    contact = _labels()["contact"]
    if match.phone and match.phone_note:
        return _label(contact["phone_with_note"], lang, phone=match.phone, note=match.phone_note)
    if match.phone:
        return _label(contact["phone"], lang, phone=match.phone)
    return _label(contact["website"], lang, website=match.website or "")


def match_message(number: int, match: Match, lang: str) -> Dict[str, str]:
    """The values for the `utter_match` response."""
    return {
        "number": str(number),
        "name": match.name,
        "reasons": _reasons(match, lang),
        "details": _details(match, lang),
        "where": _where(match, lang),
        "contact": _contact(match, lang),
        "trust": _trust(match, lang),
        "alert": f"\n{_label(_labels()['alert'], lang, alert=match.alert)}" if match.alert else "",
    }
