"""Turn a directory match into the words of one `match` message (the catalog's `matches:` section)."""

import re
from functools import cache
from typing import Dict, FrozenSet, Iterable
from urllib.parse import urlparse

from bot.catalog import say, section
from providers.importers.samhsa import SOURCE as SAMHSA
from providers.search import Match
from providers.vocabulary import PREFERENCE_CODES


def _label(key: str, lang: str, **values: str) -> str:
    return say(f"matches.{key}", lang, **values).text


@cache
def _worded(group: str) -> FrozenSet[str]:
    """The codes the catalog's `matches.<group>` words (read once, not for every match)."""
    return frozenset(name.removeprefix(f"{group}.") for name, _ in section("matches") if name.startswith(f"{group}."))


def _joined(codes: Iterable[str], lang: str, group: str = "reasons") -> str:
    words = [_label(f"{group}.{code}", lang) for code in codes if code in _worded(group)]
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
    """In the patient's words: when a person confirmed the listing (who and how stay in the staff
    records), else who listed it and when (call to confirm)."""
    if match.verified and match.last_verified_at:
        return _label("trust.verified_on", lang, date=match.last_verified_at.isoformat())
    year = re.search(r"\b(19|20)\d\d\b", match.source_date or "")
    if match.source == SAMHSA:
        return _label("trust.samhsa", lang, year=year.group() if year else match.source_date or "")
    return _label("trust.listed", lang, by=_listed_by(match, lang), year=f", {year.group()}" if year else "")


def _details(match: Match, lang: str) -> str:
    """What it offers, who it is for, when it is open, cost, languages and what it offers someone with a
    baby: one line each. The care asked for is already on the reasons line, so "Offers" names the rest."""
    others = [care for care in match.offers if care not in match.reasons]
    lines = [
        others and _label("details.offers", lang, care=_joined(others, lang)),
        match.serves and _label("details.serves", lang, groups=_joined(match.serves, lang, "serves")),
        match.overnight_only and _label("details.overnight_only", lang),
        match.open_24_7 and _label("details.open_24_7", lang),
        not match.open_24_7 and match.hours and _label("details.hours", lang, hours=match.hours),
        match.costs and _label("details.cost", lang, costs=_joined(match.costs, lang)),
        match.languages
        and _label(
            "details.languages",
            lang,
            languages=_joined([f"language:{code}" for code in match.languages], lang, "languages"),
        ),
        match.baby_friendly
        and _label("details.baby_friendly", lang, ways=_joined(match.baby_friendly, lang, "baby_friendly")),
    ]
    return "".join(f"{line}\n" for line in lines if line)


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
        "details": _details(match, lang),
        "where": _where(match, lang),
        "contact": _contact(match, lang),
        "trust": _trust(match, lang),
        "alert": f"\n{_label('alert', lang, alert=match.alert)}" if match.alert else "",
    }
