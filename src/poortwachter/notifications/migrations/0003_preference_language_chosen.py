"""Whether the user chose the language of their e-mails on the preferences page; until
then the e-mails follow the language picked in the header (issue 19). A preference saved
before this migration keeps its language: the rows get True, new rows False."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_consultation_no_show"),
    ]

    operations = [
        migrations.AddField(
            model_name="preference",
            name="language_chosen",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="preference",
            name="language_chosen",
            field=models.BooleanField(default=False),
        ),
    ]
