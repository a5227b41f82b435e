"""The timescale and RAG rules: pure functions from a plan to what the pack reports.

``derive(plan, as_at)`` applies them all, each rule recording why it decided what it
did; ``timescales.read_timescale`` reads one Target text; ``wording`` holds the words
of every rule, and ``explain.explain_action`` puts one action's records into them.
``has_as_at(status)`` is False when the plan gave no as-at date, and
``status.as_at`` then holds only the placeholder ``NO_AS_AT``.
"""

from boardpack.rules.derive import derive
from boardpack.rules.periods import NO_AS_AT, has_as_at

__all__ = ["NO_AS_AT", "derive", "has_as_at"]
