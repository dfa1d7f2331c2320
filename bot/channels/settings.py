"""The SMS channel's configuration: environment variables (as named in Twilio's docs) and
the channel's entry in credentials.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional

REPLY_MODES = ("twiml", "api")
TWILIO_MAX_CHARS = 1600  # the longest message Twilio carries, either way


class SmsConfigurationError(RuntimeError):
    """The SMS channel can't run safely with this configuration."""


@dataclass(frozen=True)
class SmsSettings:
    auth_token: Optional[str]
    account_sid: Optional[str]
    phone_number: Optional[str]
    public_url: Optional[str]
    id_secret: Optional[bytes]
    reply_mode: str = "twiml"
    max_messages_per_minute: int = 12
    max_message_chars: int = TWILIO_MAX_CHARS
    reply_timeout_seconds: float = 10.0
    # Several Rasa instances share the rate limit and replay guard here (bot/channels/shared_guards.py).
    redis_url: Optional[str] = None

    @classmethod
    def load(cls, credentials: Mapping[str, Any], env: Mapping[str, str] = os.environ) -> SmsSettings:
        """Settings from `env` and the channel's credentials entry, checked."""
        secret = env.get("CARE_FINDER_ID_SECRET")
        settings = cls(
            auth_token=env.get("TWILIO_AUTH_TOKEN") or None,
            account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
            phone_number=env.get("TWILIO_PHONE_NUMBER") or None,
            public_url=env.get("TWILIO_PUBLIC_URL") or None,
            id_secret=secret.encode() if secret else None,
            redis_url=env.get("CARE_FINDER_REDIS_URL") or None,
            **{key: value for key, value in credentials.items() if key in _TUNABLE},
        )
        settings.check()
        return settings

    @property
    def enabled(self) -> bool:
        """Without an auth token no request can be verified, so the webhook stays closed."""
        return self.auth_token is not None

    def check(self) -> None:
        if self.reply_mode not in REPLY_MODES:
            raise SmsConfigurationError(f"reply_mode must be one of {REPLY_MODES}")
        if not self.enabled:
            return
        if not self.id_secret:
            raise SmsConfigurationError(
                "TWILIO_AUTH_TOKEN is set but CARE_FINDER_ID_SECRET is not: set a long random "
                "secret so phone numbers are never stored (see docs/channels.md)"
            )
        if self.reply_mode == "api" and not (self.account_sid and self.phone_number):
            raise SmsConfigurationError("reply_mode api needs TWILIO_ACCOUNT_SID and TWILIO_PHONE_NUMBER")


_TUNABLE = {
    "reply_mode",
    "max_messages_per_minute",
    "max_message_chars",
    "reply_timeout_seconds",
}
