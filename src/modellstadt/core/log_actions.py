"""Audit-log actions (Wagtail's ModelLogEntry) that show the reason a person gave beside the action.

Apps register their actions with ``register_reason_actions`` from a ``register_log_actions`` hook;
the office sees them under Berichte → Protokoll in the back office, filterable by action.
"""

from wagtail.log_actions import LogFormatter


class ReasonLogFormatter(LogFormatter):
    """Shows the reason or justification stored in the entry's data beside the action."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


def register_reason_actions(registry, actions):
    """``actions``: {action: (label in the action filter, message in the log)}."""
    for action, (label, message) in actions.items():
        formatter = type("_ReasonFormatter", (ReasonLogFormatter,), {"label": label, "message": message})
        registry.register_action(action)(formatter)
