"""What is kept of a conversation, and for how long: the SQL tracker store, the retention purge,
deletion on request, and the staff command (`python -m bot.privacy`)."""
