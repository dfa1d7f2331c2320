"""Care Finder's actions: thin adapters between Rasa and the rights and directory services.

Importing the package (the action server does it at start) checks bot/content/facts.yml, so a
fact without a source or a review date stops the server before any patient hears it, builds
the offline place index once, so the first patient's search is as fast as the next one's, and
checks the online geocoder's settings when one is turned on (a missing user agent stops the server),
keeps what patients write out of the action server's log (bot/log_privacy.py), and measures each
action, served at GET /metrics (actions/metrics.py).
"""

from actions import metrics
from bot import log_privacy
from bot.rights.facts import load_facts
from providers.geo import counties
from providers.geocoder import check_settings

load_facts()
counties()
check_settings()
log_privacy.install()
metrics.install()
