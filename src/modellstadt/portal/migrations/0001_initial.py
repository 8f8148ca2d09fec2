# The legal and Leichte-Sprache page types move here from core. Their tables stay as they are
# (core_legalpage, core_easylanguagepage); only Django's state and the content types change.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from modellstadt.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EasyLanguagePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('editorial_note', models.TextField(blank=True, help_text='Quelle der Angaben oder Hinweis, dass es sich um eine Annahme handelt.', verbose_name='Redaktioneller Hinweis (nicht öffentlich)')),
                        ('body', models.TextField(help_text='Markdown: **fett**, *kursiv*, [Link](https://…), Listen mit „-“, Absätze durch Leerzeile.', verbose_name='Text in Leichter Sprache')),
                    ],
                    options={
                        'verbose_name': 'Leichte-Sprache-Seite',
                        'db_table': 'core_easylanguagepage',
                    },
                    bases=('wagtailcore.page', models.Model),
                ),
                migrations.CreateModel(
                    name='LegalPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('editorial_note', models.TextField(blank=True, help_text='Quelle der Angaben oder Hinweis, dass es sich um eine Annahme handelt.', verbose_name='Redaktioneller Hinweis (nicht öffentlich)')),
                        ('body', models.TextField(help_text='Markdown: **fett**, *kursiv*, [Link](https://…), Listen mit „-“, Absätze durch Leerzeile.', verbose_name='Inhalt')),
                        ('last_reviewed', models.DateField(blank=True, null=True, verbose_name='Stand')),
                    ],
                    options={
                        'verbose_name': 'Rechtliche Seite',
                        'verbose_name_plural': 'Rechtliche Seiten',
                        'db_table': 'core_legalpage',
                    },
                    bases=('wagtailcore.page', models.Model),
                ),
            ],
            database_operations=[],
        ),
        move_content_types('core', 'portal', ['EasyLanguagePage', 'LegalPage']),
    ]
