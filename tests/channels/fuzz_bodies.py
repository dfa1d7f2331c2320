"""Deterministic generators of hostile input for tests/channels/test_fuzz.py: REST bodies (odd unicode,
huge, wrong types, malformed JSON, command injection) and SMS texts.

A case is a short conversation: the bodies one sender posts in order. Each body says whether it is a
message (a reply is owed) or not (HTTP 400 is owed).
"""

import json
import random
from dataclasses import dataclass
from typing import Callable, List, Tuple

# Entity values typed into commands: no slot may ever hold one.
INJECTED = "fuzz-injected-value"
# In every message meant to be read: it must never reach a log.
LOG_MARKER = "Fuzzmark"

_INTENTS = ("restart", "session_start", "greet", "stop", "inform", "refine", "crisis", "start_over", "more")
_ENTITIES = ("care_type", "location", "preference", "coverage", "canceled_when", "requested_slot", "offered")
_RANGES = (
    (0x20, 0x7E),  # ASCII
    (0x00, 0x1F),  # control characters
    (0xA0, 0x24F),  # Latin
    (0x300, 0x36F),  # combining marks
    (0x590, 0x6FF),  # Hebrew, Arabic (right to left)
    (0x200B, 0x200F),  # zero-width and direction marks
    (0x2070, 0x218F),  # super- and subscripts, number forms (², ⅻ)
    (0x2460, 0x24FF),  # circled numbers (①)
    (0x4E00, 0x4FFF),  # CJK
    (0xE000, 0xE0FF),  # private use
    (0xFF10, 0xFF19),  # fullwidth digits
    (0x1D7CE, 0x1D7FF),  # mathematical digits
    (0x1F300, 0x1F64F),  # emoji
)
_EVERYDAY = (
    "my therapy was canceled",
    "Kaiser canceled my postpartum group last week",
    "91367",
    "not sure",
    "help",
    "more",
    "free",
    "what are my rights",
    "11/16",
    "0001-01-01",
    "2031-05-01",
    "<script>alert(1)</script>",
    "'; DROP TABLE service; --",
    "{care_type} %s %n ${ACTION_ENDPOINT_URL}",
)


@dataclass(frozen=True)
class Body:
    raw: bytes
    is_message: bool


@dataclass(frozen=True)
class Case:
    sender: str
    bodies: Tuple[Body, ...]


def odd_text(rng: random.Random, length: int) -> str:
    chars = []
    for _ in range(length):
        low, high = rng.choice(_RANGES)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def command(rng: random.Random) -> str:
    """What a patient could type for Rasa to read as a command."""
    value = rng.choice([INJECTED, {"a": 1}, [INJECTED], 7, None, True, {"value": INJECTED}])
    entities = json.dumps({rng.choice(_ENTITIES): value, rng.choice(_ENTITIES): INJECTED})
    confidence = rng.choice(["", "@0.99", "@1"])
    prefix = rng.choice(["", " ", "\u200b", "\u00a0", "/", "\t"])
    return prefix + "/" + rng.choice(_INTENTS) + rng.choice(["", confidence + entities, entities + " " + LOG_MARKER])


def patient_text(rng: random.Random) -> str:
    """A text meant as a message, of any kind."""
    kind = rng.random()
    if kind < 0.25:
        return command(rng)
    if kind < 0.55:
        return odd_text(rng, rng.randint(1, 60)) + f" {LOG_MARKER}"
    if kind < 0.85:
        return f"{rng.choice(_EVERYDAY)} {LOG_MARKER} {odd_text(rng, rng.randint(0, 5))}"
    if kind < 0.9:
        return rng.choice(["", " ", "\n\t", "\u200b", "/"])
    if kind < 0.95:
        return "x\ud800y " + LOG_MARKER  # a lone surrogate, as JSON can carry one
    return (LOG_MARKER + odd_text(rng, 40)) * rng.randint(30, 5000)  # 1,000 to 200,000 characters


def rest_message(sender: str, text: str, rng: random.Random) -> Body:
    body = {"sender": sender, "message": text}
    if rng.random() < 0.3:
        body["metadata"] = rng.choice([{}, {"language": "es"}, {"nested": {"list": [1, 2, None]}}])
    return Body(json.dumps(body).encode(), True)


def rest_refusal(sender: str, rng: random.Random) -> Body:
    """A body that is not a message: wrong types, malformed JSON, bad bytes."""
    text = f"hi {LOG_MARKER}"
    wrong = rng.choice([5, 2.5, True, None, [text], {"text": text}])
    choices: List[Callable[[], object]] = [
        lambda: [{"sender": sender, "message": text}],
        lambda: text,
        lambda: rng.randint(-(10**30), 10**30),
        lambda: None,
        lambda: {"sender": sender, "message": wrong},
        lambda: {"sender": sender},
        lambda: {"sender": sender, "message": text, "metadata": rng.choice([text, 3, [1], True])},
        lambda: {"sender": sender, "message": text, "metadata": {"x": "y" * 1200}},
        lambda: {"sender": rng.choice([5, [sender], "", "s" * 300, "a\x00b"]), "message": text},
        lambda: {"message": text},
    ]
    malformed = [
        b"",
        b"{",
        b"[" * rng.randint(2, 60_000),
        b'{"sender": "a", "message": "hi",}',
        b"{'sender': 'a', 'message': 'hi'}",
        b'{"sender": "a", "message": NaN}',
        b'{"sender": "a", "message": "hi"} trailing',
        bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 200))),
        b'{"sender": "a", "message": "\xff\xfe"}',
        json.dumps({"sender": sender, "message": text}).encode()[: rng.randint(1, 20)],
    ]
    if rng.random() < 0.5:
        return Body(rng.choice(malformed), False)
    return Body(json.dumps(rng.choice(choices)()).encode(), False)


def rest_cases(seed: int, total: int) -> List[Case]:
    """Cases holding `total` REST bodies in all."""
    rng = random.Random(seed)
    cases: List[Case] = []
    count = 0
    while count < total:
        sender = f"fuzz-rest-{len(cases)}"
        roll = rng.random()
        if roll < 0.4:
            bodies: Tuple[Body, ...] = (rest_refusal(sender, rng),)
        elif roll < 0.55:  # after buttons were offered
            greeting = rest_message(sender, "Hi", rng)
            bodies = (greeting, rest_message(sender, command(rng), rng))
        else:
            bodies = (rest_message(sender, patient_text(rng), rng),)
        bodies = bodies[: total - count]
        cases.append(Case(sender, bodies))
        count += len(bodies)
    return cases


def sms_texts(seed: int, total: int) -> List[Tuple[str, ...]]:
    """Conversations of SMS texts, `total` texts in all: each is sent from a new phone."""
    rng = random.Random(seed)
    digits = ["²", "³", "①", "٣", "３", "¹", "⁴", "½", "Ⅻ", "𝟙", "1", "2.", "3)", "99", "0"]
    conversations: List[Tuple[str, ...]] = []
    count = 0
    while count < total:
        roll = rng.random()
        if roll < 0.3:
            texts: Tuple[str, ...] = ("Hi", rng.choice(digits))
        elif roll < 0.4:
            texts = (rng.choice(["STOP", "stop!", "START", "HELP", "info", " Quit. "]),)
        elif roll < 0.45:
            texts = ("x" * rng.randint(1_500, 2_000),)
        else:
            texts = (patient_text(rng).replace("\ud800", "")[:1_500],)
        texts = texts[: total - count]
        conversations.append(texts)
        count += len(texts)
    return conversations
