"""Optional online geocoder: Nominatim (OpenStreetMap), for places the offline lookup does not know.

Off unless the environment turns it on (`.env.example`, docs/directory.md):
    CARE_FINDER_GEOCODER=nominatim
    CARE_FINDER_GEOCODER_USER_AGENT="CareFinder/1.0 (it@clinic.example.org)"   # required
    CARE_FINDER_GEOCODER_URL=https://nominatim.example.org   # default: the public server
`providers.geo` asks it only after its own index found nothing. At most one request a second (the
public server's policy), a short timeout, results restricted to California, answers (also "nothing
found") kept in a bounded cache. Any failure answers like the offline lookup: no place. Only the
place words of a message are sent; nothing the patient wrote is logged.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.exc import ConfigurationError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from providers import geo

DEFAULT_DOMAIN = "nominatim.openstreetmap.org"
TIMEOUT_SECONDS = 3.0
MIN_DELAY_SECONDS = 1.0  # https://operations.osmfoundation.org/policies/nominatim/
CACHE_SIZE = 1024
_MAX_QUERY_WORDS = 8  # a place, not a story: longer answers are not sent
_RESULTS = 3  # the box holds Reno and Las Vegas too: take the first result that is in California
_OFF = frozenset({"", "off", "none", "no", "false", "0"})
# Smallest area first: the label shown to the patient ("near Mar Vista").
_AREA_KEYS = ("neighbourhood", "suburb", "quarter", "hamlet", "village", "town", "city", "municipality")

log = logging.getLogger(__name__)
# geopy logs request URLs (the query) at DEBUG and error bodies at INFO: keep both out of any log.
logging.getLogger("geopy").setLevel(logging.WARNING)


class GeocoderSettingsError(ValueError):
    """The environment turns the geocoder on but cannot run it as configured."""


@dataclass(frozen=True)
class Settings:
    user_agent: str
    scheme: str
    domain: str  # host, optional port and path prefix: "nominatim.example.org:8080/osm"


def settings() -> Settings | None:
    """The geocoder the environment asks for; None when off (the default)."""
    kind = os.environ.get("CARE_FINDER_GEOCODER", "").strip().lower()
    if kind in _OFF:
        return None
    if kind != "nominatim":
        raise GeocoderSettingsError(
            f"CARE_FINDER_GEOCODER={kind!r} is not known: set it to 'nominatim', or 'off' (the default)."
        )
    user_agent = os.environ.get("CARE_FINDER_GEOCODER_USER_AGENT", "").strip()
    if not user_agent:
        raise GeocoderSettingsError(
            "CARE_FINDER_GEOCODER=nominatim needs CARE_FINDER_GEOCODER_USER_AGENT: Nominatim's usage policy "
            "(https://operations.osmfoundation.org/policies/nominatim/) requires a user agent naming the "
            "application and a contact, e.g. 'CareFinder/1.0 (it@clinic.example.org)'. The geocoder is not started."
        )
    url = os.environ.get("CARE_FINDER_GEOCODER_URL", "").strip() or DEFAULT_DOMAIN
    scheme, _, domain = url.rpartition("://")
    scheme, domain = (scheme or "https").lower(), domain.strip("/")
    if scheme not in ("http", "https") or not domain:
        raise GeocoderSettingsError(
            f"CARE_FINDER_GEOCODER_URL={url!r}: give a Nominatim server as https://host or host."
        )
    return Settings(user_agent, scheme, domain)


def check_settings() -> None:
    """Raise `GeocoderSettingsError` now (at start) rather than at a patient's first lookup."""
    config = settings()
    if config is not None:
        _service(config)
        log.info("Online geocoder on: Nominatim at %s", config.domain)


@lru_cache(maxsize=1)
def _service(config: Settings) -> RateLimiter:
    try:
        # urllib, not requests: urllib3 would log each request URL (with the query) at DEBUG.
        nominatim = Nominatim(
            user_agent=config.user_agent, domain=config.domain, scheme=config.scheme, adapter_factory=URLLibAdapter
        )
    except ConfigurationError as error:  # geopy refuses sample user agents on the public server
        raise GeocoderSettingsError(f"CARE_FINDER_GEOCODER_USER_AGENT: {error}") from None
    return RateLimiter(nominatim.geocode, min_delay_seconds=MIN_DELAY_SECONDS, max_retries=0, swallow_exceptions=False)


class _Cache:
    """A thread-safe LRU map from (settings, place words) to a place or None (nothing found)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[tuple[Settings, str], geo.Place | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Settings, str]) -> tuple[bool, geo.Place | None]:
        with self._lock:
            if key not in self._items:
                return False, None
            self._items.move_to_end(key)
            return True, self._items[key]

    def put(self, key: tuple[Settings, str], place: geo.Place | None) -> None:
        with self._lock:
            self._items[key] = place
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_cache = _Cache(CACHE_SIZE)


def reset() -> None:
    """Forget cached answers and the configured service (tests; a changed environment)."""
    _cache.clear()
    _service.cache_clear()


def geocode(text: str) -> geo.Place | None:
    """A California place for `text` from the online geocoder; None when it is off, finds nothing or fails.

    Raises `GeocoderSettingsError` only for settings that cannot work (checked at the action server's start).
    """
    config = settings()
    query = geo.place_words(text)
    if config is None or not _worth_asking(query):
        return None
    known, place = _cache.get((config, query))
    if known:
        return place
    service = _service(config)
    try:
        place = _first_in_california(
            service(
                query,
                exactly_one=False,
                limit=_RESULTS,
                timeout=TIMEOUT_SECONDS,
                addressdetails=True,
                country_codes="us",
                viewbox=geo.CALIFORNIA_BOX,
                bounded=True,
            )
            or []
        )
    except Exception as error:  # any failure: a lookup must never end a conversation
        log.warning("Online place lookup failed (%s); answered as not found", type(error).__name__)
        return None
    log.info("Online place lookup: %s", "found" if place else "nothing in California")
    _cache.put((config, query), place)
    if place is not None:  # the label goes back to `locate` from the conversation's slot
        _cache.put((config, geo.place_words(place.label)), place)
    return place


def _worth_asking(query: str) -> bool:
    return any(char.isalpha() for char in query) and len(query.split()) <= _MAX_QUERY_WORDS


def _first_in_california(locations: list) -> geo.Place | None:
    for location in locations:
        place = _place(location.raw)
        if place is not None:
            return place
    return None


def _place(raw: dict[str, Any]) -> geo.Place | None:
    """A Nominatim result as a Place, or None when it is not in California."""
    latitude, longitude = float(raw["lat"]), float(raw["lon"])
    address = raw.get("address") or {}
    in_state = (
        address.get("state", "California") == "California"
        and address.get("ISO3166-2-lvl4", "US-CA") == "US-CA"
        and address.get("country_code", "us") == "us"
    )
    if not (in_state and geo.in_california_box(latitude, longitude)):
        return None
    county = str(address.get("county", "")).removesuffix(" County")
    if county not in geo.counties():  # none given, or "City and County of San Francisco"
        county = geo.nearest_zip_place(latitude, longitude).county
    return geo.Place(_label(raw, address), latitude, longitude, county)


def _label(raw: dict[str, Any], address: dict[str, Any]) -> str:
    """The area to name to the patient: never a street address."""
    area = next((address[key] for key in _AREA_KEYS if address.get(key)), None)
    return str(area or raw.get("name") or str(raw.get("display_name", "")).split(",")[0].strip() or "your area")
