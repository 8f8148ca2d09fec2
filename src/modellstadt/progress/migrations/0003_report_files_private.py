# Council report files move from the public media folder to private storage: a frozen report is
# not public until the office publishes it, and /media/ is served to anyone.

import modellstadt.progress.storage
from django.conf import settings
from django.db import migrations, models


def move_files_to_private_storage(apps, schema_editor):
    from django.core.files.storage import default_storage

    from modellstadt.progress.storage import report_storage

    CouncilReport = apps.get_model("progress", "CouncilReport")
    for report in CouncilReport.objects.exclude(docx_file="", pdf_file="").only("docx_file", "pdf_file"):
        for name in (report.docx_file.name, report.pdf_file.name):
            if not name or report_storage.exists(name) or not default_storage.exists(name):
                continue
            with default_storage.open(name, "rb") as handle:
                stored = report_storage.save(name, handle)
            if stored == name:
                default_storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0002_smart_city_areas'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='councilreport',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Veröffentlicht am'),
        ),
        migrations.AlterField(
            model_name='councilreport',
            name='docx_file',
            field=models.FileField(blank=True, editable=False, storage=modellstadt.progress.storage.PrivateReportStorage(), upload_to='berichte/'),
        ),
        migrations.AlterField(
            model_name='councilreport',
            name='pdf_file',
            field=models.FileField(blank=True, editable=False, storage=modellstadt.progress.storage.PrivateReportStorage(), upload_to='berichte/'),
        ),
        migrations.AddConstraint(
            model_name='councilreport',
            constraint=models.CheckConstraint(condition=models.Q(('published_at__isnull', True), ('state', 'frozen'), _connector='OR'), name='report_published_only_frozen'),
        ),
        migrations.RunPython(move_files_to_private_storage, migrations.RunPython.noop),
    ]
