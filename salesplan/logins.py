"""Failed sign-ins: which address a request comes from, whom a lockout stops, how an address
that keeps failing is slowed.

- **The client's address** comes from the proxy's X-Forwarded-For only when the deployment says
  how many proxies it trusts (`TRUSTED_PROXY_COUNT`); django-ipware reads the header. With no
  trusted proxy, or a header of the wrong shape (a client adding its own entries), the address
  is the connection's. django-axes, the audit log and the slow-down below all use this one
  function.
- **A lockout** (django-axes) stops one user name from one address: ten failures for invented
  names lock out those names, not the colleagues who share the office's proxy.
- **An address that fails often** (`LOGIN_SLOW_AFTER` failures within the lockout period, any
  user names) is answered 429 after a pause on every further failure. A right password from
  the same address still signs in at once.
"""

import time
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from ipware.ip import get_client_ip


def client_address(request) -> str:
    """The address a request comes from, as far as the trusted proxies say."""
    connection = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return connection
    # The nearest proxy is the connection; the header lists the client and the proxies before
    # it. Strict: a header with more entries than that (a forged one in front) is not believed.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=True,
    )
    return address or connection


def address_failures(address: str) -> int:
    """Failed sign-ins from `address` within the lockout period, whatever the user names."""
    since = timezone.now() - timedelta(seconds=settings.AXES_COOLOFF_TIME.total_seconds())
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class LoginView(auth_views.LoginView):
    """Django's sign-in page, slowed for an address that fails too often."""

    redirect_authenticated_user = True

    def form_invalid(self, form):
        failures = address_failures(client_address(self.request))
        if failures <= settings.LOGIN_SLOW_AFTER:  # this failure counted
            return super().form_invalid(form)
        pause = settings.LOGIN_SLOW_SECONDS
        time.sleep(pause)
        form.add_error(
            None,
            _("Too many failed sign-ins from your network: wait a few seconds between attempts."),
        )
        response = super().form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(max(int(pause), 1))
        return response
