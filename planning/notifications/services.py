"""Who is told of what: one function per event, each storing a notification for every recipient
and mailing those who keep mail on, in their own language, once the transaction commits."""

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from customers.models import Notification, Period, Region, User
from planning.models import Comment, Plan

logger = logging.getLogger(__name__)
Kind = Notification.Kind


def reviewers() -> QuerySet[User]:
    return User.objects.filter(role=User.Role.REVIEWER, is_active=True)


def region_managers(region: Region) -> QuerySet[User]:
    """The region's own managers (its memberships), as `customers.access.can_edit_region`."""
    return User.objects.filter(memberships__region=region, role=User.Role.MANAGER, is_active=True)


def language_of(user: User) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in known else settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def tell(
    recipients: QuerySet[User], *, kind: str, url: str, by: User | None = None, **context
) -> list[Notification]:
    """Store `kind`'s notification for each recipient but the actor, and mail it after the
    commit to those with mail on. Subject and text are rendered from
    `templates/notifications/<kind>_subject.txt` and `<kind>.txt` in the recipient's language."""
    if by is not None:
        recipients = recipients.exclude(pk=by.pk)
    notifications, mails = [], []
    for recipient in recipients.distinct().order_by("pk"):
        with translation.override(language_of(recipient)):
            values = {"recipient": recipient, "by": by, **context}
            subject = render_to_string(f"notifications/{kind}_subject.txt", values)
            subject = " ".join(subject.split())[:200]  # one line, whatever the template's layout
            text = render_to_string(f"notifications/{kind}.txt", values).strip()
            notification = Notification(
                recipient=recipient, kind=kind, subject=subject, text=text, url=url
            )
            notifications.append(notification)
            if recipient.email_notifications and recipient.email:
                mails.append(mail_of(notification))
    Notification.objects.bulk_create(notifications)
    if mails:
        transaction.on_commit(lambda: send(mails), robust=True)
    return notifications


def mail_of(notification: Notification) -> EmailMultiAlternatives:
    """The mail of a notification: a plain-text part and an HTML part (autoescaped)."""
    values = {
        "notification": notification,
        "recipient": notification.recipient,
        "link": absolute(notification.url) if notification.url else "",
        "settings_link": absolute(reverse("notification_settings")),
    }
    mail = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email.txt", values),
        to=[notification.recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    mail.attach_alternative(render_to_string("notifications/email.html", values), "text/html")
    return mail


def send(mails: Iterable[EmailMultiAlternatives]) -> int:
    """Send over one connection; a mail server that is down or refuses is logged, never
    raised: the action that caused the mails has already been saved."""
    mails = list(mails)
    try:
        with get_connection() as connection:
            return connection.send_messages(mails) or 0
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send %d notification mail(s)", len(mails))
        return 0


# -- one function per event ------------------------------------------------------------------


def notify_submitted(plan: Plan, by: User) -> list[Notification]:
    return tell(reviewers(), kind=Kind.SUBMITTED, url=plan.get_absolute_url(), by=by, plan=plan)


def notify_approved(plan: Plan, by: User, note: str = "") -> list[Notification]:
    return tell(
        region_managers(plan.region),
        kind=Kind.APPROVED,
        url=plan.get_absolute_url(),
        by=by,
        plan=plan,
        note=note,
    )


def notify_returned(plan: Plan, by: User, reason: str) -> list[Notification]:
    return tell(
        region_managers(plan.region),
        kind=Kind.RETURNED,
        url=plan.get_absolute_url(),
        by=by,
        plan=plan,
        reason=reason,
    )


def notify_reopened(plan: Plan, by: User, reason: str) -> list[Notification]:
    return tell(
        region_managers(plan.region),
        kind=Kind.REOPENED,
        url=plan.get_absolute_url(),
        by=by,
        plan=plan,
        reason=reason,
    )


def comment_audience(comment: Comment) -> QuerySet[User]:
    """The other side of a comment: a reviewer's reaches the region's managers; a manager's
    reply reaches the reviewers who wrote in the thread (every reviewer if none did)."""
    plan = comment.plan
    if comment.author.role != User.Role.MANAGER:
        return region_managers(plan.region)
    thread = comment.parent or comment
    in_thread = reviewers().filter(plan_comments__in=[thread, *thread.replies.all()])
    return in_thread if in_thread.exists() else reviewers()


def notify_comment(comment: Comment, by: User) -> list[Notification]:
    return tell(
        comment_audience(comment),
        kind=Kind.COMMENT,
        url=comment.get_absolute_url(),
        by=by,
        plan=comment.plan,
        comment=comment,
    )


def notify_round_opened(plans: Iterable[Plan], by: User, period: Period) -> int:
    """Each plan's region managers learn that the round is open and when their plan is due."""
    told = 0
    for plan in plans:
        told += len(
            tell(
                region_managers(plan.region),
                kind=Kind.ROUND_OPENED,
                url=plan.get_absolute_url(),
                by=by,
                plan=plan,
                due=period.submission_due,
            )
        )
    return told


def notify_due_soon(plan: Plan, days_left: int) -> list[Notification]:
    return tell(
        region_managers(plan.region),
        kind=Kind.DUE_SOON,
        url=plan.get_absolute_url(),
        plan=plan,
        due=plan.period.submission_due,
        days=days_left,
    )


def notify_late(plan: Plan, days_late: int) -> list[Notification]:
    return tell(
        region_managers(plan.region),
        kind=Kind.LATE,
        url=plan.get_absolute_url(),
        plan=plan,
        due=plan.period.submission_due,
        days=days_late,
    )
