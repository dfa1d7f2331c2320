"""The SMS guards of bot/channels/guards.py kept in Redis, for several Rasa instances: a sender's
messages are counted by all of them together, and a Twilio MessageSid answered by one instance is not
answered again by another, nor after a restart.

Keys hold the pseudonymous conversation id or Twilio's MessageSid, never a phone number or a text.
Redis needs no persistence for them: after a Redis restart only the last minute's counts and the
remembered MessageSids are forgotten.
"""

import math
import time
import uuid
from typing import Callable, Hashable, Protocol, Tuple

import redis

from bot.channels.guards import RateLimiter, SeenOnce
from bot.channels.settings import SmsSettings

PREFIX = "care_finder:sms:"
REPLAY_MEMORY_SECONDS = 7 * 24 * 3600  # how long an answered MessageSid is remembered


class SenderLimit(Protocol):
    def hit(self, key: Hashable) -> int: ...


class ReplayGuard(Protocol):
    def seen(self, message_id: str) -> bool: ...

    def first_time(self, message_id: str) -> bool: ...


class RedisRateLimiter:
    """A sliding window per sender: a sorted set of message times, trimmed on every message."""

    def __init__(
        self, client: redis.Redis, limit: int, window_seconds: float = 60.0, clock: Callable[[], float] = time.time
    ) -> None:
        self._redis = client
        self._limit = limit
        self._window = window_seconds
        self._clock = clock

    def hit(self, key: Hashable) -> int:
        """Record one message; return how far over the limit the sender is (0: allowed)."""
        now, name = self._clock(), f"{PREFIX}rate:{key}"
        with self._redis.pipeline() as transaction:  # MULTI/EXEC: one step for every instance
            transaction.zremrangebyscore(name, "-inf", now - self._window)
            transaction.zadd(name, {uuid.uuid4().hex: now})
            transaction.zcard(name)
            transaction.expire(name, math.ceil(self._window))
            count = transaction.execute()[2]
        return max(0, count - self._limit)


class RedisSeenOnce:
    """`SET key 1 NX EX ttl`: only the first instance to set a MessageSid answers it."""

    def __init__(self, client: redis.Redis, ttl_seconds: int = REPLAY_MEMORY_SECONDS) -> None:
        self._redis = client
        self._ttl = ttl_seconds

    def seen(self, message_id: str) -> bool:
        return bool(self._redis.exists(self._key(message_id)))

    def first_time(self, message_id: str) -> bool:
        return bool(self._redis.set(self._key(message_id), 1, nx=True, ex=self._ttl))

    @staticmethod
    def _key(message_id: str) -> str:
        return f"{PREFIX}seen:{message_id}"


def sms_guards(settings: SmsSettings) -> Tuple[SenderLimit, ReplayGuard]:
    """The rate limit and replay guard: in Redis when CARE_FINDER_REDIS_URL is set, else in memory."""
    if not settings.redis_url:
        return RateLimiter(settings.max_messages_per_minute), SeenOnce()
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    return RedisRateLimiter(client, settings.max_messages_per_minute), RedisSeenOnce(client)
