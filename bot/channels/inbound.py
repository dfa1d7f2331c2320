"""What every channel does to a patient's text before Rasa stores or reads it.

- Bounded: only the first MAX_MESSAGE_CHARS characters are passed on, the same bound the NLU reads
  (bot/textclean.py), so nothing longer ever reaches the tracker store.
- A command only when offered: Rasa reads a text starting with "/" as `/intent{"entity": value}`
  and skips the NLU, so a patient could type `/restart` or set any entity. A text is passed on as a
  command only when it is the payload of a button the bot offered in its last turn; any other text
  that Rasa would read as a command loses its leading slashes and is read as words. Except the
  language switch (`/switch_language{"language": "es"}`), always on offer: the web page's switch and
  a button send it at any time, and it can only change the language of the replies.
"""

import re
from typing import Any, Awaitable, Callable, Collection

from rasa.core.channels.channel import UserMessage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX

from bot.textclean import MAX_MESSAGE_CHARS, clean_text
from bot.wording import load_content

# What Rasa gives a channel's blueprint to pass a message on.
HandleMessage = Callable[[UserMessage], Awaitable[Any]]


def looks_like_command(text: str) -> bool:
    """Would Rasa read `text` as a command? Rasa looks at what the sanitizer leaves of it
    (bot/nlu/sanitizer.py), so invisible characters before the slash count for nothing."""
    return clean_text(text[:MAX_MESSAGE_CHARS]).startswith(INTENT_MESSAGE_PREFIX)


def is_language_switch(command: str) -> bool:
    """`/switch_language{"language": "es"}` (any spacing) for a language the bot speaks."""
    spoken = "|".join(map(re.escape, load_content("languages.yml")["spoken"]))
    return re.fullmatch(rf'/switch_language\{{\s*"language"\s*:\s*"({spoken})"\s*\}}', command) is not None


def patient_text(text: str, offered: Collection[str]) -> str:
    """`text` as Rasa should receive it: bounded, and a command only if it is an offered payload."""
    bounded = text[:MAX_MESSAGE_CHARS]
    if not looks_like_command(bounded):
        return bounded
    cleaned = clean_text(bounded)
    if cleaned in {clean_text(payload) for payload in offered} or is_language_switch(cleaned):
        return cleaned
    return cleaned.lstrip(INTENT_MESSAGE_PREFIX + " ")
