"""Forms of the comment section: write, reply, edit (signed in), write as a guest.

The forms only parse input; the rules (length, phases, guests only on news posts) live in
``services`` and come back as ParticipationError, which the views attach to the field they name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.comments.services import COMMENT_MAX, GUEST_NAME_MAX
from modellstadt.core.forms import SingleLineCharField
from modellstadt.core.guards import HumanCheckMixin
from modellstadt.core.models import MarkdownHelp


def _text_field():
    return forms.CharField(
        label=_("Ihr Kommentar"), max_length=COMMENT_MAX, help_text=MarkdownHelp.text,
        strip=False,  # stored as typed; the service trims only the ends
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Bitte schreiben Sie einen Kommentar."),
            "max_length": _("Ein Kommentar darf höchstens %(limit_value)d Zeichen lang sein (jetzt: %(show_value)d)."),
        },
    )


class _CommentIds:
    """Element ids of their own ("id_comment_text"), so the form can sit next to other forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)


class CommentForm(_CommentIds, forms.Form):
    """A signed-in person writes, answers or edits a comment."""

    text = _text_field()


class GuestCommentForm(HumanCheckMixin, _CommentIds, forms.Form):
    """A guest comments on a news post: name (shown), e-mail address (not shown), the text, and the
    anti-spam question. The comment waits for release by the moderation."""

    human_check_scope = "guest-comment"

    guest_name = SingleLineCharField(
        label=_("Ihr Name"), max_length=GUEST_NAME_MAX,
        help_text=_("Erscheint öffentlich über Ihrem Kommentar, mit dem Zusatz „Gast“."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Bitte geben Sie Ihren Namen an."),
            "max_length": _("Der Name darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    guest_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"), max_length=254,
        help_text=_("Wird nicht veröffentlicht. Die Moderation nutzt sie nur für Rückfragen zu Ihrem Kommentar."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an."),
        },
    )
    text = _text_field()
