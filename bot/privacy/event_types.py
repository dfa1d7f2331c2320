"""Events read back from stored JSON without searching Rasa's class tree for each one.

Rasa's `Event.from_parameters` finds an event's class by walking every subclass of `Event` (about 40,
with `inspect.isabstract` on each) for every event of every tracker it reads: 9% of the Rasa
server's time under load (docs/benchmarks.md). The classes are looked up once here, by the same
rule (the first non-abstract subclass with that type name); a type name not known then, or an old
"topic" event, goes through Rasa's own lookup so that its behaviour stays Rasa's.
"""

from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


@lru_cache(maxsize=1)
def _classes_by_type_name() -> Mapping[str, Type[Event]]:
    classes: Dict[str, Type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def event_class(type_name: str) -> Optional[Type[Event]]:
    """The class Rasa's `Event.resolve_by_type` finds for `type_name`, None when it knows none."""
    return _classes_by_type_name().get(type_name)


def events_from_dicts(stored: List[Dict[str, Any]]) -> List[Event]:
    """The events of `stored` (dicts as `Event.as_dict` writes them), as `deserialise_events` reads them."""
    events: List[Event] = []
    for parameters in stored:
        cls = event_class(parameters.get("event"))
        event = cls._from_parameters(parameters) if cls else Event.from_parameters(parameters)
        if event:
            events.append(event)
    return events
