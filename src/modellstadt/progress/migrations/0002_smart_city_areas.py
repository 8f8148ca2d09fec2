"""The five areas of Bitkom's Smart City Index with a starting set of criteria written by the Modellstadt
team (Bitkom's own indicator list is not copied). The office edits and extends them in the back office."""

from django.db import migrations

from modellstadt.progress.criteria import AREAS


def create(apps, schema_editor):
    Area = apps.get_model("progress", "SmartCityArea")
    Criterion = apps.get_model("progress", "AssessmentCriterion")
    for order, (key, name, criteria) in enumerate(AREAS, start=1):
        area, created = Area.objects.get_or_create(key=key, defaults={"name": name, "order": order})
        if created:
            for sort, (title, guidance) in enumerate(criteria):
                Criterion.objects.create(area=area, title=title, guidance=guidance, sort_order=sort)


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
