"""The person's own notifications: the list, opening one, marking all read, and the settings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers.models import Notification
from planning.notifications.forms import NotificationSettingsForm
from salesplan.audit import get_in_reach_or_404
from salesplan.converters import parse_id, query_value

PAGE_SIZE = 25


def notifications_for_user(user):
    """Each person sees only their own notifications."""
    return Notification.objects.filter(recipient=user)


@require_GET
def notification_list(request):
    page_number = query_value(request, "page", parse_id) or 1
    notifications = notifications_for_user(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(page_number)
    newest = notifications.order_by("-pk").values_list("pk", flat=True).first()
    return render(request, "notifications/list.html", {"page": page, "newest_id": newest})


@require_POST
def notification_open(request, pk):
    """Mark the notification read and follow its link (a path within the app only). A POST
    (the list's buttons): a GET changes nothing, wherever a link to it is followed from."""
    notification = get_in_reach_or_404(request, notifications_for_user(request.user), pk=pk)
    if request.POST.get("open") != "1":  # what the list's button sends; anything else: 400
        return HttpResponseBadRequest(_("Open the notification from the list."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    url = notification.url
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return redirect(url)
    return redirect("notification_list")


@require_POST
def notification_mark_all_read(request):
    """Mark read what the list showed: the notifications up to the newest one on the page
    (`up_to`), so one that arrives meanwhile stays unread. Without a readable `up_to`, 400."""
    up_to = parse_id(request.POST.get("up_to", ""))
    if up_to is None:
        return HttpResponseBadRequest(_("Open the notifications again and mark them read there."))
    notifications_for_user(request.user).filter(read_at__isnull=True, pk__lte=up_to).update(
        read_at=timezone.now()
    )
    return redirect("notification_list")


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    user = request.user
    initial = {"email": "on" if user.email_notifications else "off"}
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "notifications/settings.html", {"form": form}, status=422)
        user.email_notifications = form.wants_email()
        user.save(update_fields=["email_notifications"])
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})
