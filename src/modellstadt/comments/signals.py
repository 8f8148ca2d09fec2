"""What happens to comments, for the apps above that react to it (notifications).

Sent inside the service's transaction, with ``comment``.
"""

from django.dispatch import Signal

comment_published = Signal()  # a comment became visible: written without pre-moderation, or released
