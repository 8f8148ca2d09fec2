# Every model of participation now belongs to ideas, comments, moderation or notifications, which
# keep its table. State only: the tables and their rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0003_idea_list_partial_indexes'),
        ('ideas', '0001_initial'),
        ('comments', '0002_initial'),
        ('moderation', '0001_initial'),
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='comment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='idea',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='news_post',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='follow',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='follow',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='answered_by',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='field',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='image',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='process',
                ),
                migrations.RemoveField(
                    model_name='idea',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='support',
                    name='idea',
                ),
                migrations.RemoveField(
                    model_name='ideaevent',
                    name='idea',
                ),
                migrations.RemoveField(
                    model_name='ideaevent',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='notificationsettings',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='phase',
                    name='process',
                ),
                migrations.RemoveField(
                    model_name='process',
                    name='fields',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='reporter',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='resolved_by',
                ),
                migrations.RemoveField(
                    model_name='support',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='AccountBlock',
                ),
                migrations.DeleteModel(
                    name='Comment',
                ),
                migrations.DeleteModel(
                    name='Follow',
                ),
                migrations.DeleteModel(
                    name='Idea',
                ),
                migrations.DeleteModel(
                    name='IdeaEvent',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.DeleteModel(
                    name='NotificationSettings',
                ),
                migrations.DeleteModel(
                    name='Phase',
                ),
                migrations.DeleteModel(
                    name='Process',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
                migrations.DeleteModel(
                    name='Support',
                ),
            ],
            database_operations=[],
        ),
    ]
