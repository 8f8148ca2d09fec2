from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Holds only the migration history of the former participation app.

    Its models moved to ``ideas``, ``comments``, ``moderation`` and ``notifications`` with their
    tables (``Meta.db_table``); the migrations here still create those tables on a new database,
    and ``0004_move_models_out`` hands them over (state only, content types relabelled).
    """

    name = "modellstadt.participation"
    label = "participation"
    verbose_name = _("Beteiligung (Migrationen)")
