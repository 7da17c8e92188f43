"""Deployment checks of the access log (``check --deploy``; the security report runs them
too): without a checkpoint directory off the database host, whoever can rewrite the
database can also rewrite the chain and its checkpoints unseen (issue 21, SECURITY.md G10)."""

import os

from django.core import checks

from poortwachter.audit import checkpoints

W001 = "audit.W001"
E001 = "audit.E001"


@checks.register(checks.Tags.security, deploy=True)
def checkpoint_directory(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    where = checkpoints.directory()
    if where is None:
        return [
            checks.Warning(
                "POORTWACHTER_AUDIT_CHECKPOINT_DIR is not set: the access log's checkpoints "
                "stay in the database, so an edit by someone who can rewrite the database "
                "cannot be detected.",
                hint="Point it at a directory on storage the database host cannot rewrite "
                "(docs/operations.md, 'Access log and retention').",
                id=W001,
            )
        ]
    if not where.is_dir() or not os.access(where, os.W_OK | os.X_OK):
        return [
            checks.Error(
                f"POORTWACHTER_AUDIT_CHECKPOINT_DIR ({where}) is not a directory this "
                "process can write to: the sealer cannot record its checkpoints.",
                id=E001,
            )
        ]
    return []
