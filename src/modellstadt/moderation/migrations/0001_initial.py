# Reports and account blocks move here from the former participation app with its tables (Meta.db_table):
# state only, nothing in the database changes but the content types' app label.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from modellstadt.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('participation', '0003_idea_list_partial_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccountBlock',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='Grund')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Gesperrt am')),
                        ('lifted_at', models.DateTimeField(blank=True, null=True, verbose_name='Aufgehoben am')),
                        ('blocked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Gesperrt von')),
                        ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Aufgehoben von')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='account_blocks', to=settings.AUTH_USER_MODEL, verbose_name='Konto')),
                    ],
                    options={
                        'verbose_name': 'Kontosperre',
                        'verbose_name_plural': 'Kontosperren',
                        'db_table': 'participation_accountblock',
                        'ordering': ['-created', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('lifted_at__isnull', True)), fields=('user',), name='unique_open_block_per_user'), models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='account_block_has_reason')],
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('reason', models.TextField(verbose_name='Grund')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Gemeldet am')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='Erledigt am')),
                        ('resolution', models.CharField(blank=True, choices=[('hidden', 'Ausgeblendet'), ('dismissed', 'Ohne Maßnahme geschlossen')], max_length=16, verbose_name='Ergebnis')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('reporter', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='participation_reports', to=settings.AUTH_USER_MODEL, verbose_name='Gemeldet von')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Erledigt von')),
                    ],
                    options={
                        'verbose_name': 'Meldung',
                        'verbose_name_plural': 'Meldungen',
                        'db_table': 'participation_report',
                        'ordering': ['created', 'id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='report_target_idx'), models.Index(condition=models.Q(('resolved_at__isnull', True)), fields=['created'], name='report_open_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('content_type', 'object_id', 'reporter'), name='unique_open_report_per_person'), models.CheckConstraint(condition=models.Q(models.Q(('resolution', ''), ('resolved_at__isnull', True)), models.Q(('resolved_at__isnull', False), ('resolution__in', ['hidden', 'dismissed'])), _connector='OR'), name='report_resolution_complete')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('participation', 'moderation', ['Report', 'AccountBlock']),
    ]
