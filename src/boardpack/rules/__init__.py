"""The timescale and RAG rules: pure functions from a plan to what the pack reports.

``derive(plan, as_at)`` applies them all; ``timescales.read_timescale`` reads one
Target text; ``explain.explain_action`` puts one action's status into words.
``has_as_at(status)`` is False when the plan gave no as-at date, and
``status.as_at`` then holds only the placeholder ``NO_AS_AT``.
"""

from boardpack.rules.derive import derive
from boardpack.rules.periods import NO_AS_AT, has_as_at

__all__ = ["NO_AS_AT", "derive", "has_as_at"]
