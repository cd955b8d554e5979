"""The lifecycle holds: every transition a role may not make is refused and changes nothing,
and a submitted or approved plan cannot be edited by any path — grid, chapters, import,
delete, admin (issue 9, item 3; the ten simultaneous approvals are in test_concurrency)."""

import json
import shutil
import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from planning.models import (
    ActionDirection,
    Activity,
    Comment,
    Plan,
    PlanTransition,
    SwotItem,
    Target,
)
from planning.numbers import grids, saving
from planning.review import services
from tests.planning.test_access_matrix import EXPECTED, PK_NAMES
from tests.security.bad_files import TARGETS, csv_file
from tests.security.objects import MatrixObjectsTestCase

STATES = [state for state, _label in Plan.State.choices]
PERSONAS = ("alice", "bob", "rita", "adam", "dave")
# The lifecycle: (step, state it starts from, who) pairs that are allowed; all others refused.
ALLOWED = {
    ("submit", "draft", "alice"),
    ("submit", "returned", "alice"),
    ("approve", "submitted", "rita"),
    ("return", "submitted", "rita"),
    ("edit", "draft", "alice"),
    ("edit", "returned", "alice"),
}
REFUSALS = (PermissionDenied, services.TransitionRefused, services.ChecksFailed, ValidationError)
# Review steps and facts: allowed on a read-only plan by design.
# Not content writes: lifecycle steps, comments, an import's preview, and the print dialog (it
# orders a PDF of the plan in any state and writes nothing of the plan).
NOT_CONTENT = {
    "plan_submit",
    "plan_approve",
    "plan_return",
    "comment_create",
    "numbers_import",
    "plan_print",
}


def step(name: str, plan: Plan, user):
    if name == "submit":
        return services.plan_submit(plan=plan, user=user)
    if name == "approve":
        return services.plan_approve(plan=plan, user=user)
    if name == "return":
        return services.plan_return(plan=plan, user=user, reason="请补充。")
    return services.plan_begin_edit(plan=plan, user=user)


class WorkflowTests(MatrixObjectsTestCase):
    def set_state(self, state: str) -> None:
        Plan.objects.filter(pk=self.plan.pk).update(state=state)
        self.plan.refresh_from_db()

    def content(self):
        """Everything a plan holds, and its records."""
        return (
            self.snapshot(),
            sorted(Target.objects.values_list("customer", "product", "month", "quantity")),
            sorted(SwotItem.objects.values_list("kind", "text")),
            sorted(ActionDirection.objects.values_list("pairing", "text")),
            sorted(Activity.objects.values_list("work", "owner")),
            Comment.objects.count(),
            Target.history.count(),
            SwotItem.history.count(),
            Activity.history.count(),
        )

    def test_every_step_outside_the_lifecycle_is_refused_and_changes_nothing(self):
        unexpected = []
        for name in ("submit", "approve", "return", "edit"):
            for state in STATES:
                for persona in PERSONAS:
                    if (name, state, persona) in ALLOWED:
                        continue
                    self.set_state(state)
                    before = (self.plan.state, PlanTransition.objects.count(), self.content())
                    try:
                        step(name, Plan.objects.get(pk=self.plan.pk), getattr(self, persona))
                    except REFUSALS:
                        pass
                    else:
                        unexpected.append(f"{name} from {state} by {persona} was allowed")
                    self.plan.refresh_from_db()
                    after = (self.plan.state, PlanTransition.objects.count(), self.content())
                    if after != before:
                        unexpected.append(f"{name} from {state} by {persona} changed data")
        self.assertEqual(unexpected, [], "\n".join(unexpected))

    def test_the_allowed_review_steps_make_one_transition_each(self):
        for name, to_state in (("approve", "approved"), ("return", "returned")):
            with self.subTest(step=name):
                self.set_state("submitted")
                transitions = PlanTransition.objects.count()
                step(name, self.plan, self.rita)
                self.plan.refresh_from_db()
                self.assertEqual(self.plan.state, to_state)
                self.assertEqual(PlanTransition.objects.count(), transitions + 1)

    def content_write_urls(self) -> list[str]:
        """Every URL that writes a plan's content: alice's POST to it is read as data (400 or
        422) while her plan is a draft."""
        names = [
            name
            for name, rows in EXPECTED.items()
            if PK_NAMES.get(name) == "plan"
            and rows[1][1] in (400, 422)
            and not name.startswith("actual")
            and name not in NOT_CONTENT
        ]
        patterns = dict(self.tabled_urls())
        return [self.url_for(name, patterns[name]) for name in names if name in patterns]

    def test_no_page_writes_to_a_submitted_or_approved_plan(self):
        urls = self.content_write_urls()
        self.assertGreater(len(urls), 15)
        payload = json.dumps([{"row": self.langtong.pk, "month": 1, "raw": "9", "revision": 0}])
        data = {
            "payload": payload,
            "revision": 1,
            "strategy_changes": "改",
            "text": "改",
            "work": "改",
            "owner": "改",
            "pairing": "SO",
            "S-TOTAL_FORMS": 1,
            "S-INITIAL_FORMS": 0,
            "S-0-text": "改",
        }
        self.login(self.alice)
        for state in ("submitted", "approved"):
            self.set_state(state)
            before = self.content()
            for url in urls:
                with self.subTest(state=state, url=url):
                    response = self.client.post(url, data)
                    self.assertEqual(response.status_code, 403)
            self.assertEqual(self.content(), before)

    def test_the_services_refuse_a_read_only_plan_whatever_the_page(self):
        grid = grids.TargetsByProduct(self.plan, self.product_a)
        change = grids.CellChange(self.langtong.pk, 1, "5", 0)
        for state in ("submitted", "approved"):
            self.set_state(state)
            with self.subTest(state=state), self.assertRaises(PermissionDenied):
                saving.save_cells(grid, user=self.alice, changes=[change])
            with self.subTest(state=state), self.assertRaises(PermissionDenied):
                services.plan_update_summary(
                    plan=self.plan, user=self.alice, strategy_changes="x", revision=1
                )
        self.assertFalse(Target.objects.exists())

    def test_an_import_previewed_on_a_draft_is_refused_once_the_plan_is_submitted(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.login(self.alice)
        with override_settings(MEDIA_ROOT=media):
            response = self.client.post(
                reverse("numbers_import", args=[self.plan.pk]),
                {
                    "sheet": "targets",
                    "file": SimpleUploadedFile("t.csv", csv_file([TARGETS, ["朗通", "A", "5"]])),
                },
            )
            token = response.context["token"]
            self.assertTrue(token)
            self.set_state("submitted")

            apply = self.client.post(
                reverse("numbers_import_apply", args=[self.plan.pk]), {"token": token}
            )
            upload = self.client.post(
                reverse("numbers_import", args=[self.plan.pk]),
                {
                    "sheet": "targets",
                    "file": SimpleUploadedFile("t.csv", csv_file([TARGETS, ["朗通", "A", "5"]])),
                },
            )

        self.assertEqual(apply.status_code, 403)
        self.assertEqual(upload.status_code, 403)
        self.assertFalse(Target.objects.exists())

    def test_the_admin_cannot_change_delete_or_revert_a_submitted_plan(self):
        self.set_state("submitted")
        services.plan_approve(plan=self.plan, user=self.rita)
        self.plan.refresh_from_db()
        history = self.plan.history.order_by("history_id").first()
        before = self.content()
        self.login(self.adam)

        change = self.client.post(
            reverse("admin:planning_plan_change", args=[self.plan.pk]),
            {"state": "draft", "strategy_changes": "改", "revision": 99},
        )
        delete = self.client.post(
            reverse("admin:planning_plan_delete", args=[self.plan.pk]), {"post": "yes"}
        )
        revert = self.client.post(
            reverse("admin:planning_plan_simple_history", args=[self.plan.pk, history.history_id]),
            {"state": "draft"},
        )

        self.assertIn(change.status_code, (200, 302, 403))
        self.assertEqual(delete.status_code, 403)
        self.assertEqual(revert.status_code, 403)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.content()[1:], before[1:])

    def test_the_admin_cannot_revert_a_chapter_of_a_plan_through_its_history(self):
        item = SwotItem.objects.create(plan=self.plan, kind="S", text="原文")
        item.text = "改过"
        item.save()
        old = item.history.order_by("history_id").first()
        self.set_state("approved")
        self.login(self.adam)

        response = self.client.post(
            reverse("admin:planning_swotitem_simple_history", args=[item.pk, old.history_id]),
            {"plan": self.plan.pk, "kind": "S", "text": "原文", "order": 0},
        )

        self.assertEqual(response.status_code, 403)
        item.refresh_from_db()
        self.assertEqual(item.text, "改过")
