"""Patients' rights, framework-free: no Rasa here, so it is unit-tested in milliseconds.

facts     the checked content file bot/content/facts.yml (all wording, numbers, laws)
deadlines business-day and hour deadlines (California holidays)
dates     what people write about when care was canceled -> a day, or why not
explain   the messages the bot sends: rights for a kind of care, crisis lines
"""
