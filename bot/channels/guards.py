"""Per-instance protections of the SMS webhook: a per-sender rate limit and replay detection.

Both live in this process's memory, right for one Rasa instance; several instances share them in
Redis (bot/channels/shared_guards.py, same interface).
"""

import time
from collections import OrderedDict, deque
from typing import Callable, Deque, Dict, Hashable


class RateLimiter:
    """Counts a sender's messages in a sliding window."""

    def __init__(self, limit: int, window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._window = window_seconds
        self._clock = clock
        self._hits: Dict[Hashable, Deque[float]] = {}

    def hit(self, key: Hashable) -> int:
        """Record one message; return how far over the limit the sender is (0: allowed)."""
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self._window:
            hits.popleft()
        hits.append(now)
        if len(self._hits) > 10_000:
            self._forget_idle(now)
        return max(0, len(hits) - self._limit)

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, hits in self._hits.items() if hits[-1] <= now - self._window]
        for key in idle:
            del self._hits[key]


class SeenOnce:
    """Remembers the last `capacity` ids: a replayed Twilio MessageSid is answered once only."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    def seen(self, message_id: str) -> bool:
        return message_id in self._seen

    def first_time(self, message_id: str) -> bool:
        if message_id in self._seen:
            return False
        self._seen[message_id] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True
