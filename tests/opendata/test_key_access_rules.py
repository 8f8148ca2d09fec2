"""The rules of API keys and of access to restricted data, one state at a time: keys that are valid,
expired, revoked, forged or of a person who was switched off; read and write scopes; keys of another
organisation and of a representative who left; access requests pending, approved, declined, revoked
and expired; restricted reads logged, open ones not. The exact German messages, fields and codes are
part of the rules (forms show them next to their field, the API answers with them)."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from modellstadt.opendata import services
from modellstadt.opendata.models import AccessRequest, ApiKey, RestrictedRead
from modellstadt.partners.models import Membership, MembershipState
from tests.opendata.conftest import _member

pytestmark = pytest.mark.django_db

NOT_YOURS = "Sie dürfen die Datensätze dieser Organisation nicht bearbeiten."
PURPOSE = "Eine ausreichend lange Begründung."


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def refused(call, message, *, field=None, code="opendata"):
    with pytest.raises(services.OpenDataError) as exc:
        call()
    assert (str(exc.value), exc.value.field, exc.value.code) == (message, field, code)
    return exc.value


def leave(user, org):
    Membership.objects.filter(user=user, organisation=org).update(state=MembershipState.REVOKED)


@pytest.fixture
def restricted(rep, publisher, make_dataset):
    ds, _dist = make_dataset(rep, publisher, title="Energielast", access_level="restricted", content=None)
    return ds


# --- who represents an organisation ---------------------------------------------------------------


@pytest.mark.parametrize("state, expected", [
    (MembershipState.APPROVED, True), (MembershipState.REQUESTED, False), (MembershipState.REJECTED, False),
    (MembershipState.REVOKED, False),
])
def test_only_an_approved_membership_represents(developer, publisher, other_org, state, expected):
    Membership.objects.create(user=developer, organisation=publisher, state=state)
    assert services.represents(developer, publisher.pk) is expected
    assert services.represents(developer, other_org.pk) is False


def test_nobody_and_switched_off_people_represent_nothing(rep, publisher):
    assert services.represents(None, publisher.pk) is False
    assert services.represents(AnonymousUser(), publisher.pk) is False
    rep.is_active = False
    rep.save()
    assert services.represents(rep, publisher.pk) is False


# --- making keys ----------------------------------------------------------------------------------


def test_a_key_stores_only_the_hash_of_its_secret(developer):
    key, secret = services.create_api_key(developer, name="  Meine \n  App ", expires=in_days(10))
    key.refresh_from_db()
    assert secret.startswith("msd_") and len(secret) == 4 + 43
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert key.prefix == secret[4:12]
    assert (key.user, key.organisation, key.name, key.scope_read, key.scope_write, key.revoked) == (
        developer, None, "Meine App", True, False, None)
    assert key.expires == timezone.make_aware(datetime.datetime.combine(in_days(10), datetime.time(23, 59, 59)))
    assert services.authenticate_key(secret) == key


def test_a_key_name_is_cut_and_an_expiry_given_as_a_time_counts_as_its_local_day(developer):
    local = timezone.localtime()
    moment = (local + datetime.timedelta(days=5)).replace(hour=0, minute=30)  # the day before in UTC
    key, _secret = services.create_api_key(developer, name="n" * 150, expires=moment.astimezone(datetime.UTC))
    key.refresh_from_db()
    assert key.name == "n" * 100
    assert timezone.localtime(key.expires).date() == in_days(5)


def test_scopes_are_stored_as_asked(rep, publisher):
    key, _secret = services.create_api_key(rep, name="Nur schreiben", expires=in_days(1), organisation=publisher,
                                           read=False, write=True)
    key.refresh_from_db()
    assert (key.organisation, key.scope_read, key.scope_write) == (publisher, False, True)
    key, _secret = services.create_api_key(rep, name="Organisation", expires=in_days(365), organisation=publisher)
    key.refresh_from_db()
    assert (key.organisation, key.scope_read, key.scope_write) == (publisher, True, False)


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_a_key_needs_a_signed_in_person(user):
    refused(lambda: services.create_api_key(user, name="x", expires=in_days(3)), "Bitte melden Sie sich an.",
            code="login_required")


@pytest.mark.parametrize("name, expires, message, field", [
    (" \n ", in_days(3), "Bitte geben Sie dem Schlüssel einen Namen.", "name"),
    (None, in_days(3), "Bitte geben Sie dem Schlüssel einen Namen.", "name"),
    ("App", None, "Das Ablaufdatum muss in der Zukunft liegen.", "expires"),
    ("App", in_days(0), "Das Ablaufdatum muss in der Zukunft liegen.", "expires"),
    ("App", in_days(-1), "Das Ablaufdatum muss in der Zukunft liegen.", "expires"),
    ("App", in_days(366), "Ein Schlüssel gilt höchstens ein Jahr.", "expires"),
])
def test_a_key_needs_a_name_and_an_expiry_within_a_year(developer, name, expires, message, field):
    refused(lambda: services.create_api_key(developer, name=name, expires=expires), message, field=field)
    assert not ApiKey.objects.exists()


def test_the_shortest_and_the_longest_expiry_are_allowed(developer):
    services.create_api_key(developer, name="Kurz", expires=in_days(1))
    services.create_api_key(developer, name="Lang", expires=in_days(365))
    assert ApiKey.objects.count() == 2


def test_write_keys_belong_to_an_organisation_the_person_represents(rep, developer, publisher, other_org):
    refused(lambda: services.create_api_key(rep, name="App", expires=in_days(3), write=True),
            "Schreibrechte gibt es nur für Schlüssel einer Organisation.", field="organisation")
    for user, org in ((developer, publisher), (rep, other_org)):
        refused(lambda user=user, org=org: services.create_api_key(user, name="App", expires=in_days(3),
                                                                   organisation=org),
                "Sie vertreten diese Organisation nicht.", field="organisation", code="permission")
    leave(rep, publisher)
    refused(lambda: services.create_api_key(rep, name="App", expires=in_days(3), organisation=publisher, write=True),
            "Sie vertreten diese Organisation nicht.", field="organisation", code="permission")
    assert not ApiKey.objects.exists()


# --- revoking keys --------------------------------------------------------------------------------


def test_the_owner_revokes_a_key_once(developer):
    key, secret = services.create_api_key(developer, name="App", expires=in_days(3))
    before = timezone.now()
    services.revoke_api_key(developer, key)
    key.refresh_from_db()
    first = key.revoked
    assert first is not None and before <= first <= timezone.now()
    services.revoke_api_key(developer, ApiKey.objects.get(pk=key.pk))
    key.refresh_from_db()
    assert key.revoked == first
    assert services.authenticate_key(secret) is None


def test_revoking_a_key_read_before_its_last_use_keeps_that_use(developer):
    key, _secret = services.create_api_key(developer, name="App", expires=in_days(3))
    stale = ApiKey.objects.get(pk=key.pk)
    used = timezone.now() - datetime.timedelta(minutes=5)
    ApiKey.objects.filter(pk=key.pk).update(last_used=used, name="Umbenannt")
    services.revoke_api_key(developer, stale)
    key.refresh_from_db()
    assert key.revoked is not None and (key.last_used, key.name) == (used, "Umbenannt")


def test_another_person_cannot_revoke_a_personal_key(developer, rep):
    key, _secret = services.create_api_key(developer, name="App", expires=in_days(3))
    refused(lambda: services.revoke_api_key(rep, key), "Diesen Schlüssel können Sie nicht widerrufen.",
            code="permission")
    key.refresh_from_db()
    assert key.revoked is None


def test_an_organisation_key_is_revoked_by_its_current_representatives_only(
        django_user_model, rep, other_rep, publisher):
    colleague = _member(django_user_model.objects.create_user("kollege", "kollege@example.org", "pw"), publisher)
    key, _secret = services.create_api_key(rep, name="App", expires=in_days(3), organisation=publisher, write=True)
    refused(lambda: services.revoke_api_key(other_rep, key), "Diesen Schlüssel können Sie nicht widerrufen.",
            code="permission")
    leave(colleague, publisher)
    refused(lambda: services.revoke_api_key(colleague, key), "Diesen Schlüssel können Sie nicht widerrufen.",
            code="permission")
    Membership.objects.filter(user=colleague).update(state=MembershipState.APPROVED)
    services.revoke_api_key(colleague, key)
    key.refresh_from_db()
    assert key.revoked is not None


# --- authenticating keys --------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "msd_", "msd_falsch", "MSD_falsch"])
def test_missing_or_unknown_secrets_authenticate_nobody(developer, secret):
    services.create_api_key(developer, name="App", expires=in_days(3))
    assert services.authenticate_key(secret) is None


def test_a_secret_without_the_prefix_is_refused_even_if_its_hash_is_stored(developer):
    ApiKey.objects.create(user=developer, name="Alt", prefix="alt", key_hash=services.hash_secret("ohnepraefix"),
                          expires=timezone.now() + datetime.timedelta(days=3))
    assert services.authenticate_key("ohnepraefix") is None


def test_keys_of_other_secrets_and_with_a_changed_letter_are_refused(developer):
    _key, secret = services.create_api_key(developer, name="App", expires=in_days(3))
    assert services.authenticate_key(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert services.authenticate_key("MSD_" + secret[4:]) is None


def test_expired_revoked_and_switched_off_keys_authenticate_nobody(developer):
    key, secret = services.create_api_key(developer, name="App", expires=in_days(3))
    ApiKey.objects.filter(pk=key.pk).update(expires=timezone.now() + datetime.timedelta(seconds=30))
    assert services.authenticate_key(secret) == key
    ApiKey.objects.filter(pk=key.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    assert services.authenticate_key(secret) is None
    ApiKey.objects.filter(pk=key.pk).update(expires=timezone.now() + datetime.timedelta(days=1),
                                            revoked=timezone.now())
    assert services.authenticate_key(secret) is None
    ApiKey.objects.filter(pk=key.pk).update(revoked=None)
    assert services.authenticate_key(secret) == key
    developer.is_active = False
    developer.save()
    assert services.authenticate_key(secret) is None


@pytest.mark.parametrize("seconds_ago, updated", [(None, True), (30, False), (59.5, False), (60.5, True)])
def test_the_last_use_is_recorded_at_most_once_a_minute(developer, seconds_ago, updated):
    key, secret = services.create_api_key(developer, name="App", expires=in_days(3))
    old = None if seconds_ago is None else timezone.now() - datetime.timedelta(seconds=seconds_ago)
    ApiKey.objects.filter(pk=key.pk).update(last_used=old)
    before = timezone.now()
    assert services.authenticate_key(secret) == key
    key.refresh_from_db()
    if updated:
        assert before <= key.last_used <= timezone.now()
    else:
        assert key.last_used == old


def test_a_recently_used_key_is_found_with_its_person_in_one_query(developer, django_assert_num_queries):
    key, secret = services.create_api_key(developer, name="App", expires=in_days(3))
    ApiKey.objects.filter(pk=key.pk).update(last_used=timezone.now())
    with django_assert_num_queries(1):
        found = services.authenticate_key(secret)
        assert found.user.username == "entwickler"


# --- who may read the data --------------------------------------------------------------------------


def test_open_published_data_is_for_everyone_and_a_draft_for_its_publisher(
        rep, other_rep, developer, office, publisher, make_dataset):
    ds, _dist = make_dataset(rep, publisher, content=None)
    for user in (None, AnonymousUser(), developer, other_rep):
        assert services.has_access(user, ds) is True
    draft, _dist = make_dataset(rep, publisher, title="Entwurf", content=None, publish=False)
    for user in (None, AnonymousUser(), developer, other_rep):
        assert services.has_access(user, draft) is False
    assert services.has_access(rep, draft) is True
    assert services.has_access(office, draft) is True
    leave(rep, publisher)
    assert services.has_access(rep, draft) is False


def test_registered_data_is_for_signed_in_people_once_published(rep, other_rep, developer, publisher, make_dataset):
    ds, _dist = make_dataset(rep, publisher, access_level="registered", content=None)
    assert services.has_access(None, ds) is False
    assert services.has_access(AnonymousUser(), ds) is False
    assert services.has_access(developer, ds) is True
    assert services.has_access(other_rep, ds) is True
    draft, _dist = make_dataset(rep, publisher, title="Entwurf", access_level="registered", content=None,
                                publish=False)
    assert services.has_access(developer, draft) is False
    assert services.has_access(rep, draft) is True


def test_restricted_data_needs_an_approved_request_that_has_not_ended(
        rep, other_rep, developer, office, publisher, restricted, django_user_model):
    ds = restricted
    assert services.has_access(None, ds) is False
    assert services.has_access(developer, ds) is False
    assert services.has_access(other_rep, ds) is False
    assert services.has_access(rep, ds) is True
    assert services.has_access(office, ds) is True
    req = services.request_access(developer, ds, purpose=PURPOSE, terms_accepted=True)
    assert services.has_access(developer, ds) is False  # pending
    services.decide_access(rep, req, approve=True, days=1)
    assert services.has_access(developer, ds) is True
    assert services.has_access(other_rep, ds) is False  # someone else's approval
    AccessRequest.objects.filter(pk=req.pk).update(valid_until=timezone.now() + datetime.timedelta(seconds=30))
    assert services.has_access(developer, ds) is True
    AccessRequest.objects.filter(pk=req.pk).update(valid_until=timezone.now() - datetime.timedelta(seconds=1))
    assert services.has_access(developer, ds) is False  # expired
    AccessRequest.objects.filter(pk=req.pk).update(valid_until=timezone.now() + datetime.timedelta(days=1))
    services.revoke_access(rep, req, reason="Ende")
    assert services.has_access(developer, ds) is False  # revoked
    leave(rep, publisher)
    assert services.has_access(rep, ds) is False  # a representative who left


def test_a_declined_request_or_one_for_another_dataset_gives_no_access(
        rep, developer, publisher, restricted, make_dataset):
    other, _dist = make_dataset(rep, publisher, title="Andere", access_level="restricted", content=None)
    req = services.request_access(developer, other, purpose=PURPOSE, terms_accepted=True)
    services.decide_access(rep, req, approve=True)
    assert services.has_access(developer, other) is True
    assert services.has_access(developer, restricted) is False
    req = services.request_access(developer, restricted, purpose=PURPOSE, terms_accepted=True)
    services.decide_access(rep, req, approve=False, reason="Nein")
    assert services.has_access(developer, restricted) is False


def test_an_approval_gives_no_access_while_the_dataset_is_a_draft(rep, developer, restricted):
    req = services.request_access(developer, restricted, purpose=PURPOSE, terms_accepted=True)
    services.decide_access(rep, req, approve=True)
    services.unpublish_dataset(rep, restricted)
    restricted.refresh_from_db()
    assert services.has_access(developer, restricted) is False
    assert services.has_access(rep, restricted) is True


def test_restricted_reads_are_logged_and_open_ones_not(rep, developer, publisher, restricted, make_dataset):
    key, _secret = services.create_api_key(developer, name="App", expires=in_days(3))
    services.log_restricted_read(restricted, developer, "/api/" + "x" * 600, key=key)
    read = RestrictedRead.objects.get()
    assert (read.dataset, read.user, read.api_key, read.what) == (restricted, developer, key, "/api/" + "x" * 495)
    services.log_restricted_read(restricted, None, "/seite/")
    assert RestrictedRead.objects.filter(user=None, api_key=None, what="/seite/").count() == 1
    for level in ("open", "registered"):
        ds, _dist = make_dataset(rep, publisher, title=level, access_level=level, content=None)
        services.log_restricted_read(ds, developer, "/api/", key=key)
    assert RestrictedRead.objects.count() == 2


# --- access requests ------------------------------------------------------------------------------


def _entry(dataset, event):
    return ModelLogEntry.objects.get(object_id=str(dataset.pk), action=services.ACTION_ACCESS,
                                     data__event=event)


def test_a_request_is_stored_logged_and_mailed_to_the_publisher(
        settings, django_user_model, rep, other_rep, developer, publisher, restricted,
        django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = "https://stadt.example"
    pending = django_user_model.objects.create_user("angefragt", "angefragt@example.org", "pw")
    Membership.objects.create(user=pending, organisation=publisher, state=MembershipState.REQUESTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_access(developer, restricted, organisation_name="  Hochschule " + "h" * 300,
                                      purpose="  " + PURPOSE + "  ", terms_accepted="on")
    req.refresh_from_db()
    assert (req.dataset, req.user, req.state, req.purpose, req.terms_accepted) == (
        restricted, developer, "pending", PURPOSE, True)
    assert req.organisation_name == ("Hochschule " + "h" * 300)[:200]
    entry = _entry(restricted, "requested")
    assert entry.user == developer and entry.data["person"] == "entwickler"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["daten@example.org", "vertreterin@example.org"]
    assert message.subject.endswith("Neuer Antrag auf Datenzugang: Energielast")
    assert "„Energielast“" in message.body and "entwickler" in message.body and PURPOSE in message.body
    assert "https://stadt.example/partnerbereich/daten/" in message.body


def test_without_a_contact_address_only_the_representatives_are_mailed(
        rep, developer, restricted, django_capture_on_commit_callbacks):
    type(restricted).objects.filter(pk=restricted.pk).update(contact_email="")
    restricted.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_access(developer, restricted, purpose=PURPOSE, terms_accepted=True)
    assert [m.to for m in mail.outbox] == [["vertreterin@example.org"]]


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_a_request_needs_a_signed_in_person(user, restricted):
    refused(lambda: services.request_access(user, restricted, purpose=PURPOSE, terms_accepted=True),
            "Bitte melden Sie sich an.", code="login_required")


def test_only_published_restricted_data_takes_requests(rep, developer, publisher, make_dataset):
    for level, publish in (("open", True), ("registered", True), ("restricted", False)):
        ds, _dist = make_dataset(rep, publisher, title=f"{level} {publish}", access_level=level, content=None,
                                 publish=publish)
        refused(lambda ds=ds: services.request_access(developer, ds, purpose=PURPOSE, terms_accepted=True),
                "Für diesen Datensatz ist kein Antrag nötig.", code="invalid")
    assert not AccessRequest.objects.exists()


def test_a_request_needs_a_purpose_of_twenty_characters_and_the_terms(developer, restricted):
    refused(lambda: services.request_access(developer, restricted, purpose=" " + "z" * 19 + " ", terms_accepted=True),
            "Bitte beschreiben Sie den Zweck in mindestens 20 Zeichen.", field="purpose")
    refused(lambda: services.request_access(developer, restricted, purpose=None, terms_accepted=True),
            "Bitte beschreiben Sie den Zweck in mindestens 20 Zeichen.", field="purpose")
    refused(lambda: services.request_access(developer, restricted, purpose=PURPOSE, terms_accepted=False),
            "Bitte nehmen Sie die Nutzungsbedingungen an.", field="terms_accepted")
    assert not AccessRequest.objects.exists()
    req = services.request_access(developer, restricted, purpose="z" * 20, terms_accepted=True)
    assert req.purpose == "z" * 20 and req.organisation_name == ""


def test_one_open_request_or_access_at_a_time_per_person(rep, other_rep, developer, restricted):
    def again():
        return services.request_access(developer, restricted, purpose=PURPOSE, terms_accepted=True)

    message = "Sie haben für diesen Datensatz bereits einen offenen Antrag oder Zugang."
    req = again()
    refused(again, message, field="purpose")
    services.request_access(other_rep, restricted, purpose=PURPOSE, terms_accepted=True)  # another person
    services.decide_access(rep, req, approve=True)
    refused(again, message, field="purpose")
    services.revoke_access(rep, req)
    req = again()  # after a revocation
    services.decide_access(rep, req, approve=False, reason="Nein")
    again()  # after a refusal
    assert AccessRequest.objects.filter(user=developer).count() == 3


# --- decisions ------------------------------------------------------------------------------------


@pytest.fixture
def pending(developer, restricted):
    return services.request_access(developer, restricted, purpose=PURPOSE, terms_accepted=True)


def test_an_approval_is_stored_logged_and_mailed(settings, rep, developer, restricted, pending,
                                                 django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = "https://stadt.example"
    mail.outbox.clear()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.decide_access(rep, AccessRequest.objects.get(pk=pending.pk), approve=True,
                                          reason="  Passt. ", days="30")
    after = timezone.now()
    req = AccessRequest.objects.get(pk=pending.pk)
    assert returned.state == req.state == "approved"
    assert (req.reason, req.decided_by) == ("Passt.", rep)
    assert before <= req.decided_at <= after
    assert before + datetime.timedelta(days=30) <= req.valid_until <= after + datetime.timedelta(days=30)
    entry = _entry(restricted, "approved")
    assert entry.user == rep and (entry.data["person"], entry.data["reason"]) == ("entwickler", "Passt.")
    assert [m.to for m in mail.outbox] == [["entwickler@example.org"]]
    message = mail.outbox[0]
    assert message.subject.endswith("Entscheidung über Ihren Antrag: Energielast")
    assert "Genehmigt" in message.body and "Passt." in message.body
    assert "https://stadt.example/daten/energielast/" in message.body


def test_a_refusal_is_stored_logged_and_mailed(rep, developer, restricted, pending,
                                               django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_access(rep, pending, approve=False, reason=" Nur für Forschung. ", days=0)
    req = AccessRequest.objects.get(pk=pending.pk)
    assert (req.state, req.reason, req.decided_by, req.valid_until) == ("declined", "Nur für Forschung.", rep, None)
    assert req.decided_at is not None
    entry = _entry(restricted, "declined")
    assert entry.user == rep and (entry.data["person"], entry.data["reason"]) == ("entwickler", "Nur für Forschung.")
    assert [m.to for m in mail.outbox] == [["entwickler@example.org"]]
    assert "Abgelehnt" in mail.outbox[0].body
    assert not services.has_access(developer, restricted)


def test_the_office_decides_too_but_not_another_organisation(rep, other_rep, office, publisher, pending):
    refused(lambda: services.decide_access(other_rep, pending, approve=True), NOT_YOURS, code="permission")
    leave(rep, publisher)
    refused(lambda: services.decide_access(rep, pending, approve=True), NOT_YOURS, code="permission")
    assert AccessRequest.objects.get(pk=pending.pk).state == "pending"
    services.decide_access(office, pending, approve=True)
    assert AccessRequest.objects.get(pk=pending.pk).state == "approved"


@pytest.mark.parametrize("days, allowed", [(0, False), (1, True), (730, True), (731, False), ("-5", False)])
def test_access_is_granted_for_one_to_730_days(rep, pending, days, allowed):
    if allowed:
        req = services.decide_access(rep, pending, approve=True, days=days)
        assert abs(req.valid_until - req.decided_at - datetime.timedelta(days=days)) < datetime.timedelta(seconds=1)
    else:
        refused(lambda: services.decide_access(rep, pending, approve=True, days=days),
                "Der Zugang kann für 1 bis 730 Tage gewährt werden.", field="days")
        assert AccessRequest.objects.get(pk=pending.pk).state == "pending"


def test_a_refusal_needs_a_reason(rep, pending):
    for reason in ("", "  ", None):
        refused(lambda reason=reason: services.decide_access(rep, pending, approve=False, reason=reason),
                "Bitte begründen Sie die Ablehnung.", field="reason")
    assert AccessRequest.objects.get(pk=pending.pk).state == "pending"
    req = services.decide_access(rep, pending, approve=True)  # an approval needs none
    assert req.reason == "" and req.state == "approved"


@pytest.mark.parametrize("first", ["approve", "decline", "revoke"])
def test_a_request_is_decided_once(rep, pending, first):
    if first == "decline":
        services.decide_access(rep, pending, approve=False, reason="Nein")
    else:
        services.decide_access(rep, pending, approve=True)
        if first == "revoke":
            services.revoke_access(rep, pending)
    state = AccessRequest.objects.get(pk=pending.pk).state
    for approve in (True, False):
        refused(lambda approve=approve: services.decide_access(rep, pending, approve=approve, reason="Doch"),
                "Über diesen Antrag ist bereits entschieden.", code="invalid")
    assert AccessRequest.objects.get(pk=pending.pk).state == state


# --- revocation -----------------------------------------------------------------------------------


def test_a_revocation_is_stored_logged_and_mailed(settings, rep, office, developer, restricted, pending,
                                                  django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = "https://stadt.example"
    services.decide_access(rep, pending, approve=True)
    mail.outbox.clear()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.revoke_access(office, AccessRequest.objects.get(pk=pending.pk), reason=" Ende. ")
    req = AccessRequest.objects.get(pk=pending.pk)
    assert returned.state == req.state == "revoked"
    assert (req.reason, req.decided_by) == ("Ende.", office)
    assert before <= req.decided_at <= timezone.now()
    entry = _entry(restricted, "revoked")
    assert entry.user == office and (entry.data["person"], entry.data["reason"]) == ("entwickler", "Ende.")
    assert [m.to for m in mail.outbox] == [["entwickler@example.org"]]
    assert mail.outbox[0].subject.endswith("Ihr Datenzugang wurde widerrufen: Energielast")
    assert "Widerrufen" in mail.outbox[0].body and "https://stadt.example/daten/energielast/" in mail.outbox[0].body
    assert not services.has_access(developer, restricted)


def test_a_revocation_without_reason_stores_an_empty_one(rep, pending):
    services.decide_access(rep, pending, approve=True, reason="Ja")
    services.revoke_access(rep, pending, reason=None)
    assert AccessRequest.objects.get(pk=pending.pk).reason == ""
    other = services.request_access(pending.user, pending.dataset, purpose=PURPOSE, terms_accepted=True)
    services.decide_access(rep, other, approve=True, reason="Ja")
    services.revoke_access(rep, other)
    assert AccessRequest.objects.get(pk=other.pk).reason == ""


def test_access_is_granted_for_a_year_unless_said_otherwise(rep, pending):
    req = services.decide_access(rep, pending, approve=True)
    assert abs(req.valid_until - req.decided_at - datetime.timedelta(days=365)) < datetime.timedelta(seconds=1)


@pytest.mark.parametrize("state", ["pending", "declined", "revoked"])
def test_only_granted_access_can_be_revoked(rep, pending, state):
    if state == "declined":
        services.decide_access(rep, pending, approve=False, reason="Nein")
    elif state == "revoked":
        services.decide_access(rep, pending, approve=True)
        services.revoke_access(rep, pending)
    refused(lambda: services.revoke_access(rep, pending), "Nur ein gewährter Zugang kann widerrufen werden.",
            code="invalid")
    assert AccessRequest.objects.get(pk=pending.pk).state == state


def test_only_the_publisher_revokes(rep, other_rep, developer, publisher, pending):
    services.decide_access(rep, pending, approve=True)
    refused(lambda: services.revoke_access(other_rep, pending), NOT_YOURS, code="permission")
    refused(lambda: services.revoke_access(developer, pending), NOT_YOURS, code="permission")
    leave(rep, publisher)
    refused(lambda: services.revoke_access(rep, pending), NOT_YOURS, code="permission")
    assert AccessRequest.objects.get(pk=pending.pk).state == "approved"
