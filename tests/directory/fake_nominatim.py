"""A local stand-in for Nominatim's `/search` JSON API, so that no test needs the internet.

`serve(monkeypatch)` starts it on a free port in a thread, points the geocoder settings at it and
clears the geocoder's caches; `answer` sets what it replies, `requests` records what it was asked.
"""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from providers import geocoder

USER_AGENT = "CareFinderTests/1.0 (tests@example.org)"


def result(name: str, lat: float, lon: float, **address: str) -> dict[str, Any]:
    """One search result shaped like Nominatim's (format=json, addressdetails=1)."""
    address = {
        "state": "California",
        "ISO3166-2-lvl4": "US-CA",
        "country": "United States",
        "country_code": "us",
        **address,
    }
    return {
        "place_id": 1,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0",
        "osm_type": "relation",
        "osm_id": 1,
        "lat": str(lat),
        "lon": str(lon),
        "class": "place",
        "type": "suburb",
        "place_rank": 18,
        "importance": 0.4,
        "addresstype": "suburb",
        "name": name,
        "display_name": ", ".join([name, *address.values()]),
        "address": address,
        "boundingbox": [str(lat - 0.01), str(lat + 0.01), str(lon - 0.01), str(lon + 0.01)],
    }


@dataclass
class Request:
    path: str
    params: dict[str, str]
    user_agent: str
    at: float  # time.monotonic() on arrival


@dataclass
class FakeNominatim:
    url: str = ""
    status: int = 200
    body: Any = field(default_factory=list)  # JSON-encoded unless bytes
    delay: float = 0.0
    requests: list[Request] = field(default_factory=list)

    def answer(self, body: Any = None, status: int = 200, delay: float = 0.0) -> None:
        self.body, self.status, self.delay = [] if body is None else body, status, delay

    def queries(self) -> list[str]:
        return [request.params.get("q", "") for request in self.requests]


def _handler(fake: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            url = urlsplit(self.path)
            params = {key: values[-1] for key, values in parse_qs(url.query).items()}
            fake.requests.append(Request(url.path, params, self.headers.get("User-Agent", ""), time.monotonic()))
            time.sleep(fake.delay)
            body = fake.body if isinstance(fake.body, bytes) else json.dumps(fake.body).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNominatim]:
    fake = FakeNominatim()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("CARE_FINDER_GEOCODER", "nominatim")
    monkeypatch.setenv("CARE_FINDER_GEOCODER_USER_AGENT", USER_AGENT)
    monkeypatch.setenv("CARE_FINDER_GEOCODER_URL", fake.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    geocoder.reset()
    try:
        yield fake
    finally:
        geocoder.reset()
        server.shutdown()
        server.server_close()
