"""The intents that interrupt a form's question instead of answering it: listed here once.

The rules in data/rules/interruptions.yml (side questions and crisis in each form, a complaint in
the middle), the test stories, the actions (actions/dialogue.py, actions/asking.py) and the domain
are checked against these lists by tests/bot/test_interruptions.py.
"""

# The out-of-network right (said from facts.yml), also the answer of action_explain_out_of_network.
OUT_OF_NETWORK = "out_of_network.how_to_ask"

# Side questions: answered by action_answer_interruption with this catalog key (the `utter_*` ones
# are domain responses too), then the form asks its question again.
SIDE_QUESTIONS = {
    "help": "utter_help",
    "bot_challenge": "utter_iamabot",
    "out_of_scope": "utter_out_of_scope",
    "thanks": "utter_youre_welcome",
    "other_language": "utter_other_language",
    "switch_language": "utter_language_switched",
    "ask_out_of_network": OUT_OF_NETWORK,
}
# Crisis help comes first, then the question again (utter_crisis, bot/domain/crisis.yml).
CRISIS = "crisis"
# They leave the form for another flow: a complaint, deleting the conversation, or the end.
LEAVING = ("complain", "delete_my_data", "start_over", "stop", "goodbye")

# A message with one of these intents is never taken as the answer to a question it can't answer.
INTERRUPTIONS = frozenset({*SIDE_QUESTIONS, CRISIS, *LEAVING})
