"""The exact rules of an idea's form values (title, description, field, place, image) when it is submitted
or edited, of editing itself, of partner ideas, of support clicks and of storing an idea's image: each
message, the form field it is shown next to, the limits to the character and what is stored."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.images import get_image_model

from modellstadt.core import images
from modellstadt.core.uploads import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import (
    IDEA_IMAGE_COLLECTION,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    IdeaState,
    Moderation,
    PhaseKind,
    Support,
)
from modellstadt.ideas.rules import DESCRIPTION_MAX, LOCATION_MAX, TITLE_MAX, ParticipationError
from modellstadt.partners.models import Membership, MembershipState
from tests import factories
from tests.ideas.conftest import make_idea, make_process
from tests.ideas.test_cleanup_uploads import upload
from tests.ideas.test_views_ideas import png_bytes

pytestmark = pytest.mark.django_db

C = PhaseKind.COLLECT
TEXT = "Mehr Ladesäulen für E-Autos."


@pytest.fixture(autouse=True)
def _no_city_area(settings):
    settings.MODELLSTADT_CITY_BOUNDS = None  # the coordinate limits themselves, not the city's area


def submit(user, process, title="Ladesäulen am Bahnhof", description=TEXT, **extra):
    return idea_services.submit_idea(user, process, process.fields.first(), title, description, **extra)


def edit(user, idea, title="Ladesäulen am Bahnhof", description=TEXT, **extra):
    extra.setdefault("field", idea.field)
    return idea_services.edit_idea(user, idea, title=title, description=description, **extra)


def error_of(call, *args, **kwargs):
    with pytest.raises(ParticipationError) as error:
        call(*args, **kwargs)
    return error.value


def where(error):
    return str(error), error.field, error.code


def test_submitting_asks_to_sign_in_and_a_plain_idea_has_no_place(process, resident):
    error = error_of(submit, AnonymousUser(), process)
    assert (str(error), error.code) == ("Bitte melden Sie sich an, um eine Idee einzureichen.", "login_required")
    stored = Idea.objects.get(pk=submit(resident, process).pk)
    assert (stored.location_label, stored.latitude, stored.image, stored.image_alt) == ("", None, None, "")


# --- Title and description ---------------------------------------------------------------------------


TEXT_RULES = {  # field: (message when missing, longest allowed, message when longer)
    "title": ("Bitte geben Sie einen Titel an.", TITLE_MAX, "Der Titel darf höchstens 150 Zeichen lang sein."),
    "description": (
        "Bitte beschreiben Sie Ihre Idee.", DESCRIPTION_MAX, "Die Beschreibung darf höchstens 5000 Zeichen lang sein.",
    ),
}


@pytest.mark.parametrize("name", TEXT_RULES)
@pytest.mark.parametrize("empty", ["", "  \n ", None])
def test_a_missing_title_or_description_is_asked_for_next_to_its_field(process, resident, name, empty):
    error = error_of(submit, resident, process, **{name: empty})
    assert where(error) == (TEXT_RULES[name][0], name, "required")
    assert not Idea.objects.exists()


@pytest.mark.parametrize("name", TEXT_RULES)
def test_a_title_or_description_may_have_its_maximum_length_but_not_one_character_more(process, resident, name):
    _missing, longest, too_long = TEXT_RULES[name]
    error = error_of(submit, resident, process, **{name: "T" * (longest + 1)})
    assert where(error) == (too_long, name, "max_length")
    idea = submit(resident, process, **{name: "  \n" + "T" * longest + "  "})  # surrounding space is trimmed
    assert getattr(Idea.objects.get(pk=idea.pk), name) == "T" * longest


def test_title_and_description_are_stored_trimmed(process, resident):
    idea = submit(resident, process, title="  Bänke im Park ", description=" Mehr Bänke. ")
    stored = Idea.objects.get(pk=idea.pk)
    assert (stored.title, stored.description) == ("Bänke im Park", "Mehr Bänke.")


# --- Cooperation field -----------------------------------------------------------------------------------


def test_a_process_with_fields_needs_one_of_them(process, resident):
    error = error_of(idea_services.submit_idea, resident, process, None, "Titel", TEXT)
    assert where(error) == ("Bitte wählen Sie ein Kooperationsfeld.", "field", "participation")
    other = factories.field(number=7, title="Energie")
    error = error_of(idea_services.submit_idea, resident, process, other, "Titel", TEXT)
    assert where(error) == ("Dieses Kooperationsfeld gehört nicht zu diesem Verfahren.", "field", "participation")
    assert not Idea.objects.exists()


def test_a_process_without_fields_takes_ideas_without_one_but_no_foreign_field(portal, resident):
    open_process = make_process([])
    idea = idea_services.submit_idea(resident, open_process, None, "Titel", TEXT)
    assert Idea.objects.get(pk=idea.pk).field is None
    error = error_of(idea_services.submit_idea, resident, open_process, factories.field(number=8), "Titel", TEXT)
    assert error.field == "field"


def test_the_chosen_field_is_stored(field, resident):
    second = factories.field(number=2, title="Bildung")
    both = make_process([field, second])
    idea = idea_services.submit_idea(resident, both, second, "Titel", TEXT)
    assert Idea.objects.get(pk=idea.pk).field == second


# --- Place -----------------------------------------------------------------------------------------------


def test_a_place_name_may_have_its_maximum_length_but_not_one_character_more(process, resident):
    error = error_of(submit, resident, process, location_label="O" * (LOCATION_MAX + 1))
    assert where(error) == ("Die Ortsangabe darf höchstens 200 Zeichen lang sein.", "location_label", "participation")
    idea = submit(resident, process, location_label=" " + "O" * LOCATION_MAX + " ")
    assert Idea.objects.get(pk=idea.pk).location_label == "O" * LOCATION_MAX


def test_the_place_name_is_stored_trimmed_and_none_as_empty(process, resident):
    assert Idea.objects.get(pk=submit(resident, process, location_label="  Rathaus ").pk).location_label == "Rathaus"
    assert Idea.objects.get(pk=submit(resident, process, location_label=None).pk).location_label == ""


@pytest.mark.parametrize(("latitude", "longitude"), [("52.42", None), (None, "10.78"), ("52.42", ""), ("", "10.78")])
def test_latitude_and_longitude_come_together_the_error_next_to_the_longitude(process, resident, latitude, longitude):
    error = error_of(submit, resident, process, latitude=latitude, longitude=longitude)
    assert where(error) == (
        "Bitte geben Sie Breiten- und Längengrad gemeinsam an oder lassen Sie beide leer.",
        "longitude",
        "participation",
    )
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("90", "180"),
        ("-90", "-180"),
        (90, -180),
        ("-89.999999", "179.999999"),
        ("0", "0"),
    ],
)
def test_coordinates_up_to_the_poles_and_the_date_line_are_valid(process, resident, latitude, longitude):
    idea = Idea.objects.get(pk=submit(resident, process, latitude=latitude, longitude=longitude).pk)
    assert (idea.latitude, idea.longitude) == (Decimal(str(latitude)), Decimal(str(longitude)))


@pytest.mark.parametrize(
    ("latitude", "longitude", "off_field"),
    [
        ("90.000001", "10", "latitude"),
        ("-90.000001", "10", "latitude"),
        ("91", "10", "latitude"),
        ("52", "180.000001", "longitude"),
        ("52", "-180.000001", "longitude"),
        ("52", "181", "longitude"),
        ("Rathaus", "10", "latitude"),
        ("52", "zehn", "longitude"),
        ("Infinity", "10", "latitude"),
        ("nan", "10", "latitude"),  # quantizes without error; comparing it raised (a 500 for other callers)
        ("52", "-NaN", "longitude"),
        ([52], "10", "latitude"),
    ],
)
def test_coordinates_beyond_their_range_or_not_numbers_are_refused_next_to_their_field(
    process, resident, latitude, longitude, off_field
):
    error = error_of(submit, resident, process, latitude=latitude, longitude=longitude)
    assert where(error) == ("Die Ortsangabe liegt außerhalb des gültigen Bereichs.", off_field, "participation")
    assert not Idea.objects.exists()


def test_coordinates_are_kept_to_six_decimal_places(process, resident):
    idea = submit(resident, process, latitude="52.42270049", longitude=10.7865006)
    stored = Idea.objects.get(pk=idea.pk)
    assert (str(stored.latitude), str(stored.longitude)) == ("52.422700", "10.786501")


def test_an_empty_place_stores_no_coordinates(process, resident):
    stored = Idea.objects.get(pk=submit(resident, process, latitude="", longitude="").pk)
    assert (stored.latitude, stored.longitude) == (None, None)


def test_the_city_area_is_checked_for_a_place_with_coordinates(process, resident, settings):
    settings.MODELLSTADT_CITY_BOUNDS = (10.60, 52.33, 10.92, 52.50)
    assert error_of(submit, resident, process, latitude="48.137", longitude="11.575").field == "latitude"


# --- Image -----------------------------------------------------------------------------------------------


def test_an_image_needs_its_alternative_text_next_to_that_field(process, resident):
    image = upload(resident)
    for alt in ("", "   ", None):
        error = error_of(submit, resident, process, image=image, image_alt=alt)
        assert where(error) == (
            "Bitte beschreiben Sie das Bild in einem Alternativtext für Menschen, die es nicht sehen.",
            "image_alt",
            "participation",
        )
    assert not Idea.objects.exists()


def test_the_alternative_text_may_have_255_characters_but_not_256(process, resident):
    image = upload(resident)
    error = error_of(submit, resident, process, image=image, image_alt="A" * 256)
    assert where(error) == ("Der Alternativtext darf höchstens 255 Zeichen lang sein.", "image_alt", "participation")
    idea = submit(resident, process, image=image, image_alt=" " + "A" * 255 + " ")
    stored = Idea.objects.get(pk=idea.pk)
    assert (stored.image, stored.image_alt) == (image, "A" * 255)


def test_an_image_given_without_any_alternative_text_is_refused(process, resident):
    image = upload(resident)
    assert error_of(submit, resident, process, image=image).field == "image_alt"
    idea = submit(resident, process)
    assert error_of(edit, resident, idea, image=image).field == "image_alt"
    assert Idea.objects.get(pk=idea.pk).image is None


def test_without_an_image_an_alternative_text_is_not_kept(process, resident):
    idea = submit(resident, process, image=None, image_alt="Ein Platz" + "!" * 300)
    stored = Idea.objects.get(pk=idea.pk)
    assert (stored.image, stored.image_alt) == (None, "")


def test_every_value_of_the_form_is_stored(process, resident):
    image = upload(resident)
    idea = submit(
        resident,
        process,
        location_label="Stadtmitte",
        latitude="52.4227",
        longitude="10.7865",
        image=image,
        image_alt="Der leere Platz",
    )
    stored = Idea.objects.get(pk=idea.pk)
    assert (
        stored.title,
        stored.description,
        stored.field,
        stored.location_label,
        stored.latitude,
        stored.longitude,
        stored.image,
        stored.image_alt,
    ) == (
        "Ladesäulen am Bahnhof",
        TEXT,
        process.fields.first(),
        "Stadtmitte",
        Decimal("52.4227"),
        Decimal("10.7865"),
        image,
        "Der leere Platz",
    )


# --- Editing ---------------------------------------------------------------------------------------------


def test_editing_replaces_every_value_and_writes_the_history(process, resident):
    idea = submit(resident, process)
    image = upload(resident)
    result = edit(
        resident,
        idea,
        title=" Bänke im Park ",
        description=" Mehr Bänke. ",
        location_label=" Park ",
        latitude="52.41",
        longitude="10.72",
        image=image,
        image_alt=" Eine Wiese ",
    )
    assert result is idea
    stored = Idea.objects.get(pk=idea.pk)
    expected = ("Bänke im Park", "Mehr Bänke.", "Park", Decimal("52.41"), Decimal("10.72"), image, "Eine Wiese")
    for instance in (stored, idea):  # the database and the caller's instance
        assert (
            instance.title,
            instance.description,
            instance.location_label,
            instance.latitude,
            instance.longitude,
            instance.image,
            instance.image_alt,
        ) == expected
    assert stored.moderation == Moderation.PUBLISHED
    event = IdeaEvent.objects.filter(idea=idea).order_by("pk").last()
    assert (event.kind, event.actor) == (IdeaEventKind.EDITED, resident)
    assert list(IdeaEvent.objects.filter(idea=idea).values_list("kind", flat=True).order_by("pk")) == [
        IdeaEventKind.SUBMITTED,
        IdeaEventKind.EDITED,
    ]


def test_editing_through_another_instance_updates_the_callers_one(process, resident):
    idea = submit(resident, process)
    other = Idea.objects.get(pk=idea.pk)
    edit(resident, other, title="Neuer Titel")
    assert other.title == "Neuer Titel" and Idea.objects.get(pk=idea.pk).title == "Neuer Titel"


def test_with_premoderation_an_edited_idea_waits_for_release_again(field, resident):
    premoderated = make_process([field], premoderation=True)
    idea = make_idea(premoderated, resident, moderation=Moderation.PUBLISHED)
    edit(resident, idea, title="Geänderter Titel")
    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PENDING
    assert idea.moderation == Moderation.PENDING


def test_an_edit_the_values_refuse_changes_nothing(process, resident):
    idea = submit(resident, process, title="Alter Titel")
    error = error_of(edit, resident, idea, title="Neuer Titel", description="")
    assert error.field == "description"
    assert Idea.objects.get(pk=idea.pk).title == "Alter Titel"
    assert not IdeaEvent.objects.filter(idea=idea, kind=IdeaEventKind.EDITED).exists()


def test_only_the_author_edits(process, resident, neighbour, office):
    idea = submit(resident, process, title="Alter Titel")
    for person in (neighbour, office):
        error = error_of(edit, person, idea, title="Fremder Titel")
        assert where(error) == ("Nur wer die Idee eingereicht hat, kann sie bearbeiten.", None, "permission")
    error = error_of(edit, AnonymousUser(), idea, title="Fremder Titel")
    assert (str(error), error.code) == ("Bitte melden Sie sich an.", "login_required")
    assert Idea.objects.get(pk=idea.pk).title == "Alter Titel"


@pytest.mark.parametrize(
    ("changes", "message", "code"),
    [
        (
            {"state": IdeaState.WITHDRAWN},
            "Eine zurückgezogene Idee kann nicht mehr bearbeitet werden.",
            "participation",
        ),
        (
            {"moderation": Moderation.HIDDEN, "hidden_reason": "Beleidigung"},
            "Diese Idee wurde von der Moderation ausgeblendet und kann nicht bearbeitet werden.",
            "participation",
        ),
        (
            {"support_count": 1},
            "Diese Idee kann nicht mehr bearbeitet werden, weil sie bereits unterstützt oder kommentiert wurde.",
            "locked",
        ),
        (
            {"comment_count": 1},
            "Diese Idee kann nicht mehr bearbeitet werden, weil sie bereits unterstützt oder kommentiert wurde.",
            "locked",
        ),
        (
            {"state": IdeaState.UNDER_REVIEW},
            "Diese Idee wurde bereits vom Programmbüro beantwortet und kann nicht mehr bearbeitet werden.",
            "participation",
        ),
        (
            {"state": IdeaState.ACCEPTED},
            "Diese Idee wurde bereits vom Programmbüro beantwortet und kann nicht mehr bearbeitet werden.",
            "participation",
        ),
    ],
)
def test_an_idea_that_can_no_longer_change_says_why(process, resident, changes, message, code):
    idea = submit(resident, process, title="Alter Titel")
    Idea.objects.filter(pk=idea.pk).update(**changes)  # the caller's instance is stale: the lock reads again
    error = error_of(edit, resident, idea, title="Neuer Titel")
    assert (str(error), error.code) == (message, code)
    assert Idea.objects.get(pk=idea.pk).title == "Alter Titel"


def test_a_pending_idea_can_still_be_edited(field, resident):
    premoderated = make_process([field], premoderation=True)
    idea = submit(resident, premoderated)
    assert idea.moderation == Moderation.PENDING
    edit(resident, idea, title="Verbessert")
    assert Idea.objects.get(pk=idea.pk).title == "Verbessert"


def test_editing_ends_with_the_idea_phase(field, resident):
    process = make_process([field], phases=[(C, -10, 10, "i")])
    idea = submit(resident, process, title="Alter Titel")
    process.phases.update(allows_ideas=False, allows_supports=True)
    error = error_of(edit, resident, idea, title="Neuer Titel")
    assert error.code == "phase"
    assert Idea.objects.get(pk=idea.pk).title == "Alter Titel"


# --- Partner ideas ---------------------------------------------------------------------------------------


def represent(user, organisation, state=MembershipState.APPROVED):
    return Membership.objects.create(user=user, organisation=organisation, state=state)


def test_a_representative_submits_the_idea_with_its_values_for_the_organisation(field, resident):
    stadtwerke = factories.organisation(name="Stadtwerke")
    represent(resident, stadtwerke)
    process = make_process([field], premoderation=True)
    idea = idea_services.submit_partner_idea(resident, stadtwerke, process, field, " Offene Daten ", " Belegung. ")
    stored = Idea.objects.get(pk=idea.pk)
    assert (
        stored.organisation,
        stored.author,
        stored.process,
        stored.field,
        stored.title,
        stored.description,
        stored.moderation,
    ) == (stadtwerke, resident, process, field, "Offene Daten", "Belegung.", Moderation.PENDING)
    assert list(stored.events.values_list("kind", "actor")) == [(IdeaEventKind.SUBMITTED, resident.pk)]


def test_only_a_representative_of_that_organisation_submits_for_it(process, field, resident, neighbour, make_user):
    stadtwerke = factories.organisation(name="Stadtwerke")
    klinikum = factories.organisation(name="Klinikum")
    represent(resident, klinikum)  # speaks for another organisation
    represent(neighbour, stadtwerke, MembershipState.REQUESTED)
    blocked = make_user("carla", is_active=False)
    represent(blocked, stadtwerke)
    for person in (resident, neighbour, blocked, AnonymousUser()):
        error = error_of(idea_services.submit_partner_idea, person, stadtwerke, process, field, "Titel", TEXT)
        assert where(error) == ("Sie vertreten diese Organisation nicht.", None, "permission")
    assert not Idea.objects.exists()


# --- Supports --------------------------------------------------------------------------------------------


def test_a_support_counts_once_and_the_callers_instance_sees_the_counts(process, resident, neighbour, make_user):
    idea = submit(resident, process)
    before = timezone.now()
    assert idea_services.support(neighbour, idea) is True
    assert idea.support_count == 1 and Idea.objects.get(pk=idea.pk).support_count == 1
    row = Support.objects.get()
    assert (row.idea_id, row.user) == (idea.pk, neighbour)
    assert before <= row.created <= timezone.now()
    stale = Idea.objects.get(pk=idea.pk)
    assert idea_services.support(make_user("carla"), idea) is True
    assert idea_services.support(neighbour, stale) is False  # again: nothing changes, the counts are read
    assert stale.support_count == 2 and Idea.objects.get(pk=idea.pk).support_count == 2
    assert Support.objects.count() == 2


PENDING = {"moderation": Moderation.PENDING}
HIDDEN = {"moderation": Moderation.HIDDEN, "hidden_reason": "Beleidigung"}
WITHDRAWN = {"state": IdeaState.WITHDRAWN}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (PENDING, "Diese Idee wartet noch auf die Freigabe durch die Moderation."),
        (HIDDEN, "Diese Idee wurde von der Moderation ausgeblendet."),
        (WITHDRAWN, "Eine zurückgezogene Idee kann nicht unterstützt werden."),
    ],
)
def test_an_idea_that_is_not_shown_is_not_supported(process, resident, neighbour, changes, message):
    idea = make_idea(process, resident, **changes)
    assert str(error_of(idea_services.support, neighbour, idea)) == message
    assert not Support.objects.exists() and Idea.objects.get(pk=idea.pk).support_count == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (HIDDEN, "Diese Idee wurde von der Moderation ausgeblendet."),
        (WITHDRAWN, "Eine zurückgezogene Idee kann nicht unterstützt werden."),
    ],
)
def test_an_idea_hidden_or_withdrawn_since_it_was_read_is_not_supported(process, resident, neighbour, changes, message):
    idea = submit(resident, process)
    Idea.objects.filter(pk=idea.pk).update(**changes)  # the instance still looks shown
    assert str(error_of(idea_services.support, neighbour, idea)) == message
    assert not Support.objects.exists() and Idea.objects.get(pk=idea.pk).support_count == 0


def test_an_idea_released_since_it_was_read_is_supported(field, resident, neighbour):
    premoderated = make_process([field], premoderation=True)
    idea = submit(resident, premoderated)
    Idea.objects.filter(pk=idea.pk).update(moderation=Moderation.PUBLISHED)  # the instance still says pending
    assert idea_services.support(neighbour, idea) is True
    assert Idea.objects.get(pk=idea.pk).support_count == 1 and idea.support_count == 1


def test_supporting_needs_a_signed_in_person_other_than_the_author(process, resident, make_user):
    idea = submit(resident, process)
    error = error_of(idea_services.support, AnonymousUser(), idea)
    assert (str(error), error.code) == ("Bitte melden Sie sich an, um Ideen zu unterstützen.", "login_required")
    error = error_of(idea_services.support, make_user("carla", is_active=False), idea)
    assert error.code == "login_required"
    error = error_of(idea_services.support, resident, idea)
    assert (str(error), error.code) == ("Ihre eigene Idee können Sie nicht unterstützen.", "participation")
    assert not Support.objects.exists() and Idea.objects.get(pk=idea.pk).support_count == 0


def test_supports_only_while_the_phase_takes_them(field, resident, neighbour):
    process = make_process([field], phases=[(C, -10, 10, "i")])
    idea = submit(resident, process)
    assert error_of(idea_services.support, neighbour, idea).code == "phase"
    assert not Support.objects.exists()


def test_taking_a_support_back_moves_the_count_even_on_an_idea_hidden_meanwhile(
    process, resident, neighbour, make_user
):
    idea = submit(resident, process)
    idea_services.support(neighbour, idea)
    idea_services.support(make_user("carla"), idea)
    Idea.objects.filter(pk=idea.pk).update(**HIDDEN)
    assert idea_services.unsupport(neighbour, idea) is True
    assert idea.support_count == 1 and Idea.objects.get(pk=idea.pk).support_count == 1
    assert list(Support.objects.values_list("user__username", flat=True)) == ["carla"]


def test_taking_back_a_support_there_is_not_reads_the_counts(process, resident, neighbour, make_user):
    idea = submit(resident, process)
    stale = Idea.objects.get(pk=idea.pk)
    idea_services.support(make_user("carla"), idea)
    assert idea_services.unsupport(neighbour, stale) is False
    assert stale.support_count == 1 and Idea.objects.get(pk=idea.pk).support_count == 1
    error = error_of(idea_services.unsupport, AnonymousUser(), idea)
    assert (str(error), error.code) == ("Bitte melden Sie sich an.", "login_required")


# --- Storing an idea's image -----------------------------------------------------------------------------


def test_an_uploaded_image_is_stored_in_the_ideas_collection_with_its_uploader(resident):
    first = idea_services.store_idea_image(SimpleUploadedFile("foto.png", png_bytes()), "PNG", resident)
    second = upload(resident)
    stored = get_image_model().objects.get(pk=first.pk)
    assert (stored.title, stored.uploaded_by_user, stored.collection.name) == (
        "Bild zu einer Idee",
        resident,
        IDEA_IMAGE_COLLECTION,
    )
    assert stored.file.name.endswith(".png")
    assert get_image_model().objects.get(pk=second.pk).collection == stored.collection  # one collection


def test_the_ideas_collection_is_made_below_the_root_when_it_is_missing(resident):
    from wagtail.models import Collection

    Collection.objects.filter(name=IDEA_IMAGE_COLLECTION).delete()
    image = get_image_model().objects.get(pk=upload(resident).pk)
    assert image.collection.name == IDEA_IMAGE_COLLECTION
    assert image.collection.get_parent() == Collection.get_first_root_node()


def test_a_file_store_that_is_down_is_reported_next_to_the_image(resident, monkeypatch):
    def store_down(*args, **kwargs):
        raise StorageUnavailable("Verbindung abgelehnt")

    monkeypatch.setattr(images, "store_image", store_down)
    error = error_of(idea_services.store_idea_image, SimpleUploadedFile("foto.png", png_bytes()), "PNG", resident)
    assert (str(error), error.field) == (str(STORAGE_UNAVAILABLE_MESSAGE), "image")
    assert error.__cause__ is None and error.__suppress_context__
