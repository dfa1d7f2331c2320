"""Is a webhook request really from Twilio? Twilio signs the public URL it called plus the
form parameters with the account's auth token (X-Twilio-Signature)."""

from typing import Any, Mapping, Optional
from urllib.parse import parse_qs, urlsplit, urlunsplit

from sanic.request import RequestParameters
from twilio.request_validator import RequestValidator


def public_url(configured: Optional[str], headers: Mapping[str, str], arrived_url: str) -> str:
    """The URL Twilio called: the configured one, else the one a proxy says it forwarded
    (X-Forwarded-Proto / X-Forwarded-Host), else the URL the request arrived at."""
    if configured:
        return configured
    arrived = urlsplit(arrived_url)
    scheme = _first(headers.get("x-forwarded-proto")) or arrived.scheme
    host = _first(headers.get("x-forwarded-host")) or arrived.netloc
    return urlunsplit((scheme, host, arrived.path, arrived.query, ""))


def signed_params(body: bytes) -> RequestParameters:
    """The form Twilio posted, with empty fields kept (Sanic's request.form drops them, but
    Twilio signs them: an empty Body must still verify)."""
    return RequestParameters(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))


def is_signed(validator: RequestValidator, url: str, params: Any, signature: Optional[str]) -> bool:
    """`params`: a plain dict, or a multi-value mapping such as signed_params()."""
    return bool(signature) and validator.validate(url, params, signature)


def _first(header: Optional[str]) -> str:
    """Proxies append: the first value is what the client (Twilio) used."""
    return (header or "").split(",")[0].strip()
