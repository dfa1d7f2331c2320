"""Rasa input channels of Care Finder: SMS through Twilio and the web chat page.

Channels know nothing of care: they turn a medium's requests into Rasa messages and Rasa's
replies into that medium's form (short plain texts for SMS, buttons and links on the web).
"""
