"""The pre-submit checks: a registry of named checks that later features add to."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from planning.models import Plan


@dataclass(frozen=True)
class CheckFailure:
    check: str
    message: str | Promise
    fix_url: str


CheckFunction = Callable[[Plan], Iterable[CheckFailure]]
_REGISTRY: dict[str, tuple[Promise, CheckFunction]] = {}


def register(name: str, label: Promise) -> Callable[[CheckFunction], CheckFunction]:
    def decorator(function: CheckFunction) -> CheckFunction:
        _REGISTRY[name] = (label, function)
        return function

    return decorator


def registered_checks() -> list[tuple[str, Promise]]:
    return [(name, label) for name, (label, _function) in _REGISTRY.items()]


def run_checks(plan: Plan) -> list[CheckFailure]:
    failures: list[CheckFailure] = []
    for _label, function in _REGISTRY.values():
        failures.extend(function(plan))
    return failures


@register("summary_filled", _("The summary is filled in"))
def check_summary_filled(plan: Plan) -> Iterable[CheckFailure]:
    if not plan.strategy_changes.strip():
        yield CheckFailure(
            "summary_filled",
            _("The summary's major marketing-strategy changes are empty."),
            reverse("plan_summary_edit", args=[plan.pk]),
        )
