"""Who moderates: holders of ``ideas.moderate_contributions`` (defined with the idea model, whose
permission rows it has always had)."""

from modellstadt.ideas.permissions import MODERATE_PERMISSION, can_moderate

__all__ = ["MODERATE_PERMISSION", "can_moderate"]
