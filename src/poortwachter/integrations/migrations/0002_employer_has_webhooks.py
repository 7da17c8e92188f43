"""Employers that have an active webhook get ``has_webhooks`` (issue 21): from then on
only their sick reports ask for webhooks."""

from django.db import migrations


def flag(apps, schema_editor):
    Webhook = apps.get_model("integrations", "Webhook")
    Employer = apps.get_model("organisations", "Employer")
    employers = Webhook.objects.filter(active=True).values("employer_id")
    Employer.objects.filter(pk__in=employers).update(has_webhooks=True)


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("organisations", "0004_employer_has_webhooks"),
    ]

    operations = [migrations.RunPython(flag, migrations.RunPython.noop)]
