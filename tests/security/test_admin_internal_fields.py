"""The admin hides the app's bookkeeping (#20): no form of the admin offers a revision (the
optimistic-locking counter) or who created a record; the locking keeps working without them."""

from datetime import date

from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from customers.models import Action, CommittedAction
from tests.base import PersonasTestCase

APPS = ("customers", "competition", "planning")
INTERNAL = ("revision", "created_by")


class AdminInternalFieldsTests(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def test_no_admin_form_of_the_apps_offers_an_internal_field(self):
        request = RequestFactory().get("/")
        request.user = self.adam
        offered = []
        models = [model for app in APPS for model in apps.get_app_config(app).get_models()]
        for model in filter(admin.site.is_registered, models):
            model_admin = admin.site.get_model_admin(model)
            forms = [(model, model_admin.get_form(request, None).base_fields)]
            forms += [
                (inline.model, inline.get_formset(request, None).form.base_fields)
                for inline in model_admin.get_inline_instances(request, None)
            ]
            for form_model, fields in forms:
                label = form_model._meta.label
                offered += [f"{label}.{name}" for name in INTERNAL if name in fields]
        self.assertEqual(offered, [])

    def test_the_customer_and_plan_change_pages_show_no_revision(self):
        self.login(self.adam)
        for url in (
            reverse("admin:customers_customer_change", args=[self.langtong.pk]),
            reverse("admin:planning_plan_change", args=[self.plan.pk]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, 'name="revision"')
                self.assertNotContains(response, "Revision:")

    def test_an_administrators_save_still_raises_the_revision(self):
        self.login(self.adam)
        url = reverse("admin:customers_customer_change", args=[self.langtong.pk])
        self.assertContains(self.client.get(url), 'name="loaded_revision" value="1"')

        response = self.client.post(
            url,
            {
                "region": self.shanghai.pk,
                "name": "朗通",
                "industry": "通信",
                "active": "on",
                "loaded_revision": "1",
                "prices-TOTAL_FORMS": "0",
                "prices-INITIAL_FORMS": "0",
                "_save": "Save",
            },
        )

        self.assertEqual(response.status_code, 302)
        self.langtong.refresh_from_db()
        self.assertEqual((self.langtong.industry, self.langtong.revision), ("通信", 2))

    def test_a_committed_action_added_in_the_admin_records_who_added_it(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:customers_committedaction_add"),
            {
                "customer": self.langtong.pk,
                "period": self.period.pk,
                "action": Action.objects.get(number=4).pk,
                "owner": self.alice.pk,
                "due_date": date(2027, 3, 1).isoformat(),
                "status": "open",
                "_save": "Save",
            },
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(CommittedAction.objects.get().created_by, self.adam)
