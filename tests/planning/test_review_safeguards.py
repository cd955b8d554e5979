"""The half-year review's safeguards: approving with a confirmation and a note, returning and
reopening with a reason, a warning before resubmitting unchanged, and revising on HQ's behalf."""

from django.urls import reverse

from planning.models import Comment, Plan
from planning.printing.pdf import plan_html
from planning.review import services
from tests.base import PersonasTestCase, complete_plan

SUMMARY = "聚焦朗通、泰岳两家一级客户。"
OPEN_COMMENT = "增长依据是什么？"
RESOLVED_COMMENT = "已核对回款计划。"


class ReviewSafeguardsTestCase(PersonasTestCase):
    """alice's plan, submitted, with one open and one resolved comment by rita."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        complete_plan(cls.plan)
        Plan.objects.filter(pk=cls.plan.pk).update(strategy_changes=SUMMARY)
        cls.plan.refresh_from_db()
        services.plan_submit(plan=cls.plan, user=cls.alice)
        cls.open_comment = Comment.objects.create(
            plan=cls.plan, chapter="summary", author=cls.rita, body=OPEN_COMMENT
        )
        Comment.objects.create(
            plan=cls.plan, chapter="targets", author=cls.rita, body=RESOLVED_COMMENT, resolved=True
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.plan.refresh_from_db()

    def url(self, name: str, plan: Plan | None = None) -> str:
        return reverse(name, args=[(plan or self.plan).pk])

    def approve(self, note: str = "") -> None:
        services.plan_approve(plan=self.plan, user=self.rita, note=note)
        self.plan.refresh_from_db()


class ApproveTests(ReviewSafeguardsTestCase):
    def test_the_approval_page_lists_the_open_comments_with_links_to_them(self):
        self.login(self.rita)

        response = self.client.get(self.url("plan_approve"))

        self.assertContains(response, "These review comments are still open.")
        self.assertContains(response, OPEN_COMMENT)
        self.assertContains(response, f'href="{self.plan.get_absolute_url()}#comment-')
        self.assertNotContains(response, RESOLVED_COMMENT)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)

    def test_approving_with_a_note_keeps_it_in_the_history_and_the_print(self):
        note = "同意。下半年重点跟进泰岳回款。"
        self.login(self.rita)

        response = self.client.post(self.url("plan_approve"), {"note": f"  {note}\r\n"})

        self.assertRedirects(response, self.plan.get_absolute_url())
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.APPROVED)
        step = self.plan.transitions.last()
        self.assertEqual(
            (step.to_state, step.by, step.reason), (Plan.State.APPROVED, self.rita, note)
        )
        self.assertContains(self.client.get(self.url("plan_history")), note)
        self.assertContains(self.client.get(self.url("plan_detail")), note)
        self.assertIn(note, plan_html(self.plan, language="en"))

    def test_approving_without_a_note_is_allowed(self):
        self.login(self.rita)

        self.client.post(self.url("plan_approve"))

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.APPROVED)
        self.assertEqual(self.plan.transitions.last().reason, "")

    def test_a_manager_cannot_open_the_approval_page(self):
        self.login(self.alice)

        self.assertEqual(self.client.get(self.url("plan_approve")).status_code, 403)
        self.assertEqual(self.client.post(self.url("plan_approve")).status_code, 403)


class ReturnTests(ReviewSafeguardsTestCase):
    def test_the_return_page_lists_the_open_comments(self):
        self.login(self.rita)

        response = self.client.get(self.url("plan_return"))

        self.assertContains(response, OPEN_COMMENT)
        self.assertNotContains(response, RESOLVED_COMMENT)

    def test_returning_without_a_reason_is_refused(self):
        self.login(self.rita)

        response = self.client.post(self.url("plan_return"), {"reason": "  "})

        self.assertContains(response, "Say why the plan is returned.", status_code=422)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)


class ReopenTests(ReviewSafeguardsTestCase):
    reason = "半年调整会：华东下半年指标上调，请修改。"

    def setUp(self):
        super().setUp()
        self.approve()

    def test_reviewer_reopens_an_approved_plan_with_a_reason(self):
        self.login(self.rita)

        response = self.client.post(self.url("plan_reopen"), {"reason": self.reason})

        self.assertRedirects(response, self.plan.get_absolute_url())
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.RETURNED)
        self.assertEqual(self.plan.return_reason, self.reason)
        step = self.plan.transitions.last()
        self.assertEqual(
            (step.from_state, step.to_state, step.by, step.reason),
            (Plan.State.APPROVED, Plan.State.RETURNED, self.rita, self.reason),
        )
        self.assertContains(self.client.get(self.url("plan_history")), self.reason)

    def test_the_manager_sees_the_reason_and_can_edit_again(self):
        services.plan_reopen(plan=self.plan, user=self.rita, reason=self.reason)
        self.login(self.alice)

        page = self.client.get(self.url("plan_detail"))
        home = self.client.get(reverse("home"))
        edit = self.client.get(self.url("plan_summary_edit"))

        self.assertContains(page, "Reopened by headquarters after approval")
        self.assertContains(page, self.reason)
        self.assertContains(home, "was reopened by headquarters after approval.")
        self.assertContains(home, self.reason)
        self.assertEqual(edit.status_code, 200)

    def test_reopening_without_a_reason_is_refused_at_the_field(self):
        self.login(self.rita)

        for data in ({}, {"reason": " \n "}):
            with self.subTest(data=data):
                response = self.client.post(self.url("plan_reopen"), data)

                self.assertContains(response, "Say why the plan is reopened.", status_code=422)
                self.assertTrue(response.context["form"].has_error("reason", code="required"))
                self.plan.refresh_from_db()
                self.assertEqual(self.plan.state, Plan.State.APPROVED)

    def test_a_manager_cannot_reopen_their_plan(self):
        self.login(self.alice)

        response = self.client.post(self.url("plan_reopen"), {"reason": self.reason})

        self.assertEqual(response.status_code, 403)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.APPROVED)

    def test_only_an_approved_plan_can_be_reopened(self):
        self.login(self.rita)

        response = self.client.post(
            self.url("plan_reopen", self.other_plan), {"reason": self.reason}, follow=True
        )

        self.assertContains(response, "Only an approved plan can be reopened; this one is Draft.")
        self.other_plan.refresh_from_db()
        self.assertEqual(self.other_plan.state, Plan.State.DRAFT)


class ResubmitUnchangedTests(ReviewSafeguardsTestCase):
    def setUp(self):
        super().setUp()
        services.plan_return(plan=self.plan, user=self.rita, reason="请补充增长依据。")
        self.login(self.alice)

    def test_resubmitting_unchanged_with_open_comments_warns_and_lists_them(self):
        response = self.client.get(self.url("plan_submit"))

        self.assertContains(response, "Nothing has changed since headquarters returned this plan")
        self.assertContains(response, OPEN_COMMENT)
        self.assertContains(response, "Yes, submit the plan")  # a warning, not a block

    def test_the_warning_does_not_block_the_submission(self):
        self.client.post(self.url("plan_submit"))

        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.SUBMITTED)

    def test_no_warning_once_the_plan_was_changed(self):
        self.client.post(
            self.url("plan_summary_edit"),
            {"strategy_changes": SUMMARY + "补充增长依据。", "revision": self.plan.revision},
        )

        response = self.client.get(self.url("plan_submit"))

        self.assertNotContains(response, "Nothing has changed since headquarters returned")


class ReviewerRevisesTests(ReviewSafeguardsTestCase):
    def test_a_reviewer_starts_the_half_year_revision_for_the_region(self):
        self.approve()
        self.login(self.rita)

        response = self.client.post(self.url("plan_revise"))

        new = Plan.objects.get(region=self.plan.region, period=self.plan.period, version=2)
        self.assertRedirects(response, new.get_absolute_url())
        self.assertEqual(new.state, Plan.State.DRAFT)
        self.assertEqual(new.strategy_changes, SUMMARY)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, Plan.State.APPROVED)
        self.assertEqual(self.client.get(self.url("plan_detail")).status_code, 200)
        # The new version's content stays the manager's to write.
        self.assertEqual(self.client.get(self.url("plan_summary_edit", new)).status_code, 403)
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url("plan_summary_edit", new)).status_code, 200)

    def test_the_plan_page_offers_the_reviewer_to_revise_and_reopen(self):
        self.approve()
        self.login(self.rita)

        response = self.client.get(self.url("plan_detail"))

        self.assertContains(response, 'class="revise-form"')
        self.assertContains(response, self.url("plan_reopen"))
