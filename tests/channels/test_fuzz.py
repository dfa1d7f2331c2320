"""Fuzzing both channels of the running servers with a fixed seed (tests/channels/fuzz_bodies.py):
2,000 REST bodies and 500 signed SMS texts, sent by 4 patients at a time.

Every message gets a reply with text, every body that is not a message an HTTP 400 with a reason, and
none an HTTP 500; no typed command sets a slot; the logs hold no traceback and nothing a patient wrote.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, Tuple

from tests.channels.conftest import Phone, recorded_slots
from tests.channels.fuzz_bodies import INJECTED, LOG_MARKER, Body, Case, rest_cases, sms_texts
from tests.servers import RunningBot

SEED = 20261203
REST_BODIES, SMS_TEXTS, AT_A_TIME = 2_000, 500, 4


def _rest_problem(bot: RunningBot, body: Body) -> str:
    """What is wrong with the answer to one body ('' if nothing)."""
    status, answer = bot.post_rest(body.raw)
    if not body.is_message:
        fine = status == 400 and isinstance(answer, dict) and isinstance(answer.get("error"), str)
    else:
        fine = status == 200 and isinstance(answer, list) and any(reply.get("text") for reply in answer)
    return "" if fine else f"{body.raw[:80]!r} -> {status} {str(answer)[:200]}"


def _post_case(bot: RunningBot, case: Case) -> List[str]:
    return [problem for problem in (_rest_problem(bot, body) for body in case.bodies) if problem]


def _text_case(phone: Phone, texts: Tuple[str, ...]) -> List[str]:
    problems = []
    for text in texts:
        reply = phone.text(text)
        if reply.status != 200 or not reply.texts or not all(reply.texts):
            problems.append(f"{text[:40]!r} -> {reply.status} {reply.texts}")
    return problems


def _holds_injected(value: Any) -> bool:
    return INJECTED in json.dumps(value)


def test_fuzzed_rest_and_sms_are_answered_or_refused_never_crash_set_no_slot_and_stay_out_of_logs(
    channels_bot: RunningBot,
):
    rest = rest_cases(SEED, REST_BODIES)
    phones = [Phone(channels_bot, f"+1213555{number:04d}") for number in range(SMS_TEXTS)]
    sms = list(zip(phones, sms_texts(SEED, SMS_TEXTS)))
    assert sum(len(case.bodies) for case in rest) == REST_BODIES
    assert sum(len(texts) for _, texts in sms) == SMS_TEXTS

    started = time.monotonic()
    with ThreadPoolExecutor(AT_A_TIME) as pool:
        rest_problems = [p for found in pool.map(lambda case: _post_case(channels_bot, case), rest) for p in found]
        sms_problems = [p for found in pool.map(lambda pair: _text_case(*pair), sms) for p in found]
    seconds = time.monotonic() - started
    messages = sum(body.is_message for case in rest for body in case.bodies)
    print(f"\nfuzz: {REST_BODIES} REST bodies ({messages} messages) and {SMS_TEXTS} SMS texts in {seconds:.0f} s")

    assert not rest_problems, f"{len(rest_problems)} REST bodies went wrong:\n" + "\n".join(rest_problems[:20])
    assert not sms_problems, f"{len(sms_problems)} SMS texts went wrong:\n" + "\n".join(sms_problems[:20])
    conversations = [case.sender for case in rest if any(body.is_message for body in case.bodies)]
    conversations += [phone.conversation for phone, _ in sms]
    injected = [name for name in conversations if _holds_injected(recorded_slots(channels_bot, name))]
    assert not injected, injected[:5]
    logs = channels_bot.logs_text()
    assert "Traceback" not in logs
    assert LOG_MARKER not in logs and INJECTED not in logs
