"""Care Finder's actions: thin adapters between Rasa and the rights and directory services.

Importing the package builds the offline place index once, at action-server start, so the
first patient's search is as fast as the next one's.
"""
from providers.geo import counties

counties()
