"""The plan document: its chapters, lifecycle, review and history."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self):
        from planning.access import working_year
        from salesplan import working_period

        # The customer pages open the period of the plan being written (customers cannot import
        # planning, so planning hands over how to find it).
        working_period.register(working_year)
