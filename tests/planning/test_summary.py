"""The plan summary editor: saving, the length limit, and two people saving at once."""

from django.urls import reverse

from customers.models import RegionMembership, User
from planning.models import SUMMARY_TEXT_LIMIT, Plan
from tests.base import PersonasTestCase, make_user


class SummaryEditTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A second manager of Shanghai, to save the same summary as alice.
        cls.carol = make_user("carol", User.Role.MANAGER, regions=[cls.shanghai])

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.url = reverse("plan_summary_edit", args=[self.plan.pk])
        self.login(self.alice)

    def save(self, text: str, revision: int):
        return self.client.post(self.url, {"strategy_changes": text, "revision": revision})

    def test_editor_shows_the_saved_text_and_the_current_revision(self):
        Plan.objects.filter(pk=self.plan.pk).update(strategy_changes="已有文字", revision=7)

        response = self.client.get(self.url)

        self.assertContains(response, "已有文字</textarea>")
        self.assertContains(response, 'name="revision" value="7"')

    def test_manager_saves_the_summary(self):
        response = self.save("  聚焦朗通、泰岳两家一级客户。\r\n收紧帐期。  ", 1)

        self.assertRedirects(
            response,
            f"{self.plan.get_absolute_url()}#chapter-summary",
            fetch_redirect_response=False,
        )
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "The summary was saved.")
        self.assertContains(page, "聚焦朗通、泰岳两家一级客户。<br>收紧帐期。")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, "聚焦朗通、泰岳两家一级客户。\n收紧帐期。")
        self.assertEqual(self.plan.revision, 2)
        self.assertEqual(self.plan.history.first().history_user, self.alice)

    def test_exactly_the_limit_is_accepted(self):
        text = "字" * SUMMARY_TEXT_LIMIT

        response = self.save(text, 1)

        self.assertEqual(response.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, text)

    def test_over_long_text_is_refused_at_the_field_and_the_typed_text_is_kept(self):
        text = "长" * (SUMMARY_TEXT_LIMIT + 1)

        response = self.save(text, 1)

        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response,
            "At most 500 characters, please; this text has 501.",
            status_code=422,
        )
        self.assertContains(response, 'class="invalid-feedback"', status_code=422)
        self.assertContains(response, f"{text}</textarea>", status_code=422)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, "")
        self.assertEqual(self.plan.revision, 1)

    def test_the_second_of_two_saves_from_the_same_revision_gets_a_conflict(self):
        self.login(self.carol)
        self.assertEqual(self.save("卡罗尔的版本：先保存。", 1).status_code, 302)
        self.login(self.alice)

        response = self.save("爱丽丝的版本：后保存。", 1)

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "carol saved this summary", status_code=409)
        self.assertContains(response, "Your text was not saved.", status_code=409)
        self.assertContains(
            response,
            'class="border-start ps-3 mt-1 mb-2 their-text">卡罗尔的版本：先保存。',
            status_code=409,
        )
        self.assertContains(response, "爱丽丝的版本：后保存。</textarea>", status_code=409)
        self.assertContains(response, 'name="revision" value="2"', status_code=409)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, "卡罗尔的版本：先保存。")
        self.assertEqual(self.plan.revision, 2)

    def test_after_a_conflict_the_merged_text_saves_on_the_new_revision(self):
        self.login(self.carol)
        self.save("卡罗尔的版本。", 1)
        self.login(self.alice)
        self.save("爱丽丝的版本。", 1)

        response = self.save("卡罗尔的版本。爱丽丝的版本。", 2)

        self.assertEqual(response.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, "卡罗尔的版本。爱丽丝的版本。")
        self.assertEqual(self.plan.revision, 3)

    def test_a_deactivated_manager_cannot_save(self):
        self.assertFalse(RegionMembership.objects.get(user=self.dave).user.is_active)
        self.login(self.dave)

        response = self.save("旧经理的文字", 1)

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.strategy_changes, "")
