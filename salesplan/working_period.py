"""The year of the plan a person is working on: the customer pages open it by default.

Plans are planning's, and the customers app may not import planning (ARCHITECTURE.md), so planning
hands its resolver here when it starts (`PlanningConfig.ready`) and the customer pages and the
navigation ask here. Without a resolver nobody has a working plan, and the pages fall back to
their own default period.
"""

from collections.abc import Callable

Resolver = Callable[[object], int | None]

_resolvers: list[Resolver] = []


def register(resolver: Resolver) -> None:
    """Called once by the app that owns plans; a second call replaces the first."""
    _resolvers[:] = [resolver]


def working_year(request) -> int | None:
    """The year of the signed-in person's working plan, asked once per request."""
    if not hasattr(request, "_working_year"):
        user = getattr(request, "user", None)
        known = _resolvers and user is not None and user.is_authenticated
        request._working_year = _resolvers[0](user) if known else None
    return request._working_year
