"""Notifications by email (issue 17): who is told of which event, in which language, with which
link; turned off by the person; reminders before and after the due date; a mail server that is
down never fails the action. Mail goes to a real SMTP server on 127.0.0.1 (tests/smtp.py)."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from customers.models import Notification, Period, SentReminder, User
from planning.models import Plan
from planning.review import services
from planning.rounds.services import round_open
from tests.base import PersonasTestCase, complete_plan, make_user
from tests.smtp import SmtpServerMixin, free_port, smtp_settings

SITE = "https://plans.example.com"


@override_settings(SITE_URL=SITE, REMINDER_DAYS=3)
class NotificationMailTestCase(SmtpServerMixin, PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # rita reads Chinese (the default), rui English; amy manages Shanghai with alice.
        User.objects.filter(pk=cls.rita.pk).update(email="rita@example.com")
        User.objects.filter(pk=cls.alice.pk).update(email="alice@example.com", language="en")
        User.objects.filter(pk=cls.bob.pk).update(email="bob@example.com")
        User.objects.filter(pk=cls.dave.pk).update(email="dave@example.com")
        cls.rui = make_user("rui", User.Role.REVIEWER, email="rui@example.com", language="en")
        cls.amy = make_user(
            "amy", User.Role.MANAGER, regions=[cls.shanghai], email="amy@example.com"
        )
        for user in (cls.rita, cls.alice, cls.bob, cls.dave):
            user.refresh_from_db()

    def plan_link(self, plan: Plan | None = None) -> str:
        return f"{SITE}{(plan or self.plan).get_absolute_url()}"

    def submitted(self) -> None:
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.SUBMITTED)
        self.plan.refresh_from_db()


class LifecycleMailTests(NotificationMailTestCase):
    def test_each_reviewer_gets_the_submission_in_their_language_with_the_plan_link(self):
        complete_plan(self.plan)
        Plan.objects.filter(pk=self.plan.pk).update(strategy_changes="聚焦一级客户。")
        self.login(self.alice)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("plan_submit", args=[self.plan.pk]))

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(mail.to[0] for mail in self.mails), ["rita@example.com", "rui@example.com"]
        )
        (english,) = self.mails_to(self.rui)
        self.assertEqual(english.subject, "Plan submitted: Shanghai 2027")
        self.assertIn(
            "alice submitted the 2027 plan of Shanghai (version 1) for review.", english.text
        )
        self.assertIn(self.plan_link(), english.text)
        self.assertIn(f'href="{self.plan_link()}"', english.html)
        self.assertIn('<html lang="en">', english.html)
        (chinese,) = self.mails_to(self.rita)
        self.assertIn("上海", chinese.subject)
        self.assertNotIn("Shanghai", chinese.text)
        self.assertIn(self.plan_link(), chinese.text)
        self.assertIn('<html lang="zh-hans">', chinese.html)
        self.assertEqual(chinese.headers["Auto-Submitted"], "auto-generated")

    def test_a_return_reaches_the_regions_active_managers_but_not_others(self):
        self.submitted()
        self.login(self.rita)

        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("plan_return", args=[self.plan.pk]), {"reason": "增长依据 <不足> & 需补充"}
            )

        self.assertEqual(
            sorted(mail.to[0] for mail in self.mails), ["alice@example.com", "amy@example.com"]
        )
        (mail,) = self.mails_to(self.alice)
        self.assertEqual(mail.subject, "Plan returned for changes: Shanghai 2027")
        self.assertIn("Reason: 增长依据 <不足> & 需补充", mail.text)  # plain text is not escaped
        self.assertIn("增长依据 &lt;不足&gt; &amp; 需补充", mail.html)  # HTML is
        self.assertIn(self.plan_link(), mail.text)

    def test_an_approval_and_a_reopening_reach_the_managers_with_the_note_and_the_reason(self):
        self.submitted()

        with self.captureOnCommitCallbacks(execute=True):
            services.plan_approve(plan=self.plan, user=self.rita, note="Well argued.")
        with self.captureOnCommitCallbacks(execute=True):
            services.plan_reopen(plan=self.plan, user=self.rui, reason="Budget cut.")

        approved, reopened = self.mails_to(self.alice)
        self.assertEqual(approved.subject, "Plan approved: Shanghai 2027")
        self.assertIn("Note: Well argued.", approved.text)
        self.assertEqual(reopened.subject, "Plan reopened: Shanghai 2027")
        self.assertIn("Reason: Budget cut.", reopened.text)
        self.assertEqual(len(self.mails_to(self.amy)), 2)
        self.assertEqual(self.mails_to(self.bob) + self.mails_to(self.rita), [])

    def test_a_comment_reaches_the_managers_and_a_reply_the_reviewer_of_the_thread(self):
        with self.captureOnCommitCallbacks(execute=True):
            comment = services.comment_add(
                plan=self.plan, user=self.rita, chapter="summary", body="请补充增长依据。"
            )
        self.assertEqual(
            sorted(mail.to[0] for mail in self.mails), ["alice@example.com", "amy@example.com"]
        )
        (mail,) = self.mails_to(self.alice)
        self.assertEqual(mail.subject, "New comment: Shanghai 2027")
        self.assertIn("请补充增长依据。", mail.text)
        self.assertIn(f"{self.plan_link()}#comment-{comment.pk}", mail.text)
        self.smtp.mails.clear()

        with self.captureOnCommitCallbacks(execute=True):
            reply = services.comment_add(
                plan=self.plan, user=self.alice, chapter="summary", body="已补充。", parent=comment
            )

        # Only rita wrote in the thread: rui is not told, nor alice herself.
        (mail,) = self.mails
        self.assertEqual(mail.to, ["rita@example.com"])
        self.assertIn("已补充。", mail.text)
        self.assertIn(f"#comment-{reply.pk}", mail.text)

    def test_opening_the_round_tells_each_regions_managers_when_their_plan_is_due(self):
        Plan.objects.all().delete()
        due = date(2026, 12, 20)

        with self.captureOnCommitCallbacks(execute=True):
            opened = round_open(
                period=self.period, user=self.rita, submission_due=due, copy_last_year=False
            )

        shanghai = next(plan for plan in opened.created if plan.region == self.shanghai)
        (mail,) = self.mails_to(self.alice)
        self.assertIn("The plan of Shanghai is due on 2026-12-20.", mail.text)
        self.assertIn(self.plan_link(shanghai), mail.text)
        self.assertEqual(len(self.mails_to(self.bob)), 1)
        self.assertEqual(self.mails_to(self.rita) + self.mails_to(self.rui), [])

    def test_a_person_who_turned_mail_off_gets_no_mail_but_the_notification_in_the_app(self):
        User.objects.filter(pk=self.alice.pk).update(email_notifications=False)
        self.submitted()

        with self.captureOnCommitCallbacks(execute=True):
            services.plan_return(plan=self.plan, user=self.rita, reason="Too optimistic.")

        self.assertEqual([mail.to for mail in self.mails], [["amy@example.com"]])
        notification = Notification.objects.get(recipient=self.alice)
        self.assertEqual(notification.kind, Notification.Kind.RETURNED)
        self.assertEqual(notification.subject, "Plan returned for changes: Shanghai 2027")
        self.assertEqual(notification.url, self.plan.get_absolute_url())
        self.assertIsNone(notification.read_at)

    def test_nothing_is_mailed_when_the_action_is_rolled_back(self):
        """Mail leaves after the commit: a step undone by a later failure sends nothing."""
        self.submitted()

        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    services.plan_return(plan=self.plan, user=self.rita, reason="Too optimistic.")
                    raise RuntimeError("a later step failed")
            except RuntimeError:
                pass

        self.assertEqual(callbacks, [])
        self.assertEqual(self.mails, [])
        self.assertFalse(Notification.objects.exists())
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)


class MailServerDownTests(NotificationMailTestCase):
    def test_the_action_succeeds_and_the_failure_is_logged(self):
        self.submitted()
        self.login(self.rita)

        with (
            smtp_settings(free_port()),
            self.assertLogs("planning.notifications", "ERROR") as logs,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(
                reverse("plan_return", args=[self.plan.pk]), {"reason": "Too optimistic."}
            )

        self.assertEqual(response.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.RETURNED)
        self.assertIn("Could not send 2 notification mail(s)", logs.output[0])
        self.assertEqual(Notification.objects.filter(recipient=self.alice).count(), 1)
        self.assertEqual(self.mails, [])


class ReminderTests(NotificationMailTestCase):
    """The period is due on 2026-12-15; Shanghai's and Jiangsu's plans are drafts."""

    def remind(self, day: date) -> str:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", "--date", day.isoformat(), stdout=out)
        return out.getvalue()

    def test_managers_are_reminded_days_before_the_due_date_once(self):
        self.assertEqual(
            self.remind(date(2026, 12, 11)),
            "2026-12-11: 0 plan(s) due soon, 0 late plan(s) reminded.\n",
        )
        self.assertEqual(self.mails, [])

        output = self.remind(date(2026, 12, 12))

        self.assertIn("2 plan(s) due soon", output)
        (mail,) = self.mails_to(self.alice)
        self.assertEqual(mail.subject, "Plan due 2026-12-15: Shanghai 2027")
        self.assertIn("is due on 2026-12-15, in 3 days, and has not been submitted yet.", mail.text)
        self.assertIn(self.plan_link(), mail.text)
        self.assertEqual(len(self.mails_to(self.bob)), 1)
        self.assertEqual(self.mails_to(self.rita) + self.mails_to(self.dave), [])

        self.smtp.mails.clear()
        self.assertIn("0 plan(s) due soon", self.remind(date(2026, 12, 12)))
        self.assertIn("0 plan(s) due soon", self.remind(date(2026, 12, 14)))
        self.assertEqual(self.mails, [])
        self.assertEqual(SentReminder.objects.filter(kind="due_soon").count(), 2)

    def test_a_late_plan_is_reminded_the_day_after_and_then_every_n_days(self):
        Plan.objects.filter(pk=self.other_plan.pk).update(state=Plan.State.SUBMITTED)

        self.assertIn("1 late plan(s)", self.remind(date(2026, 12, 16)))
        self.assertEqual(
            sorted(mail.to[0] for mail in self.mails), ["alice@example.com", "amy@example.com"]
        )
        (mail,) = self.mails_to(self.alice)
        self.assertEqual(mail.subject, "Plan late: Shanghai 2027")
        self.assertIn("was due on 2026-12-15: it is 1 day late", mail.text)

        self.assertIn("0 late plan(s)", self.remind(date(2026, 12, 16)))
        self.assertIn("0 late plan(s)", self.remind(date(2026, 12, 18)))
        self.assertIn("1 late plan(s)", self.remind(date(2026, 12, 19)))
        self.assertIn("it is 4 days late", self.mails_to(self.alice)[-1].text)
        self.assertEqual(len(self.mails), 4)
        self.assertEqual(Notification.objects.filter(recipient=self.amy, kind="late").count(), 2)
        self.assertFalse(Notification.objects.filter(recipient=self.bob).exists())

    def test_a_submitted_plan_or_a_later_version_is_not_reminded(self):
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.SUBMITTED)
        Plan.objects.filter(pk=self.other_plan.pk).update(state=Plan.State.APPROVED)
        Plan.objects.create(region=self.jiangsu, period=self.period, version=2)

        self.assertIn("0 plan(s) due soon, 0 late", self.remind(date(2026, 12, 20)))
        self.assertEqual(self.mails, [])

    def test_the_task_sends_the_same_reminders(self):
        from planning.tasks import send_reminders

        today = timezone.localdate()
        Period.objects.filter(pk=self.period.pk).update(submission_due=today + timedelta(days=2))

        with self.captureOnCommitCallbacks(execute=True):
            reminded = send_reminders.call()

        self.assertEqual(reminded, 2)
        self.assertEqual(len(self.mails_to(self.alice)), 1)
