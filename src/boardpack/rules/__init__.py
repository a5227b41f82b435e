"""The timescale and RAG rules: pure functions from a plan to what the pack reports.

``derive(plan, as_at)`` applies them all; ``timescales.read_timescale`` reads one
Target text; ``explain.explain_action`` puts one action's status into words.
"""

from boardpack.rules.derive import derive

__all__ = ["derive"]
