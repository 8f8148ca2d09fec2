# Processes, phases, ideas, supports and idea events move here from the former participation app with its tables (Meta.db_table):
# state only, nothing in the database changes but the content types' app label.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
import modellstadt.ideas.models
from django.conf import settings
from django.db import migrations, models

from modellstadt.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('participation', '0003_idea_list_partial_indexes'),
        ('partners', '0002_partner_area'),
        ('projects', '0002_initial'),
        ('strategy', '0001_initial'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Process',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='Titel')),
                        ('slug', models.SlugField(blank=True, help_text='Wird aus dem Titel erzeugt und bleibt danach stabil.', max_length=80, unique=True, verbose_name='Kurzname in der Adresse')),
                        ('description', models.TextField(help_text='Markdown: **fett**, *kursiv*, [Link](https://…), Listen mit „-“, Absätze durch Leerzeile.', verbose_name='Beschreibung')),
                        ('premoderation', models.BooleanField(default=False, help_text='Ideen und Kommentare erscheinen erst, wenn das Programmbüro sie freigegeben hat.', verbose_name='Vorab-Moderation')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='Angelegt am')),
                        ('fields', models.ManyToManyField(blank=True, help_text='Zu welchen Feldern Ideen eingereicht werden können.', related_name='participation_processes', to='strategy.cooperationfieldpage', verbose_name='Kooperationsfelder')),
                    ],
                    options={
                        'verbose_name': 'Beteiligungsverfahren',
                        'verbose_name_plural': 'Beteiligungsverfahren',
                        'db_table': 'participation_process',
                        'ordering': ['-created', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Idea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=150, verbose_name='Titel')),
                        ('description', models.TextField(help_text='Markdown: **fett**, *kursiv*, [Link](https://…), Listen mit „-“, Absätze durch Leerzeile.', verbose_name='Beschreibung')),
                        ('location_label', models.CharField(blank=True, max_length=200, verbose_name='Ort')),
                        ('latitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='Breitengrad')),
                        ('longitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='Längengrad')),
                        ('image_alt', models.CharField(blank=True, max_length=255, verbose_name='Alternativtext des Bildes')),
                        ('state', models.CharField(choices=[('submitted', 'Eingereicht'), ('under_review', 'In Prüfung'), ('accepted', 'Angenommen'), ('not_pursued', 'Nicht weiterverfolgt'), ('implemented', 'Umgesetzt'), ('withdrawn', 'Zurückgezogen')], default='submitted', max_length=16, verbose_name='Stand')),
                        ('answer_text', models.TextField(blank=True, help_text='Markdown: **fett**, *kursiv*, [Link](https://…), Listen mit „-“, Absätze durch Leerzeile.', verbose_name='Antwort des Programmbüros')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='Beantwortet am')),
                        ('support_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='Unterstützungen')),
                        ('comment_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='Kommentare')),
                        ('moderation', models.CharField(choices=[('published', 'Veröffentlicht'), ('pending', 'Wartet auf Freigabe'), ('hidden', 'Ausgeblendet')], default='published', max_length=16, verbose_name='Moderation')),
                        ('hidden_reason', models.TextField(blank=True, verbose_name='Grund für das Ausblenden')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='Eingereicht am')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='Geändert am')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Beantwortet von')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to=settings.AUTH_USER_MODEL, verbose_name='Verfasst von')),
                        ('field', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to='strategy.cooperationfieldpage', verbose_name='Kooperationsfeld')),
                        ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='Bild')),
                        ('organisation', models.ForeignKey(blank=True, help_text='Gesetzt, wenn die Idee von einer Partnerorganisation stammt.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='partners.organisation', verbose_name='Partnerorganisation')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='projects.projectpage', verbose_name='Umsetzendes Projekt')),
                        ('process', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to='ideas.process', verbose_name='Verfahren')),
                    ],
                    options={
                        'verbose_name': 'Idee',
                        'verbose_name_plural': 'Ideen',
                        'db_table': 'participation_idea',
                        'ordering': ['-created', '-id'],
                        'permissions': [('answer_idea', 'Ideen offiziell beantworten'), ('moderate_contributions', 'Ideen und Kommentare moderieren')],
                    },
                    bases=(modellstadt.ideas.models.ModeratedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='Support',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Unterstützt am')),
                        ('idea', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='ideas.idea')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='idea_supports', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'Unterstützung',
                        'verbose_name_plural': 'Unterstützungen',
                        'db_table': 'participation_support',
                    },
                ),
                migrations.CreateModel(
                    name='IdeaEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('submitted', 'Eingereicht'), ('edited', 'Bearbeitet'), ('withdrawn', 'Zurückgezogen'), ('answered', 'Antwort des Programmbüros'), ('released', 'Freigegeben'), ('hidden', 'Ausgeblendet'), ('unhidden', 'Wieder eingeblendet')], max_length=16, verbose_name='Art')),
                        ('state', models.CharField(blank=True, choices=[('submitted', 'Eingereicht'), ('under_review', 'In Prüfung'), ('accepted', 'Angenommen'), ('not_pursued', 'Nicht weiterverfolgt'), ('implemented', 'Umgesetzt'), ('withdrawn', 'Zurückgezogen')], max_length=16, verbose_name='Neuer Stand')),
                        ('text', models.TextField(blank=True, verbose_name='Text')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Zeitpunkt')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('idea', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='ideas.idea')),
                    ],
                    options={
                        'verbose_name': 'Ereignis einer Idee',
                        'verbose_name_plural': 'Ereignisse von Ideen',
                        'db_table': 'participation_ideaevent',
                        'ordering': ['created', 'id'],
                        'indexes': [models.Index(fields=['idea', 'created'], name='idea_event_idea_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['submitted', 'edited', 'withdrawn', 'answered', 'released', 'hidden', 'unhidden'])), name='idea_event_kind_valid'), models.CheckConstraint(condition=models.Q(('state', ''), ('state__in', ['submitted', 'under_review', 'accepted', 'not_pursued', 'implemented', 'withdrawn']), _connector='OR'), name='idea_event_state_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='Phase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('collect', 'Ideen sammeln'), ('evaluate', 'Bewertung'), ('results', 'Ergebnisse')], max_length=16, verbose_name='Art')),
                        ('title', models.CharField(blank=True, help_text='Leer lassen für den Namen der Art.', max_length=200, verbose_name='Titel')),
                        ('starts_at', models.DateTimeField(verbose_name='Beginn')),
                        ('ends_at', models.DateTimeField(verbose_name='Ende')),
                        ('allows_ideas', models.BooleanField(default=False, verbose_name='Ideen einreichen')),
                        ('allows_supports', models.BooleanField(default=False, verbose_name='Ideen unterstützen')),
                        ('allows_comments', models.BooleanField(default=False, verbose_name='Ideen kommentieren')),
                        ('process', modelcluster.fields.ParentalKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='phases', to='ideas.process')),
                    ],
                    options={
                        'verbose_name': 'Phase',
                        'verbose_name_plural': 'Phasen',
                        'db_table': 'participation_phase',
                        'ordering': ['starts_at', 'id'],
                        'indexes': [models.Index(fields=['process', 'starts_at'], name='phase_process_start_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='phase_ends_after_start'), models.CheckConstraint(condition=models.Q(('kind__in', ['collect', 'evaluate', 'results'])), name='phase_kind_valid')],
                    },
                ),
                migrations.AddIndex(
                    model_name='idea',
                    index=models.Index(condition=models.Q(('moderation', 'published'), models.Q(('state', 'withdrawn'), _negated=True)), fields=['-created', '-id'], name='idea_newest_idx'),
                ),
                migrations.AddIndex(
                    model_name='idea',
                    index=models.Index(condition=models.Q(('moderation', 'published'), models.Q(('state', 'withdrawn'), _negated=True)), fields=['-support_count', '-id'], name='idea_supports_idx'),
                ),
                migrations.AddIndex(
                    model_name='idea',
                    index=models.Index(condition=models.Q(('moderation', 'published'), models.Q(('state', 'withdrawn'), _negated=True)), fields=['-comment_count', '-id'], name='idea_comments_idx'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('state__in', ['submitted', 'under_review', 'accepted', 'not_pursued', 'implemented', 'withdrawn'])), name='idea_state_valid'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('moderation__in', ['published', 'pending', 'hidden'])), name='idea_moderation_valid'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('moderation', 'hidden'), _negated=True), models.Q(('hidden_reason', ''), _negated=True), _connector='OR'), name='idea_hidden_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('image__isnull', True), models.Q(('image_alt', ''), _negated=True), _connector='OR'), name='idea_image_has_alt'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__gte', -90), ('latitude__lte', 90), ('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='idea_location_valid'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('project__isnull', True), ('state__in', ('accepted', 'implemented')), _connector='OR'), name='idea_project_when_accepted'),
                ),
                migrations.AddConstraint(
                    model_name='support',
                    constraint=models.UniqueConstraint(fields=('idea', 'user'), name='unique_support_per_user'),
                ),
            ],
            database_operations=[],
        ),
        move_content_types('participation', 'ideas', ['Process', 'Phase', 'Idea', 'Support', 'IdeaEvent']),
    ]
