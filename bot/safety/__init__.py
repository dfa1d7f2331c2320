"""Does a message signal danger? Framework-free; used by the NLU, the actions and the channels.

`assess(text)` returns an Assessment: outcome "danger" (crisis help now), "possible" (answer as
usual, then ask gently) or "none", with the category and the reasons. See docs/safety.md.
"""

from bot.safety.detector import Assessment, assess, prepare

__all__ = ["Assessment", "assess", "prepare"]
