"""Where the patient is, what matters to them, and the best matches from the care directory."""

import asyncio
from typing import Any, Dict, FrozenSet, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ACTION_LISTEN_NAME
from rasa_sdk.types import DomainDict

from actions.asking import AskForSlot, answer_not_understood, answer_text, answer_understood, take_answer
from actions.conversation import language, latest_entity, latest_text, say
from actions.directory import DirectoryUnavailable, Page, search
from actions.match_text import match_message, preference_words
from bot.nlu.keywords import perinatal_stages_in, preferences_in, says_anywhere
from providers.geo import find_place, suggest_places
from providers.vocabulary import PREFERENCES

SPANISH = "spanish"  # the directory's preference for services in Spanish

ANYWHERE = "anywhere"
PAGE_SIZE = 3
DIRECTORY_DOWN = "crisis.directory_down"  # said from facts.yml: sorry, try again soon, lines statewide


def _place_in(text: str, online: bool = False) -> Optional[str]:
    """The place a message names, as a label `locate` understands, ANYWHERE, or None.

    `online`: when the offline lookup knows no place, ask the online geocoder too, if the deployment
    turned it on (providers/geocoder.py). Only for answers meant as a place.
    """
    if says_anywhere(text):
        return ANYWHERE
    place = find_place(text, online=online)
    return place.label if place else None


def _preferences_in_message(tracker: Tracker) -> Optional[FrozenSet[str]]:
    """What matters to the patient, from a button or their words; None if they said nothing."""
    from_button = latest_entity(tracker, "preference")
    if from_button in PREFERENCES:
        return frozenset({from_button})
    return preferences_in(latest_text(tracker))


class ValidateLocationForm(FormValidationAction):
    """Reads the place (and, if given, what matters) from the patient's answer."""

    def name(self) -> Text:
        return "validate_location_form"

    async def extract_location(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return take_answer(tracker, "location", lambda text: _place_in(text) is not None)

    async def validate_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = answer_text(value)
        place = await asyncio.to_thread(_place_in, text, True)  # an online lookup may wait on the network
        if place:
            preferences = _preferences_in_message(tracker) or frozenset()
            return {**answer_understood("location", place), "preferences": sorted(preferences)}
        suggestions = suggest_places(text)
        if suggestions:
            return answer_not_understood(
                tracker, "location", "similar_places", place=text[:60], suggestions=" / ".join(suggestions[:3])
            )
        return answer_not_understood(tracker, "location", "unknown_place", place=text[:60])


class ActionAskLocation(AskForSlot):
    slot = "location"


def _patient(tracker: Tracker) -> FrozenSet[str]:
    """What the patient said about themselves that decides which programs they can use: pregnant, or
    after the birth (providers.search leaves out the programs for the other stage only)."""
    texts = (event.get("text") or "" for event in tracker.events if event.get("event") == "user")
    return frozenset().union(*(perinatal_stages_in(text) for text in texts))


async def _show_page(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    location: str,
    preferences: FrozenSet[str],
    offset: int,
) -> Optional[List[EventType]]:
    """Say one page of matches and return its events; None when the directory could not be searched
    (the patient heard the lines that work statewide; the caller decides what to keep)."""
    lang = language(tracker)
    try:
        page = await asyncio.to_thread(
            _search_in_language,
            None if location == ANYWHERE else location,
            tracker.get_slot("care_type"),
            preferences,
            lang,
            offset,
            _patient(tracker),
        )
    except DirectoryUnavailable:
        say(dispatcher, tracker, DIRECTORY_DOWN)
        return None
    if not page.matches:
        say(dispatcher, tracker, "no_more" if offset else "no_matches", place=page.place_label)
        return []
    if offset == 0:
        if location == ANYWHERE:
            say(dispatcher, tracker, "searching_statewide")
        elif preferences:
            say(
                dispatcher,
                tracker,
                "matches_intro_filtered",
                place=page.place_label,
                preferences=preference_words(preferences, lang),
            )
        else:
            say(dispatcher, tracker, "matches_intro", place=page.place_label)
    for number, match in enumerate(page.matches, start=offset + 1):
        say(dispatcher, tracker, "match", **match_message(number, match, lang))
    if page.always_available:
        say(dispatcher, tracker, "always_available", lines=page.always_available)
    say(dispatcher, tracker, "after_matches")
    return [SlotSet("results_offset", offset + len(page.matches)), SlotSet("has_results", True)]


def _search_in_language(
    place: Optional[str],
    care_type: Optional[str],
    preferences: FrozenSet[str],
    lang: str,
    offset: int,
    patient: FrozenSet[str],
) -> Page:
    """In a Spanish conversation, services in Spanish rank first and say so ("en español") without the
    patient asking. It only ranks, and never puts a phone line before a place close by (issue 13):
    when it would, the page is the one the patient's own preferences give."""
    if lang != "es" or SPANISH in preferences:
        return search(place, care_type, preferences, PAGE_SIZE, offset, patient)
    in_spanish = search(place, care_type, preferences | {SPANISH}, PAGE_SIZE, offset, patient)
    if not in_spanish.matches or not in_spanish.matches[0].is_a_line:
        return in_spanish
    page = search(place, care_type, preferences, PAGE_SIZE, offset, patient)
    return page if page.matches and not page.matches[0].is_a_line else in_spanish


def _saved_preferences(tracker: Tracker) -> FrozenSet[str]:
    return frozenset(tracker.get_slot("preferences") or ())


def _ask_the_place_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Back to the place question, waiting for the answer: the answer fills the form and searches
    again (data/rules/location.yml). Listening first keeps the form from re-reading the message
    whose search just failed."""
    say(dispatcher, tracker, "ask_location")
    return [
        SlotSet("location", None),
        ActiveLoop("location_form"),
        SlotSet("requested_slot", "location"),
        FollowupAction(ACTION_LISTEN_NAME),
    ]


class ActionFindResources(Action):
    """The first page of matches for the place and preferences the patient gave."""

    def name(self) -> Text:
        return "action_find_resources"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        location = tracker.get_slot("location")
        events = await _show_page(dispatcher, tracker, location, _saved_preferences(tracker), 0)
        if events is None:
            return _ask_the_place_again(dispatcher, tracker)
        return events


class ActionRefineSearch(Action):
    """After matches: a new place or what matters ("free", "in Spanish") gives new matches."""

    def name(self) -> Text:
        return "action_refine_search"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        added = _preferences_in_message(tracker)
        # "free" or "in Spanish" is a preference, never sent to an online geocoder
        place = await asyncio.to_thread(_place_in, latest_text(tracker), added is None)
        if not place and added is None:
            say(dispatcher, tracker, "refine_not_understood")
            return []
        location = place or tracker.get_slot("location")
        if added is None:  # only a new place: keep what mattered
            preferences = _saved_preferences(tracker)
        elif added:
            preferences = _saved_preferences(tracker) | added
        else:  # "no preference" clears them
            preferences = frozenset()
        events = await _show_page(dispatcher, tracker, location, preferences, 0)
        if events is None:  # nothing changes: the same words search again
            return []
        return [SlotSet("location", location), SlotSet("preferences", sorted(preferences))] + events


class ActionShowMore(Action):
    def name(self) -> Text:
        return "action_show_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        location = tracker.get_slot("location")
        if not location:
            say(dispatcher, tracker, "nothing_to_show_yet")
            return [FollowupAction("location_form")]
        offset = int(tracker.get_slot("results_offset") or 0)
        return await _show_page(dispatcher, tracker, location, _saved_preferences(tracker), offset) or []
