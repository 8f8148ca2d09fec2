"""A person's part in the partner network for their data export (Meine Daten)."""

from modellstadt.partners.models import Membership, Pledge, SupportLetter


def _when(value):
    return value.isoformat() if value else None


def export_partner_data(user):
    memberships = [
        {
            "Organisation": m.organisation.name,
            "Rolle": str(m.get_role_display()),
            "Stand": str(m.get_state_display()),
            "Nachricht": m.message,
            "Angefragt am": _when(m.requested_at),
            "Entschieden am": _when(m.decided_at),
            "Begründung": m.decision_note,
        }
        for m in Membership.objects.filter(user=user).select_related("organisation").order_by("requested_at", "id")
    ]
    letters = [
        {
            "Organisation": letter.organisation.name,
            "Datum": _when(letter.date),
            "Unterzeichnet von": letter.signatory,
            "Öffentlich": letter.public,
            "Dateiname beim Hochladen": letter.original_name,
            "Erfasst am": _when(letter.created),
        }
        for letter in SupportLetter.objects.filter(uploaded_by=user).select_related("organisation").order_by("id")
    ]
    pledges = [
        {
            "Organisation": pledge.organisation.name,
            "Art": str(pledge.get_kind_display()),
            "Beschreibung": pledge.description,
            "Geschätzter Wert (EUR)": None if pledge.estimated_value_eur is None else str(pledge.estimated_value_eur),
            "Erfasst am": _when(pledge.created),
        }
        for pledge in Pledge.objects.filter(created_by=user).select_related("organisation").order_by("id")
    ]
    return "Partnerbereich", [
        {"Mitgliedschaften": memberships, "Hochgeladene Unterstützungsschreiben": letters, "Erfasste Zusagen": pledges}
    ]
