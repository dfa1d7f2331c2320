"""Conversation ids for SMS senders: a keyed hash, so the phone number is never stored."""

import hashlib
import hmac


def conversation_id(phone_number: str, secret: bytes) -> str:
    """The same number always gets the same id; without the secret the id reveals nothing."""
    digest = hmac.new(secret, phone_number.strip().encode(), hashlib.sha256).hexdigest()
    return f"sms-{digest}"
