"""What an SMS text costs: carriers bill it in segments. A text in the GSM-7 alphabet takes 160
characters in one segment, 153 in each of several (an extension character such as "€" or "{" counts
twice); any other character (Spanish á í ó ú, emoji) sends the whole text as UCS-2: 70 characters in
one segment, 67 in each of several. The GSM-7 alphabet is the `gsm0338` codec's."""

import math
from typing import Tuple

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

GSM_7, UCS_2 = "GSM-7", "UCS-2"
_SINGLE = {GSM_7: 160, UCS_2: 70}
_EACH_OF_SEVERAL = {GSM_7: 153, UCS_2: 67}


def measure(text: str) -> Tuple[str, int]:
    """The text's encoding and its length as that encoding counts it: septets, or UTF-16 code units."""
    try:
        return GSM_7, len(text.encode("gsm03.38"))
    except UnicodeEncodeError:
        return UCS_2, len(text.encode("utf-16-be")) // 2


def encoding(text: str) -> str:
    return measure(text)[0]


def length(text: str) -> int:
    return measure(text)[1]


def segments(text: str) -> int:
    """How many segments the text is billed as."""
    kind, units = measure(text)
    return 1 if units <= _SINGLE[kind] else math.ceil(units / _EACH_OF_SEVERAL[kind])


def capacity(kind: str, count: int) -> int:
    """How many characters (septets, code units) `count` segments of `kind` hold."""
    return _SINGLE[kind] if count == 1 else count * _EACH_OF_SEVERAL[kind]
