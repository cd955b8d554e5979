"""The header's bell: the signed-in person's unread notifications."""

from django.utils.functional import SimpleLazyObject

from customers.models import Notification


def unread_notifications(request) -> dict:
    """`unread_notifications`: one COUNT, run only when a page's header shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
