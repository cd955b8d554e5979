"""The admin is one more save path: it raises revisions, refuses its own stale forms, and its
history "revert" is refused for every content model."""

from django.urls import reverse

from competition.models import Competitor
from customers.models import Customer
from tests.security.objects import MatrixObjectsTestCase


class AdminRevisionTests(MatrixObjectsTestCase):
    def admin_change(self, customer: Customer, **changes):
        data = {
            "region": customer.region_id,
            "name": customer.name,
            "industry": customer.industry,
            "contact": customer.contact,
            "payment_terms": customer.payment_terms,
            "notes": customer.notes,
            "active": "on",
            "_save": "Save",
            # The customer's agreed prices are inlined: an empty inline still sends its counts.
            "prices-TOTAL_FORMS": "0",
            "prices-INITIAL_FORMS": "0",
            **changes,
        }
        url = reverse("admin:customers_customer_change", args=[customer.pk])
        return self.client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    def test_a_managers_form_opened_before_the_administrators_change_is_refused(self):
        customer = self.langtong
        self.login(self.alice)
        loaded = self.client.get(reverse("customer_edit", args=[customer.pk]))
        self.assertContains(loaded, 'name="revision" value="1"')

        self.login(self.adam)
        self.assertEqual(self.admin_change(customer, industry="通信").status_code, 302)
        customer.refresh_from_db()
        self.assertEqual((customer.industry, customer.revision), ("通信", 2))

        self.login(self.alice)
        stale = self.client.post(
            reverse("customer_edit", args=[customer.pk]),
            {"name": customer.name, "industry": "电子", "revision": 1, "active": "on"},
        )

        self.assertEqual(stale.status_code, 409)
        customer.refresh_from_db()
        self.assertEqual(customer.industry, "通信")  # the administrator's change stands

    def test_the_administrators_stale_form_is_refused_and_keeps_what_was_typed(self):
        customer = self.langtong
        self.login(self.adam)
        url = reverse("admin:customers_customer_change", args=[customer.pk])
        self.assertContains(self.client.get(url), 'name="loaded_revision" value="1"')
        Customer.objects.filter(pk=customer.pk).update(industry="电子", revision=2)  # a manager

        response = self.admin_change(customer, industry="通信", loaded_revision=1)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Someone saved this record after you opened it.")
        self.assertContains(response, 'value="通信"')
        customer.refresh_from_db()
        self.assertEqual((customer.industry, customer.revision), ("电子", 2))

    def test_history_revert_is_refused_for_content_models(self):
        self.login(self.adam)
        self.admin_change(self.langtong, industry="通信")
        competitor = self.competitor
        cases = {
            "customers_customer": self.langtong,
            "competition_competitor": competitor,
        }
        for model, obj in cases.items():
            with self.subTest(model=model):
                record = obj.history.earliest("history_date")
                url = reverse(f"admin:{model}_simple_history", args=[obj.pk, record.history_id])
                self.assertEqual(self.client.get(url).status_code, 200)  # readable
                before = type(obj).objects.get(pk=obj.pk).revision
                response = self.client.post(url, {"name": "回滚", "_save": "Save"})
                self.assertEqual(response.status_code, 403)
                self.assertEqual(type(obj).objects.get(pk=obj.pk).revision, before)
        self.assertFalse(Competitor.objects.filter(name="回滚").exists())
