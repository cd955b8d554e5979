"""Production settings pass Django's deployment checks, and the dependency audit tells a skip
from a pass (issue 9, item 1)."""

import json
import os
import secrets
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

AUDIT_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "audit_dependencies.py"


def production_env(**extra) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "plans.example.com",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        **extra,
    }


class DeployCheckTests(SimpleTestCase):
    def test_production_settings_give_no_deployment_warning(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
            cwd=settings.BASE_DIR,
            env=production_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )

        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues (0 silenced).", result.stdout)

    def test_the_content_security_policy_allows_no_inline_script_or_style(self):
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]

        for name in ("script-src", "style-src", "default-src"):
            with self.subTest(directive=name):
                self.assertNotIn("'unsafe-inline'", directives[name])
                self.assertNotIn("'unsafe-eval'", directives[name])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])


def fake_pip_audit(folder: Path, report: dict) -> str:
    """A stand-in for pip-audit that prints `report` as its JSON."""
    path = folder / "pip-audit"
    path.write_text(f"#!{sys.executable}\nprint({json.dumps(json.dumps(report))})\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


class DependencyAuditTests(SimpleTestCase):
    """The audit step never turns "nothing could be audited" into a green result."""

    def audit(self, report: dict) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory() as folder:
            pip_audit = fake_pip_audit(Path(folder), report)
            return subprocess.run(
                [sys.executable, str(AUDIT_SCRIPT), "--pip-audit", pip_audit],
                capture_output=True,
                text=True,
                timeout=60,
            )

    def test_nothing_audited_is_reported_as_skipped_not_as_clean(self):
        unreachable = "Dependency not found on PyPI and could not be audited: django (5.2.19)"
        result = self.audit(
            {"dependencies": [{"name": "django", "version": "5.2.19", "skip_reason": unreachable}]}
        )

        self.assertEqual(result.returncode, 0)
        self.assertIn("skipped: no vulnerability database reachable", result.stdout)
        self.assertNotIn("0 known vulnerabilities", result.stdout)

    def test_a_known_vulnerability_fails_the_step(self):
        vulnerable = {
            "name": "django",
            "version": "5.2.0",
            "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.8"]}],
        }
        result = self.audit({"dependencies": [vulnerable]})

        self.assertEqual(result.returncode, 1)
        self.assertIn("VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in: 5.2.8)", result.stdout)

    def test_audited_packages_without_vulnerabilities_pass_with_their_counts(self):
        result = self.audit(
            {
                "dependencies": [
                    {"name": "django", "version": "5.2.19", "vulns": []},
                    {"name": "private", "version": "1.0", "skip_reason": "not on PyPI"},
                ]
            }
        )

        self.assertEqual(result.returncode, 0)
        self.assertIn("1 locked packages audited, 1 could not be audited, 0 known", result.stdout)
