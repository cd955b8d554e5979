"""The security log: logins, failed logins and refused requests for other regions' objects.

One record per event on the "salesplan.audit" logger (settings.LOGGING sends it to stderr), as
`key=value` pairs: the event, the user, the object, the UTC time and the client address. Never
a password, a session key, a token or an amount: only names and ids go in.
"""

import logging
import re
from datetime import UTC, datetime

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Model, QuerySet
from django.dispatch import receiver
from django.http import Http404

from salesplan.logins import client_address

logger = logging.getLogger("salesplan.audit")

# What a value may hold in a record: a name, a code, an id. Anything else is cut at the first
# other character, so that no typed text (a password pasted into the user name) is written whole.
_SAFE = re.compile(r"[^\w.@+:-]", re.UNICODE)
_MAX = 64


def _clean(value) -> str:
    text = str(value)
    return _SAFE.split(text, maxsplit=1)[0][:_MAX] or "-"


def _who(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return f"{_clean(user.get_username())}#{user.pk}"


def _address(request) -> str:
    if request is None:
        return "-"
    return _clean(client_address(request) or "-")


def record(event: str, *, request=None, user=None, obj: str = "-") -> None:
    """Write one audit record. `obj` names the object as "<model>:<id>"."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    logger.info(
        "event=%s user=%s object=%s at=%s address=%s",
        event,
        _who(user),
        obj,
        at,
        _address(request),
    )


def object_label(model: type[Model], pk) -> str:
    return f"{model._meta.label_lower}:{_clean(pk)}"


def get_in_reach_or_404(request, reachable: QuerySet, **lookup):
    """The object of `reachable` (what the user may see) matching `lookup`, else 404.

    An object that exists but lies outside the user's reach (another region's) answers exactly
    like a missing one, and is recorded as a refused request.
    """
    try:
        return reachable.get(**lookup)
    except reachable.model.DoesNotExist:
        model = reachable.model
        outside = model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
        if outside is not None:
            record("refused", request=request, obj=object_label(model, outside))
        raise Http404(f"No {model._meta.object_name} matches the given query.") from None


@receiver(user_logged_in, dispatch_uid="salesplan.audit.login")
def _logged_in(sender, request, user, **kwargs):
    record("login", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="salesplan.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` holds the typed password: only the user name is taken from it.
    username = credentials.get("username", "") if isinstance(credentials, dict) else ""
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    logger.info(
        "event=login_failed user=%s object=- at=%s address=%s",
        _clean(username),
        at,
        _address(request),
    )
