"""The medical access log: its chain head, and triggers that refuse changes to it."""

from django.db import migrations

from poortwachter.audit.chain import GENESIS
from poortwachter.audit.db import install_append_only_triggers


def install(apps, schema_editor):
    if schema_editor.connection.alias != "medical":
        return
    apps.get_model("medical", "MedicalChainHead").objects.using("medical").get_or_create(
        pk=1, defaults={"last_seq": 0, "last_hash": GENESIS}
    )
    # The table as it was then; 0004 (the sealer) reinstalls the triggers for today's.
    install_append_only_triggers(
        schema_editor.connection, ("medical_medicalaccessevent",), sealed=()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("medical", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
