"""Production settings: `check --deploy` is clean, and the hardening is really on."""

import os
import secrets
import subprocess
import sys
import textwrap


def _run(code: str, **env):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "poortwachter.config.settings.production",
        "SECRET_KEY": "x" * 60 + "-deploy-check-only-Q7v!",
        "POORTWACHTER_ALLOWED_HOSTS": "verzuim.example.nl",
        **env,
    }
    environment.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip


_CHECK_DEPLOY = """
    import django
    from django.core.management import call_command
    django.setup()
    call_command("check", "--deploy", "--fail-level", "WARNING")
    """


def test_check_deploy_is_clean(tmp_path):
    result = _run(_CHECK_DEPLOY, POORTWACHTER_AUDIT_CHECKPOINT_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr + result.stdout


def test_check_deploy_warns_when_the_audit_checkpoints_stay_in_the_database(tmp_path):
    """Issue 21 / SECURITY.md G10: checkpoints belong off the database host."""
    unset = _run(_CHECK_DEPLOY, POORTWACHTER_AUDIT_CHECKPOINT_DIR="")
    assert unset.returncode != 0
    assert "audit.W001" in unset.stderr + unset.stdout
    missing = _run(_CHECK_DEPLOY, POORTWACHTER_AUDIT_CHECKPOINT_DIR=str(tmp_path / "absent"))
    assert missing.returncode != 0
    assert "audit.E001" in missing.stderr + missing.stdout


def test_production_hardening_values():
    result = _run(
        """
        import django
        from django.conf import settings as s
        django.setup()
        assert s.DEBUG is False
        assert s.SESSION_COOKIE_NAME.startswith("__Host-") and s.SESSION_COOKIE_SECURE
        assert s.CSRF_COOKIE_NAME.startswith("__Host-") and s.CSRF_COOKIE_SECURE
        assert s.SECURE_HSTS_SECONDS >= 31536000 and s.SECURE_HSTS_INCLUDE_SUBDOMAINS
        assert s.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        assert "django.contrib.admin" not in s.INSTALLED_APPS
        print("ok")
        """
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("import django; django.setup()", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("f" * 64 + "-from-file")
    result = _run(
        "import django; from django.conf import settings as s; django.setup(); print(s.SECRET_KEY)",
        SECRET_KEY="", SECRET_KEY_FILE=str(key_file),
    )  # fmt: skip
    assert result.stdout.strip() == "f" * 64 + "-from-file", result.stderr


def test_earlier_secret_keys_are_fallbacks_after_a_rotation():
    """A secret sealed at rest (TOTP, webhooks: core.secrets_at_rest) under the old key
    still opens after a rotation that lists the old key in ``SECRET_KEY_FALLBACKS``."""
    old_key, new_key = secrets.token_urlsafe(50), secrets.token_urlsafe(50)
    setup = "import django; django.setup(); from poortwachter.core import secrets_at_rest as s\n"
    sealed = _run(setup + "print(s.seal('geheim'))", SECRET_KEY=old_key).stdout.strip()
    opened = _run(
        setup + f"print(s.unseal({sealed!r}))",
        SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=f"{old_key},{secrets.token_urlsafe(50)}",
    )  # fmt: skip
    assert opened.stdout.strip() == "geheim", opened.stderr
    refused = _run(setup + f"print(s.unseal({sealed!r}))", SECRET_KEY=new_key)
    assert "SecretUnreadable" in refused.stderr


def test_collectstatic_builds_the_manifest_production_serves(tmp_path):
    """Production serves hashed static files from whitenoise's manifest; a vendored file
    that points at a missing file (a source map) makes collectstatic, and so every page
    that links a static file, fail."""
    result = _run(
        """
        import django
        from django.core.management import call_command
        from django.contrib.staticfiles.storage import staticfiles_storage
        django.setup()
        call_command("collectstatic", "--noinput", "-v", "0")
        print(staticfiles_storage.url("vendor/chartjs/chart.umd.min.js"))
        """,
        POORTWACHTER_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    url = result.stdout.strip()
    assert url.startswith("/static/vendor/chartjs/chart.umd.min."), url
    assert url.endswith(".js"), url
    assert url != "/static/vendor/chartjs/chart.umd.min.js"  # hashed name from the manifest


def test_production_has_no_development_tools():
    """The demo, the synthetic generator and the command that prints second-factor codes
    are development tools: production settings do not install them (issue 14)."""
    result = _run(
        """
        import django
        from django.conf import settings as s
        from django.core.management import get_commands
        django.setup()
        assert "poortwachter.devtools" not in s.INSTALLED_APPS
        commands = get_commands()
        print(sorted({"demo", "seed", "totp"} & set(commands)), "check-text" in commands)
        """
    )
    assert result.stdout.strip() == "[] True", result.stderr
