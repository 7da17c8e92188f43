"""The webhooks' signing secrets sealed at rest (core.secrets_at_rest): room for the sealed
form, then every secret stored in the clear until now sealed. Reversible."""

from django.db import migrations, models

from poortwachter.core.secrets_at_rest import is_sealed, seal, unseal


def _each(apps, schema_editor, change):
    webhook = apps.get_model("integrations", "Webhook")
    for row in webhook.objects.using(schema_editor.connection.alias).only("secret"):
        changed = change(row.secret)
        if changed != row.secret:
            row.secret = changed
            row.save(update_fields=["secret"])


def forwards(apps, schema_editor):
    _each(apps, schema_editor, lambda value: value if is_sealed(value) else seal(value))


def backwards(apps, schema_editor):
    _each(apps, schema_editor, unseal)


class Migration(migrations.Migration):
    dependencies = [("integrations", "0002_employer_has_webhooks")]

    operations = [
        migrations.AlterField(
            model_name="webhook", name="secret", field=models.CharField(max_length=255)
        ),
        migrations.RunPython(forwards, backwards),
    ]
