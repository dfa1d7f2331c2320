"""Staff command: delete conversations now.

    python -m bot.privacy purge                 # everything past CARE_FINDER_RETENTION_DAYS, and
                                                # message texts past CARE_FINDER_MESSAGE_TEXT_DAYS
    python -m bot.privacy delete --phone +13105550100
    python -m bot.privacy delete --conversation <id>   # a web or REST conversation id

A phone number is hashed the way the SMS channel hashes it (CARE_FINDER_ID_SECRET), so it is never
looked up or stored as such. Exit codes: 0 done, 2 bad input or settings.
"""

import argparse
import os
import re
import sys
from typing import List, Optional

from bot.channels.pseudonym import conversation_id
from bot.privacy.conversations import delete_conversation, engine_for
from bot.privacy.retention import apply_retention
from bot.privacy.settings import (
    PrivacyConfigurationError,
    conversations_url,
    message_text_days,
    retention_days,
)

# E.164, as Twilio sends `From`: "+", then 8 to 15 digits; spaces, dashes, dots and brackets ignored.
_E164 = re.compile(r"\+[1-9]\d{7,14}")


class BadInput(ValueError):
    """What staff typed can't be used; the message says why."""


def e164(typed: str) -> str:
    number = re.sub(r"[\s().-]", "", typed)
    if not _E164.fullmatch(number):
        raise BadInput("give the number as Twilio shows it: + and the country code, e.g. +13105550100")
    return number


def _sms_conversation(phone: str) -> str:
    secret = os.environ.get("CARE_FINDER_ID_SECRET")
    if not secret:
        raise BadInput("CARE_FINDER_ID_SECRET is not set: it is needed to find a phone number's conversation")
    return conversation_id(e164(phone), secret.encode())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.privacy", description="Delete kept conversations.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("purge", help="delete what is past retention, blank message texts past their period")
    delete = commands.add_parser("delete", help="delete one conversation now")
    whose = delete.add_mutually_exclusive_group(required=True)
    whose.add_argument("--phone", help="the patient's number, e.g. +13105550100")
    whose.add_argument("--conversation", help="a conversation id (web page, REST)")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "purge":
            retained = apply_retention()
            deleted = retained.deleted.conversations
            print(f"Deleted what was older than {retention_days()} days, from {deleted} conversation(s).")
            print(f"Blanked the texts older than {message_text_days()} days, in {retained.blanked_events} event(s).")
            return 0
        sender_id = _sms_conversation(args.phone) if args.phone else args.conversation
    except (BadInput, PrivacyConfigurationError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    deleted = delete_conversation(engine_for(conversations_url()), sender_id)
    print("Deleted that conversation." if deleted.events else "No conversation is kept for that id or number.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
