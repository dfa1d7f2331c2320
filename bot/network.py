"""Where the two servers listen and which web origins may call Rasa, from the environment
(documented in .env.example).

Light on imports: scripts/run-bot asks this module for Rasa's arguments before Rasa starts, and
tests/servers.py starts the servers with the same ones.
"""

import os
import re
import sys
from typing import List, Mapping

LOOPBACK = "127.0.0.1"
# A whole origin, nothing else: sanic-cors reads '*', '?', '\' or ']' as a regular expression.
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?", re.IGNORECASE)


class NetworkConfigurationError(RuntimeError):
    """A listening address or CORS origin the servers should not start with."""


def rasa_host(env: Mapping[str, str] = os.environ) -> str:
    """The address Rasa listens on (CARE_FINDER_HOST): loopback unless a deployment opens it."""
    return env.get("CARE_FINDER_HOST") or LOOPBACK


def action_host(env: Mapping[str, str] = os.environ) -> str:
    """The address the action server listens on (ACTION_HOST): only Rasa may reach it."""
    return env.get("ACTION_HOST") or LOOPBACK


def cors_origins(env: Mapping[str, str] = os.environ) -> List[str]:
    """Other sites' origins whose pages may call Rasa (CARE_FINDER_CORS_ORIGINS, comma-separated).

    None by default: the web chat page is served by Rasa itself, so it needs no CORS.
    """
    return _origins(env, "CARE_FINDER_CORS_ORIGINS")


def frame_origins(env: Mapping[str, str] = os.environ) -> List[str]:
    """The community sites that may show the web chat page in an iframe (CARE_FINDER_FRAME_ORIGINS,
    comma-separated), besides the bot's own origin. None by default."""
    return _origins(env, "CARE_FINDER_FRAME_ORIGINS")


def _origins(env: Mapping[str, str], variable: str) -> List[str]:
    origins = [origin.strip().rstrip("/") for origin in env.get(variable, "").split(",")]
    for origin in filter(None, origins):
        if not _ORIGIN.fullmatch(origin):
            raise NetworkConfigurationError(f"{variable}: {origin!r} is not an origin like https://care.example.org")
    return [origin for origin in origins if origin]


def rasa_network_args(env: Mapping[str, str] = os.environ) -> List[str]:
    """`rasa run` arguments for the listening address and CORS (no --cors: same origin only)."""
    origins = cors_origins(env)
    return ["--interface", rasa_host(env), *(["--cors", *origins] if origins else [])]


def main() -> int:
    """Print Rasa's network arguments on one line, for scripts/run-bot."""
    try:
        print(" ".join(rasa_network_args()))
    except NetworkConfigurationError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
