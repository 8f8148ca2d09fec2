"""Put the images uploaded with ideas into their own collection, so orphans can be found and deleted.

Moves the images that ideas show and the images a failed idea form stored before images were kept
only with their idea (title "Bild zu einer Idee" / "Image for an idea", uploaded by a person, in the
root collection). Historical models have no tree methods, so the collection's materialised path is
computed as django-treebeard does (steps of four characters in base 36)."""

from django.db import migrations

NAME = "Bilder zu Ideen"  # ideas.models.IDEA_IMAGE_COLLECTION at the time of this migration
LEGACY_TITLES = ("Bild zu einer Idee", "Image for an idea")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Image = apps.get_model("wagtailimages", "Image")
    Idea = apps.get_model("ideas", "Idea")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return  # no collections yet: the first upload creates the collection (ideas.services)
    children = Collection.objects.filter(depth=2, path__startswith=root.path)
    collection = children.filter(name=NAME).first()
    if collection is None:
        last = children.order_by("-path").first()
        number = int(last.path[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
        collection = Collection.objects.create(name=NAME, path=root.path + _step(number), depth=2, numchild=0)
        Collection.objects.filter(pk=root.pk).update(numchild=children.count())
    shown = Idea.objects.filter(image__isnull=False).values("image_id")
    Image.objects.filter(pk__in=shown).update(collection=collection)
    Image.objects.filter(
        collection=root, title__in=LEGACY_TITLES, uploaded_by_user__isnull=False
    ).update(collection=collection)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
