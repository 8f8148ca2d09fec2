# Follows, notifications and notification settings move here from the former participation app with its tables (Meta.db_table):
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
                    name='Follow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Gefolgt seit')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL, verbose_name='Konto')),
                    ],
                    options={
                        'verbose_name': 'Folgen',
                        'verbose_name_plural': 'Folgen',
                        'db_table': 'participation_follow',
                        'ordering': ['-created', '-id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='follow_target_idx')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'content_type', 'object_id'), name='unique_follow_per_user')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('project_update', 'Neue Statusmeldung eines Projekts'), ('idea_answer', 'Antwort des Programmbüros'), ('idea_state', 'Neuer Stand einer Idee'), ('comment_reply', 'Antwort auf Ihren Kommentar'), ('idea_comment', 'Kommentar zu Ihrer Idee')], max_length=20, verbose_name='Art')),
                        ('title', models.CharField(max_length=300, verbose_name='Titel')),
                        ('url', models.CharField(blank=True, max_length=500, verbose_name='Adresse')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Zeitpunkt')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='Gelesen am')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='Per E-Mail gesendet am')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='Konto')),
                    ],
                    options={
                        'verbose_name': 'Benachrichtigung',
                        'verbose_name_plural': 'Benachrichtigungen',
                        'db_table': 'participation_notification',
                        'ordering': ['-created', '-id'],
                        'indexes': [models.Index(fields=['user', '-created', '-id'], name='notification_user_idx'), models.Index(condition=models.Q(('read_at__isnull', True)), fields=['user'], name='notification_unread_idx'), models.Index(condition=models.Q(('emailed_at__isnull', True)), fields=['created'], name='notification_unsent_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['project_update', 'idea_answer', 'idea_state', 'comment_reply', 'idea_comment'])), name='notification_kind_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email_frequency', models.CharField(choices=[('sofort', 'sofort'), ('taeglich', 'täglich (eine Zusammenfassung am Tag)'), ('nie', 'nie')], default='sofort', max_length=10, verbose_name='E-Mails zu Benachrichtigungen')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='Geändert am')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_settings', to=settings.AUTH_USER_MODEL, verbose_name='Konto')),
                    ],
                    options={
                        'verbose_name': 'Benachrichtigungseinstellungen',
                        'verbose_name_plural': 'Benachrichtigungseinstellungen',
                        'db_table': 'participation_notificationsettings',
                        'constraints': [models.CheckConstraint(condition=models.Q(('email_frequency__in', ['sofort', 'taeglich', 'nie'])), name='notification_frequency_valid')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('participation', 'notifications', ['Follow', 'Notification', 'NotificationSettings']),
    ]
