"""The second factor's secrets sealed at rest (core.secrets_at_rest): the TOTP secrets and
recovery-code seeds allauth stored in the clear until now. Reversible: going back opens
them again, since the code before this stored them in the clear."""

from django.db import migrations

from poortwachter.core.secrets_at_rest import is_sealed, seal, unseal

FIELDS = ("secret", "seed")


def _each(apps, schema_editor, change):
    authenticator = apps.get_model("mfa", "Authenticator")
    rows = authenticator.objects.using(schema_editor.connection.alias)
    for row in rows.filter(type__in=["totp", "recovery_codes"]):
        data = dict(row.data)
        for field in FIELDS:
            if isinstance(data.get(field), str):
                data[field] = change(data[field])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
        if data != row.data:
            row.data = data
            row.save(update_fields=["data"])


def forwards(apps, schema_editor):
    _each(apps, schema_editor, lambda value: value if is_sealed(value) else seal(value))


def backwards(apps, schema_editor):
    _each(apps, schema_editor, unseal)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_separation_of_duties"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
