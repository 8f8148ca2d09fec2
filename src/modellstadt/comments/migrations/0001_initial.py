# The comment model moves here from the former participation app with its tables (Meta.db_table):
# state only, nothing in the database changes but the content types' app label.

import django.db.models.deletion
import django.utils.timezone
import modellstadt.ideas.models
from django.conf import settings
from django.db import migrations, models

from modellstadt.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('participation', '0003_idea_list_partial_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('depth', models.PositiveSmallIntegerField(default=0, verbose_name='Tiefe')),
                        ('guest_name', models.CharField(blank=True, max_length=100, verbose_name='Name (Gast)')),
                        ('guest_email', models.EmailField(blank=True, max_length=254, verbose_name='E-Mail-Adresse (Gast, nicht öffentlich)')),
                        ('text', models.TextField(verbose_name='Kommentar')),
                        ('moderation', models.CharField(choices=[('published', 'Veröffentlicht'), ('pending', 'Wartet auf Freigabe'), ('hidden', 'Ausgeblendet')], default='published', max_length=16, verbose_name='Moderation')),
                        ('hidden_reason', models.TextField(blank=True, verbose_name='Grund für das Ausblenden')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='Geschrieben am')),
                        ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='Bearbeitet am')),
                        ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='Gelöscht am')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='participation_comments', to=settings.AUTH_USER_MODEL, verbose_name='Verfasst von')),
                    ],
                    options={
                        'verbose_name': 'Kommentar',
                        'verbose_name_plural': 'Kommentare',
                        'db_table': 'participation_comment',
                        'ordering': ['created', 'id'],
                    },
                    bases=(modellstadt.ideas.models.ModeratedMixin, models.Model),
                ),
            ],
            database_operations=[],
        ),
        move_content_types('participation', 'comments', ['Comment']),
    ]
