"""``poortwachter restore-test [--database default|medical|all] [--backup FILE] [--keep]
[--output DIR] [--scratch-url URL] [--json]``: take a backup (or take an existing one),
restore it into a scratch database, and compare every table with the source: rows and a
checksum of the content. Exit 1 on any difference or missing table.

See ``poortwachter.operations.backups`` for how the checksums are made and why the source is
only read.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from poortwachter.operations.backups import RestoreTestError, RestoreTestResult, restore_test


class Command(BaseCommand):
    help = (
        "Back up a database (PostgreSQL: pg_dump -Fc; SQLite: the backup API) or take an "
        "existing backup, restore it into a scratch database, and compare row counts and "
        "checksums of every table with the source. Exit 1 on any difference. The scratch "
        "database is dropped afterwards unless --keep is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default="all",
            help="Database alias to test: default, medical or all (default: all).",
        )  # fmt: skip
        parser.add_argument(
            "--backup", type=Path, default=None,
            help="Verify this existing backup (a PostgreSQL custom-format dump or an SQLite "
                 "file) against the source as it is now, instead of taking one. Needs one "
                 "--database.",
        )  # fmt: skip
        parser.add_argument(
            "--output", type=Path, default=None,
            help="Keep the backup taken here, in this directory (default: a temporary file "
                 "that is removed).",
        )  # fmt: skip
        parser.add_argument(
            "--scratch-url", dest="scratch_url", default=None,
            help="PostgreSQL only: create the scratch database on this server (a URL to a "
                 "database there, e.g. postgres://restore@backup-host/postgres) instead of "
                 "beside the source.",
        )  # fmt: skip
        parser.add_argument(
            "--keep", action="store_true",
            help="Keep the scratch database or file and print its name.",
        )  # fmt: skip
        parser.add_argument("--json", dest="as_json", action="store_true", help="JSON output.")

    def handle(self, *args, database, backup, output, scratch_url, keep, as_json, **options):
        aliases = list(settings.DATABASES) if database == "all" else [database]
        unknown = [alias for alias in aliases if alias not in settings.DATABASES]
        if unknown:
            raise CommandError(f"Unknown database alias: {', '.join(unknown)}.")
        if backup is not None and len(aliases) != 1:
            raise CommandError("--backup needs one --database (default or medical).")
        if backup is not None and not backup.is_file():
            raise CommandError(f"Backup file {backup} does not exist.")
        if output is not None and not output.is_dir():
            raise CommandError(f"Directory {output} does not exist.")
        results: list[RestoreTestResult] = []
        for alias in aliases:
            try:
                result = restore_test(
                    alias, backup=backup, keep=keep, output_dir=output, scratch_url=scratch_url
                )
            except RestoreTestError as error:
                raise CommandError(f"{alias}: {error}") from None
            results.append(result)
        ok = all(result.ok for result in results)
        if as_json:
            self.stdout.write(
                json.dumps({"ok": ok, "databases": [r.as_json() for r in results]}, indent=1)
            )
            if not ok:
                raise SystemExit(1)
            return
        for result in results:
            self._report(result)
        if not ok:
            failed = [f"{r.alias}: {', '.join(self._problems(r))}" for r in results if not r.ok]
            raise CommandError("Restore test FAILED. " + "; ".join(failed))
        self.stdout.write("Restore test passed.")

    @staticmethod
    def _problems(result: RestoreTestResult) -> list[str]:
        problems = [t.table for t in result.tables if not t.ok]
        if result.integrity != "ok":
            problems.append(f"integrity check ({result.integrity})")
        return problems or ["no tables found"]

    def _report(self, result: RestoreTestResult) -> None:
        write = self.stdout.write
        origin = "backup taken" if result.backup_taken else "existing backup"
        write(
            f"{result.alias} ({result.vendor}): {origin} {result.backup} "
            f"({result.backup_bytes / 1024:,.0f} KiB), restored into {result.scratch}"
            + (" (kept)" if result.kept else "")
        )
        for note in result.notes:
            write(f"  note: {note}")
        if result.integrity != "ok":
            write(f"  INTEGRITY CHECK FAILED: {result.integrity}")
        width = max([len(t.table) for t in result.tables] + [5])
        write(f"  {'table':{width}}  {'rows':>10}  checksum")
        for check in result.tables:
            if check.source is not None and check.restored is not None:
                rows = f"{check.source.rows:,}"
                if check.source.rows != check.restored.rows:
                    rows = f"{check.source.rows:,} / {check.restored.rows:,}"
            else:
                only = check.source or check.restored
                rows = f"{only.rows:,}" if only is not None else "-"
            verdict = {
                "ok": "ok",
                "mismatch": "MISMATCH",
                "missing": "MISSING in the restored copy",
                "extra": "EXTRA in the restored copy",
            }[check.status]
            write(f"  {check.table:{width}}  {rows:>10}  {verdict}")
        timings = ", ".join(f"{name} {value:.2f} s" for name, value in result.seconds.items())
        problems = sum(1 for t in result.tables if not t.ok)
        write(
            f"{result.alias}: {len(result.tables)} tables, {result.rows:,} rows, "
            + ("all match" if result.ok else f"{problems} differ")
            + f" ({timings}).\n"
        )
