"""How many of a tracker's events are already in the tracker store, for the tracker object itself.

Rasa's SQLTrackerStore.save counts the stored events of the session with a query before every write.
The store knows that number already: a tracker it has just read holds exactly the stored events, and
after a save, all of its events are stored. The count belongs to one tracker object (read, changed
and saved within one turn, under that conversation's lock), never to a conversation id: nothing
outlives the turn, so another Rasa instance writing the conversation (after a fail-over) is always
read afresh from the database. A tracker the store did not read or save gets Rasa's own count.
"""

import weakref
from typing import Any, Dict, Optional


class StoredEvents:
    """Number of stored events per live tracker object (forgotten when the tracker is)."""

    def __init__(self) -> None:
        self._counts: Dict[int, int] = {}

    def all_stored(self, tracker: Any) -> None:
        """Every event `tracker` holds now is in the store."""
        key = id(tracker)
        if key not in self._counts:
            weakref.finalize(tracker, self._counts.pop, key, None)
        self._counts[key] = len(tracker.events)

    def forget(self, tracker: Any) -> None:
        self._counts.pop(id(tracker), None)

    def count(self, tracker: Any) -> Optional[int]:
        """How many of `tracker`'s first events are stored; None when unknown."""
        return self._counts.get(id(tracker))
