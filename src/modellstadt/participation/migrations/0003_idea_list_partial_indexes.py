"""The idea list indexes become partial (published, not withdrawn ideas only): the public lists sort
on them and their pagination COUNT becomes an index-only scan instead of reading every idea row."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0002_follows_notifications'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='idea',
            name='idea_newest_idx',
        ),
        migrations.RemoveIndex(
            model_name='idea',
            name='idea_supports_idx',
        ),
        migrations.RemoveIndex(
            model_name='idea',
            name='idea_comments_idx',
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
    ]
