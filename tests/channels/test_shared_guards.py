"""The SMS guards shared by several Rasa instances through a real Redis server
(bot/channels/shared_guards.py): each "instance" here has its own Redis connection, as two Rasa
processes would, and a restart is a new connection to the same Redis."""

import uuid

import redis

from bot.channels.guards import RateLimiter, SeenOnce
from bot.channels.settings import SmsSettings
from bot.channels.shared_guards import RedisRateLimiter, RedisSeenOnce, sms_guards


def _instance(redis_server: str) -> redis.Redis:
    return redis.Redis.from_url(redis_server)


def test_a_message_sid_answered_by_one_instance_is_not_answered_by_the_other_nor_after_a_restart(redis_server):
    sid = f"SM{uuid.uuid4().hex}"
    first, other = RedisSeenOnce(_instance(redis_server)), RedisSeenOnce(_instance(redis_server))
    assert not other.seen(sid)
    assert first.first_time(sid)
    assert other.seen(sid) and not other.first_time(sid)
    restarted = RedisSeenOnce(_instance(redis_server))
    assert not restarted.first_time(sid)
    assert restarted.first_time(f"SM{uuid.uuid4().hex}")


def test_a_remembered_message_sid_expires(redis_server):
    sid = f"SM{uuid.uuid4().hex}"
    client = _instance(redis_server)
    assert RedisSeenOnce(client, ttl_seconds=60).first_time(sid)
    assert 0 < client.ttl(f"care_finder:sms:seen:{sid}") <= 60


def test_the_rate_limit_counts_a_senders_messages_on_every_instance(redis_server):
    sender, other_sender = f"sms-{uuid.uuid4().hex}", f"sms-{uuid.uuid4().hex}"
    one, two = (RedisRateLimiter(_instance(redis_server), limit=2) for _ in range(2))
    assert [one.hit(sender), two.hit(sender), one.hit(sender), two.hit(sender)] == [0, 0, 1, 2]
    assert two.hit(other_sender) == 0


def test_the_window_slides_on_the_shared_count(redis_server):
    sender, now = f"sms-{uuid.uuid4().hex}", [1000.0]
    one, two = (RedisRateLimiter(_instance(redis_server), 2, 60, clock=lambda: now[0]) for _ in range(2))
    assert [one.hit(sender), two.hit(sender), one.hit(sender)] == [0, 0, 1]
    now[0] += 61
    assert two.hit(sender) == 0


def test_the_guards_are_in_redis_only_when_a_redis_url_is_set(redis_server):
    settings = SmsSettings.load({"max_messages_per_minute": 3}, env={})
    limiter, seen = sms_guards(settings)
    assert isinstance(limiter, RateLimiter) and isinstance(seen, SeenOnce)
    limiter, seen = sms_guards(SmsSettings.load({}, env={"CARE_FINDER_REDIS_URL": redis_server}))
    assert isinstance(limiter, RedisRateLimiter) and isinstance(seen, RedisSeenOnce)
