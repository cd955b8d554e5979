"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from unittest import mock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from salesplan.env import env_bool, env_int, env_list, env_str

GOOD_SECRET = "x" * 30 + "-a-long-enough-production-secret"


class EnvHelperTests(SimpleTestCase):
    def test_env_bool_reads_the_usual_spellings(self):
        for raw, expected in (("1", True), ("yes", True), (" TRUE ", True), ("0", False)):
            with self.subTest(raw=raw), mock.patch.dict(os.environ, {"X": raw}):
                self.assertIs(env_bool("X", not expected), expected)

    def test_env_bool_refuses_anything_else(self):
        with (
            mock.patch.dict(os.environ, {"X": "maybe"}),
            self.assertRaisesMessage(ImproperlyConfigured, "X='maybe' is not a boolean"),
        ):
            env_bool("X", False)

    def test_env_int_refuses_words(self):
        with (
            mock.patch.dict(os.environ, {"X": "ten"}),
            self.assertRaisesMessage(ImproperlyConfigured, "X='ten' is not an integer."),
        ):
            env_int("X", 10)

    def test_env_int_reads_numbers_and_falls_back_to_the_default(self):
        with mock.patch.dict(os.environ, {"X": "42"}):
            self.assertEqual(env_int("X", 10), 42)
        with mock.patch.dict(os.environ, clear=True):
            self.assertEqual(env_int("X", 10), 10)

    def test_env_str_without_a_default_requires_the_variable(self):
        with (
            mock.patch.dict(os.environ, clear=True),
            self.assertRaisesMessage(ImproperlyConfigured, "X is required"),
        ):
            env_str("X")

    def test_env_list_splits_on_commas_and_drops_blanks(self):
        with mock.patch.dict(os.environ, {"X": " a.example, ,b.example "}):
            self.assertEqual(env_list("X", []), ["a.example", "b.example"])


def import_settings(**env):
    """Import the settings in a fresh interpreter with exactly these variables set."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", "import salesplan.settings"],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


class SettingsImportTests(SimpleTestCase):
    def test_production_without_a_secret_key_fails_loudly(self):
        result = import_settings(DEBUG="0")

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_production_with_a_short_secret_key_fails_loudly(self):
        result = import_settings(DEBUG="0", SECRET_KEY="short")

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set to 50 or more random characters", result.stderr)

    def test_a_bad_debug_value_fails_loudly(self):
        result = import_settings(DEBUG="maybe")

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG='maybe' is not a boolean", result.stderr)

    def test_production_with_a_real_secret_key_imports(self):
        result = import_settings(DEBUG="0", SECRET_KEY=GOOD_SECRET)

        self.assertEqual(result.returncode, 0, result.stderr)
