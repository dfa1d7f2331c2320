"""Turn a directory match into the words of one `match` message (the catalog's `matches:` section)."""

import re
from typing import Dict, Iterable
from urllib.parse import urlparse

from bot.catalog import say, section
from providers.search import Match
from providers.vocabulary import PREFERENCE_CODES


def _label(key: str, lang: str, **values: str) -> str:
    return say(f"matches.{key}", lang, **values).text


def _joined(codes: Iterable[str], lang: str) -> str:
    known = {name.removeprefix("reasons.") for name, _ in section("matches") if name.startswith("reasons.")}
    words = [_label(f"reasons.{code}", lang) for code in codes if code in known]
    return _label("separator", lang).join(dict.fromkeys(words))


def _reasons(match: Match, lang: str) -> str:
    return _joined(match.reasons, lang)


def preference_words(preferences: Iterable[str], lang: str) -> str:
    """ "babies welcome · free" for the preferences a patient chose."""
    return _joined((PREFERENCE_CODES[preference] for preference in sorted(preferences)), lang)


def _where(match: Match, lang: str) -> str:
    if match.distance_miles is None:
        kind = match.format if match.format in ("virtual", "phone") else "area"
        return _label(f"where.{kind}", lang)
    miles = f"{match.distance_miles:.1f}"
    if match.address:
        return f"{_label('where.distance', lang, miles=miles)}, {match.address}"
    return _label("where.city_center", lang, miles=miles, city=match.city)


def _site(url: str) -> str:
    return urlparse(url.split(" ")[0]).netloc.lower().removeprefix("www.")


def _brand(site: str) -> str:
    """The name part of a web address: "hoag" for hoag.org and for a staging copy on hoag.digital."""
    labels = site.split(".")
    return labels[-2] if len(labels) > 1 else site


def _listed_by(match: Match, lang: str) -> str:
    """Who published the listing: the service's own site, an official one, or another site (not named:
    patients are not sent to copies of pages on third-party sites)."""
    source, own = _site(match.source_url), _site(match.website or "")
    if own and _brand(own) == _brand(source):
        return _label("trust.by_provider", lang, site=own)
    if source.endswith(".gov"):
        return _label("trust.by_official", lang, site=source)
    return _label("trust.by_other", lang)


def _trust(match: Match, lang: str) -> str:
    if match.verified and match.last_verified_at:
        return _label("trust.verified_on", lang, date=match.last_verified_at.isoformat())
    year = re.search(r"\b(19|20)\d\d\b", match.source_date or "")
    return _label("trust.listed", lang, by=_listed_by(match, lang), year=f", {year.group()}" if year else "")


def _contact(match: Match, lang: str) -> str:
    if match.phone and match.phone_note:
        return _label("contact.phone_with_note", lang, phone=match.phone, note=match.phone_note)
    if match.phone:
        return _label("contact.phone", lang, phone=match.phone)
    return _label("contact.website", lang, website=match.website or "")


def match_message(number: int, match: Match, lang: str) -> Dict[str, str]:
    """The values for the `match` message."""
    return {
        "number": str(number),
        "name": match.name,
        "reasons": _reasons(match, lang),
        "where": _where(match, lang),
        "contact": _contact(match, lang),
        "trust": _trust(match, lang),
        "alert": f"\n{_label('alert', lang, alert=match.alert)}" if match.alert else "",
    }
