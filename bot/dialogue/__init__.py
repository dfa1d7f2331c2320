"""Custom dialogue pieces Rasa loads from config.yml: the safety net policy and its action guard."""
