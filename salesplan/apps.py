"""The project package as an app: shared template tags, middleware and the language switch."""

from django.apps import AppConfig


class SalesplanConfig(AppConfig):
    name = "salesplan"
    verbose_name = "salesplan"

    def ready(self):
        from salesplan import audit  # noqa: F401 - connects the login records
