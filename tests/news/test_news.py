import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests import factories


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.mark.django_db
def test_news_list_is_newest_first_and_post_shows_info_box(client, portal):
    old = factories.news_post(title="Absichtserklärung unterzeichnet",
                              date=timezone.make_aware(datetime.datetime(2016, 12, 5, 12)))
    final = factories.news_post(
        title="Wolfsburg im Finale",
        date=timezone.make_aware(datetime.datetime(2017, 6, 1, 10)),
        info=[("Wettbewerb Digitale Stadt", "https://www.bitkom.org/")],
    )
    response = client.get("/aktuelles/")
    assert [p.title for p in response.context["page_obj"]] == [final.title, old.title]
    html = client.get(final.url).content.decode()
    assert 'class="info-box"' in html and 'href="https://www.bitkom.org/"' in html
    assert "1. Juni 2017" in html


@pytest.mark.django_db
def test_atom_feed_is_valid_xml_with_entries(client, portal):
    factories.news_post(title="Erste Nachricht")
    response = client.get("/aktuelles/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == ["Erste Nachricht"]


@pytest.mark.django_db
def test_image_requires_alt_text(portal):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Foto", file=get_test_image_file())
    post = factories.news_post()
    post.image = image
    post.image_alt = " "
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert error.value.message_dict["image_alt"] == ["Bitte einen Alternativtext für das Bild angeben."]
