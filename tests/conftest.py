"""Test-wide settings: fast password hashing, a plain static storage, and plans' PDFs printed
while the request waits (the tests of background prints set PDF_BACKGROUND_ABOVE themselves)."""


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PDF_BACKGROUND_ABOVE = 10**9
