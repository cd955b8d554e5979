"""The plan's lifecycle: submit, return, approve, reopen, and who may do which."""

from django.urls import reverse

from planning.models import Comment, Plan, PlanTransition
from tests.base import PersonasTestCase, complete_plan

SUMMARY = "聚焦朗通、泰岳两家一级客户。"


class LifecycleTestCase(PersonasTestCase):
    """Shared helpers; every page is read in English so that messages are plain to assert."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        complete_plan(cls.plan)
        complete_plan(cls.other_plan)

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def set_plan(self, plan: Plan, **fields) -> None:
        Plan.objects.filter(pk=plan.pk).update(**fields)
        plan.refresh_from_db()

    def snapshot(self, plan: Plan) -> dict:
        """What a refused request must leave untouched."""
        plan.refresh_from_db()
        return {
            "state": plan.state,
            "revision": plan.revision,
            "strategy_changes": plan.strategy_changes,
            "return_reason": plan.return_reason,
            "submitted_at": plan.submitted_at,
            "decided_at": plan.decided_at,
            "transitions": plan.transitions.count(),
            "history": plan.history.count(),
            "comments": plan.comments.count(),
        }

    def url(self, name: str, plan: Plan | None = None) -> str:
        return reverse(name, args=[(plan or self.plan).pk])


class SubmitTests(LifecycleTestCase):
    def setUp(self):
        super().setUp()
        self.set_plan(self.plan, strategy_changes=SUMMARY)
        self.login(self.alice)

    def test_manager_sees_a_confirmation_page_before_submitting(self):
        response = self.client.get(self.url("plan_submit"))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "All pre-submit checks pass.")
        self.assertContains(response, "Yes, submit the plan")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.DRAFT)

    def test_submitting_moves_the_plan_to_submitted_and_records_who_did_it(self):
        history_before = self.plan.history.count()

        response = self.client.post(self.url("plan_submit"), follow=True)

        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertContains(response, "The plan was submitted to headquarters.")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)
        self.assertEqual(self.plan.submitted_by, self.alice)
        self.assertIsNotNone(self.plan.submitted_at)
        transition = PlanTransition.objects.get(plan=self.plan)
        self.assertEqual(
            (transition.from_state, transition.to_state, transition.by),
            (Plan.State.DRAFT, Plan.State.SUBMITTED, self.alice),
        )
        self.assertEqual(self.plan.history.count(), history_before + 1)
        latest = self.plan.history.first()
        self.assertEqual(latest.state, Plan.State.SUBMITTED)
        self.assertEqual(latest.history_user, self.alice)

    def test_submitted_plan_shows_as_read_only_to_its_manager(self):
        self.client.post(self.url("plan_submit"))

        response = self.client.get(self.plan.get_absolute_url())

        self.assertContains(response, "it is read-only until headquarters returns it")
        self.assertNotContains(response, self.url("plan_summary_edit"))

    def test_submit_is_blocked_while_the_summary_is_empty_and_links_to_the_summary_editor(self):
        self.set_plan(self.plan, strategy_changes="   ")
        before = self.snapshot(self.plan)

        response = self.client.post(self.url("plan_submit"))

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "The plan cannot be submitted yet. Fix these first:", status_code=422
        )
        self.assertContains(
            response,
            "The summary&#x27;s major marketing-strategy changes are empty.",
            status_code=422,
        )
        self.assertContains(response, f'href="{self.url("plan_summary_edit")}"', status_code=422)
        self.assertEqual(self.snapshot(self.plan), before)

    def test_the_confirmation_page_already_lists_failed_checks(self):
        self.set_plan(self.plan, strategy_changes="")

        response = self.client.get(self.url("plan_submit"))

        self.assertContains(response, "The plan cannot be submitted yet.")
        self.assertContains(response, f'href="{self.url("plan_summary_edit")}"')
        self.assertNotContains(response, "Yes, submit the plan")

    def test_submitting_twice_says_already_submitted_and_changes_nothing(self):
        self.client.post(self.url("plan_submit"))
        before = self.snapshot(self.plan)

        response = self.client.post(self.url("plan_submit"))

        self.assertContains(response, "This plan has already been submitted.", status_code=403)
        self.assertEqual(self.snapshot(self.plan), before)


class ReviewDecisionTests(LifecycleTestCase):
    def setUp(self):
        super().setUp()
        self.set_plan(self.plan, strategy_changes=SUMMARY)
        self.login(self.alice)
        self.client.post(self.url("plan_submit"))
        self.login(self.rita)

    def test_returning_without_a_reason_is_refused(self):
        before = self.snapshot(self.plan)

        for data in ({}, {"reason": ""}, {"reason": "   \n "}):
            with self.subTest(data=data):
                response = self.client.post(self.url("plan_return"), data)

                self.assertContains(response, "Say why the plan is returned.", status_code=422)
                self.assertEqual(self.snapshot(self.plan), before)

    def test_returning_with_a_reason_sends_the_plan_back_to_its_manager(self):
        reason = "总指标增长依据不足，请补充测算。"

        response = self.client.post(self.url("plan_return"), {"reason": reason}, follow=True)

        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertContains(response, "The plan was returned to its manager.")
        self.assertContains(response, reason)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.RETURNED)
        self.assertEqual(self.plan.return_reason, reason)
        self.assertEqual(self.plan.decided_by, self.rita)
        transition = self.plan.transitions.last()
        self.assertEqual(
            (transition.from_state, transition.to_state, transition.by, transition.reason),
            (Plan.State.SUBMITTED, Plan.State.RETURNED, self.rita, reason),
        )

    def test_reviewer_approves_a_submitted_plan(self):
        response = self.client.post(self.url("plan_approve"), follow=True)

        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertContains(response, "The plan was approved.")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.APPROVED)
        self.assertEqual(self.plan.decided_by, self.rita)
        self.assertEqual(
            list(self.plan.transitions.values_list("to_state", flat=True)),
            [Plan.State.SUBMITTED, Plan.State.APPROVED],
        )

    def test_approving_a_draft_is_refused(self):
        self.set_plan(self.other_plan, strategy_changes=SUMMARY)
        before = self.snapshot(self.other_plan)

        response = self.client.post(self.url("plan_approve", self.other_plan), follow=True)

        self.assertContains(response, "Only a submitted plan can be approved; this one is Draft.")
        self.assertEqual(self.snapshot(self.other_plan), before)

    def test_returning_a_draft_is_refused(self):
        before = self.snapshot(self.other_plan)

        response = self.client.post(
            self.url("plan_return", self.other_plan), {"reason": "why"}, follow=True
        )

        self.assertContains(response, "Only a submitted plan can be returned; this one is Draft.")
        self.assertEqual(self.snapshot(self.other_plan), before)


class ReturnedPlanTests(LifecycleTestCase):
    reason = "请补充燕山化工延期的影响分析。"

    def setUp(self):
        super().setUp()
        self.set_plan(self.plan, strategy_changes=SUMMARY)
        self.login(self.alice)
        self.client.post(self.url("plan_submit"))
        self.login(self.rita)
        self.client.post(
            self.url("comment_create"), {"chapter": "summary", "body": "增长依据是什么？"}
        )
        self.client.post(self.url("plan_return"), {"reason": self.reason})
        self.login(self.alice)

    def test_a_returned_plan_becomes_a_draft_again_on_the_managers_next_edit(self):
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.RETURNED)

        response = self.client.post(
            self.url("plan_summary_edit"),
            {
                "strategy_changes": SUMMARY + "补充：燕山化工延期影响约5%。",
                "revision": self.plan.revision,
            },
        )

        self.assertEqual(response.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.DRAFT)
        self.assertIn("燕山化工", self.plan.strategy_changes)
        self.assertEqual(
            list(self.plan.transitions.values_list("from_state", "to_state")),
            [
                (Plan.State.DRAFT, Plan.State.SUBMITTED),
                (Plan.State.SUBMITTED, Plan.State.RETURNED),
                (Plan.State.RETURNED, Plan.State.DRAFT),
            ],
        )

    def test_opening_the_editor_alone_does_not_reopen_the_plan(self):
        response = self.client.get(self.url("plan_summary_edit"))

        self.assertEqual(response.status_code, 200)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.RETURNED)

    def test_manager_sees_the_return_reason_and_open_comments_on_the_home_page(self):
        response = self.client.get(reverse("home"))

        self.assertContains(response, "was returned by headquarters.")
        self.assertContains(response, self.reason)
        self.assertContains(response, "增长依据是什么？")

    def test_a_returned_plan_can_be_submitted_again(self):
        response = self.client.post(self.url("plan_submit"))

        self.assertEqual(response.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)


class ReadOnlyPlanTests(LifecycleTestCase):
    """A submitted or approved plan is read-only for its manager; every write is refused."""

    def test_every_write_to_a_submitted_or_approved_plan_is_refused(self):
        cases = {
            Plan.State.SUBMITTED: "This plan has already been submitted.",
            Plan.State.APPROVED: "This plan has already been approved.",
        }
        self.login(self.alice)
        for state, submit_message in cases.items():
            self.set_plan(self.plan, state=state, strategy_changes=SUMMARY)
            read_only = f"This plan is {self.plan.get_state_display()} and read-only"
            before = self.snapshot(self.plan)
            with self.subTest(state=state, write="open the summary editor"):
                response = self.client.get(self.url("plan_summary_edit"))
                self.assertContains(response, read_only, status_code=403)
            with self.subTest(state=state, write="save the summary"):
                response = self.client.post(
                    self.url("plan_summary_edit"),
                    {"strategy_changes": "改掉", "revision": self.plan.revision},
                )
                self.assertContains(response, read_only, status_code=403)
            with self.subTest(state=state, write="submit"):
                response = self.client.post(self.url("plan_submit"))
                self.assertContains(response, submit_message, status_code=403)
            self.assertEqual(self.snapshot(self.plan), before)

    def test_reviewer_posting_to_the_managers_write_urls_is_refused(self):
        self.set_plan(self.plan, strategy_changes=SUMMARY)
        before = self.snapshot(self.plan)
        self.login(self.rita)

        response = self.client.post(
            self.url("plan_summary_edit"), {"strategy_changes": "改掉", "revision": 1}
        )
        self.assertContains(
            response, "Only the region&#x27;s manager can change this plan.", status_code=403
        )
        response = self.client.post(self.url("plan_submit"))
        self.assertContains(
            response, "Only the region&#x27;s manager can submit this plan.", status_code=403
        )
        self.assertEqual(self.snapshot(self.plan), before)

    def test_manager_cannot_approve_or_return_their_own_plan(self):
        self.set_plan(self.plan, state=Plan.State.SUBMITTED, strategy_changes=SUMMARY)
        before = self.snapshot(self.plan)
        self.login(self.alice)

        for name, data in (("plan_approve", {}), ("plan_return", {"reason": "no"})):
            with self.subTest(name=name):
                response = self.client.post(self.url(name), data)
                self.assertContains(
                    response, "Only headquarters reviewers can do this.", status_code=403
                )
        self.assertEqual(self.snapshot(self.plan), before)


class OtherRegionTests(LifecycleTestCase):
    def test_manager_cannot_open_edit_or_submit_another_regions_plan(self):
        self.set_plan(self.other_plan, strategy_changes="江苏的摘要")
        before = self.snapshot(self.other_plan)
        self.login(self.alice)
        requests = [
            ("get", "plan_detail", {}),
            ("get", "plan_history", {}),
            ("get", "plan_summary_edit", {}),
            ("post", "plan_summary_edit", {"strategy_changes": "改掉", "revision": 1}),
            ("get", "plan_submit", {}),
            ("post", "plan_submit", {}),
        ]
        for method, name, data in requests:
            with self.subTest(method=method, name=name):
                response = getattr(self.client, method)(self.url(name, self.other_plan), data)
                self.assertContains(response, "Not found", status_code=404)
        self.assertEqual(self.snapshot(self.other_plan), before)

    def test_another_regions_plan_is_not_listed_on_the_managers_home(self):
        self.login(self.alice)

        response = self.client.get(reverse("home"))

        self.assertContains(response, self.plan.get_absolute_url())
        self.assertNotContains(response, self.other_plan.get_absolute_url())


class AnonymousTests(LifecycleTestCase):
    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        for method, name in (
            ("get", "plan_detail"),
            ("get", "plan_submit"),
            ("post", "plan_submit"),
            ("post", "plan_approve"),
        ):
            with self.subTest(method=method, name=name):
                url = self.url(name)
                response = getattr(self.client, method)(url)
                self.assertRedirects(
                    response, f"{reverse('login')}?next={url}", fetch_redirect_response=False
                )
        self.assertEqual(Comment.objects.count(), 0)
        self.assertEqual(PlanTransition.objects.count(), 0)
