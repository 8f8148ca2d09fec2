# LegalPage and EasyLanguagePage now belong to the portal app (portal 0001); their tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('portal', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='EasyLanguagePage'),
                migrations.DeleteModel(name='LegalPage'),
            ],
            database_operations=[],
        ),
    ]
