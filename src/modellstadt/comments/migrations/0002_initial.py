# The comment model (its relations) moves here from the former participation app with its tables (Meta.db_table):
# state only, nothing in the database changes but the content types' app label.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('participation', '0003_idea_list_partial_indexes'),
        ('comments', '0001_initial'),
        ('ideas', '0001_initial'),
        ('news', '0002_initial'),
        ('projects', '0002_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='comment',
                    name='idea',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='ideas.idea'),
                ),
                migrations.AddField(
                    model_name='comment',
                    name='news_post',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='participation_comments', to='news.newspostpage'),
                ),
                migrations.AddField(
                    model_name='comment',
                    name='parent',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='comments.comment', verbose_name='Antwort auf'),
                ),
                migrations.AddField(
                    model_name='comment',
                    name='project',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='participation_comments', to='projects.projectpage'),
                ),
                migrations.AddIndex(
                    model_name='comment',
                    index=models.Index(condition=models.Q(('idea__isnull', False)), fields=['idea', 'created'], name='comment_idea_idx'),
                ),
                migrations.AddIndex(
                    model_name='comment',
                    index=models.Index(condition=models.Q(('project__isnull', False)), fields=['project', 'created'], name='comment_project_idx'),
                ),
                migrations.AddIndex(
                    model_name='comment',
                    index=models.Index(condition=models.Q(('news_post__isnull', False)), fields=['news_post', 'created'], name='comment_news_idx'),
                ),
                migrations.AddIndex(
                    model_name='comment',
                    index=models.Index(condition=models.Q(('moderation', 'pending')), fields=['created'], name='comment_pending_idx'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('idea__isnull', False), ('news_post__isnull', True), ('project__isnull', True)), models.Q(('idea__isnull', True), ('news_post__isnull', True), ('project__isnull', False)), models.Q(('idea__isnull', True), ('news_post__isnull', False), ('project__isnull', True)), _connector='OR'), name='comment_exactly_one_target'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(('depth__lt', 3)), name='comment_depth_limit'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('depth', 0), ('parent__isnull', True)), models.Q(('depth__gt', 0), ('parent__isnull', False)), _connector='OR'), name='comment_depth_matches_parent'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('guest_email', ''), ('guest_name', '')), ('news_post__isnull', False), _connector='OR'), name='comment_guests_only_on_news'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(('moderation__in', ['published', 'pending', 'hidden'])), name='comment_moderation_valid'),
                ),
                migrations.AddConstraint(
                    model_name='comment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('moderation', 'hidden'), _negated=True), models.Q(('hidden_reason', ''), _negated=True), _connector='OR'), name='comment_hidden_has_reason'),
                ),
            ],
            database_operations=[],
        ),
    ]
