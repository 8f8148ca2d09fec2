"""What happens to ideas, for the apps above that react to it (notifications).

Sent inside the service's transaction, with ``idea`` and ``actor`` (the person who caused it).
"""

from django.dispatch import Signal

idea_answered = Signal()  # the programme office answered the idea
idea_state_changed = Signal()  # the idea has a new state (e.g. withdrawn by its author)
