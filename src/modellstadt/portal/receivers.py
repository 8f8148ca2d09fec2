"""Reactions of the portal to what editors do in the back office."""

from wagtail.signals import page_published

from modellstadt.accounts.models import TermsAcceptance
from modellstadt.accounts.services import publish_terms_version
from modellstadt.portal.models import LegalPage

# Legal pages whose publication is a new version people accept (terms) or are told about (privacy).
CONSENT_DOCUMENTS = {
    "nutzungsbedingungen": TermsAcceptance.Document.TERMS,
    "datenschutz": TermsAcceptance.Document.PRIVACY,
}


def terms_version_of(page):
    """The version of a legal page is its "Stand": a new date is a new version, a typo fix is not."""
    when = page.last_reviewed or (page.first_published_at.date() if page.first_published_at else None)
    return when.isoformat() if when else "1"


def record_published_terms(sender, instance, **kwargs):
    document = CONSENT_DOCUMENTS.get(instance.slug)
    if document is not None:
        publish_terms_version(document=document, version=terms_version_of(instance))


def connect():
    page_published.connect(record_published_terms, sender=LegalPage, dispatch_uid="portal-published-terms")
