"""The administrator's prices: agreed prices inline on customers and products and in their own
list, list prices by month, each save offering the repricing preview."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from customers.models import CustomerPrice, ListPrice
from tests.base import PersonasTestCase

D = Decimal


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class PriceAdminTests(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.adam)

    def customer_form(self, **inline) -> dict:
        self.langtong.refresh_from_db()
        return {
            "region": self.shanghai.pk,
            "name": self.langtong.name,
            "industry": "",
            "contact": "",
            "payment_terms": "",
            "notes": "",
            "active": "on",
            "loaded_revision": self.langtong.revision,
            **inline,
        }

    def product_form(self, **inline) -> dict:
        return {
            "code": "A",
            "name": "产品A",
            "name_en": "Product A",
            "unit": "件",
            "whole_units": "on",
            "list_price": "100.00",
            "standard_cost": "0.00",
            "active": "on",
            **management("customer_prices", 0),
            **inline,
        }

    def test_the_administrator_adds_an_agreed_price_on_the_customer(self):
        url = reverse("admin:customers_customer_change", args=[self.langtong.pk])
        data = self.customer_form(
            **management("prices", 1),
            **{
                "prices-0-customer": self.langtong.pk,
                "prices-0-product": self.product_a.pk,
                "prices-0-price": "95.00",
                "prices-0-valid_from": "2027-03-01",
            },
        )

        response = self.client.post(url, data, follow=True)

        self.assertEqual(response.status_code, 200)
        price = CustomerPrice.objects.get(customer=self.langtong)
        self.assertEqual((price.price, price.valid_from), (D("95.00"), date(2027, 3, 1)))
        self.assertEqual(price.history.get().history_user, self.adam)
        preview = reverse("targets_reprice_preview")
        self.assertContains(response, f'href="{preview}?year=2027&amp;month=3')

    def test_changing_a_price_inline_raises_its_revision(self):
        price = CustomerPrice.objects.create(
            customer=self.langtong, product=self.product_a, price=D("95.00")
        )
        url = reverse("admin:customers_customer_change", args=[self.langtong.pk])
        data = self.customer_form(
            **management("prices", 1, initial=1),
            **{
                "prices-0-id": price.pk,
                "prices-0-customer": self.langtong.pk,
                "prices-0-product": self.product_a.pk,
                "prices-0-price": "93.00",
                "prices-0-valid_from": "2000-01-01",
            },
        )

        response = self.client.post(url, data)

        self.assertEqual(response.status_code, 302)
        price.refresh_from_db()
        self.assertEqual((price.price, price.revision), (D("93.00"), 2))

    def test_a_price_from_a_day_other_than_the_first_is_refused_at_the_field(self):
        url = reverse("admin:customers_customer_change", args=[self.langtong.pk])
        data = self.customer_form(
            **management("prices", 1),
            **{
                "prices-0-customer": self.langtong.pk,
                "prices-0-product": self.product_a.pk,
                "prices-0-price": "95.00",
                "prices-0-valid_from": "2027-03-15",
            },
        )

        response = self.client.post(url, data)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A price takes effect from the first of a month.")
        self.assertFalse(CustomerPrice.objects.exists())

    def test_the_product_takes_list_prices_by_month_and_agreed_prices_inline(self):
        url = reverse("admin:customers_product_change", args=[self.product_a.pk])
        data = self.product_form(
            **management("list_prices", 1),
            **{
                "list_prices-0-product": self.product_a.pk,
                "list_prices-0-price": "110.00",
                "list_prices-0-valid_from": "2027-07-01",
            },
        )
        data.update(management("customer_prices", 1))
        data.update(
            {
                "customer_prices-0-product": self.product_a.pk,
                "customer_prices-0-customer": self.langtong.pk,
                "customer_prices-0-price": "96.00",
                "customer_prices-0-valid_from": "2027-01-01",
            }
        )

        response = self.client.post(url, data, follow=True)

        self.assertEqual(response.status_code, 200)
        listed = ListPrice.objects.get(product=self.product_a)
        self.assertEqual((listed.price, listed.valid_from), (D("110.00"), date(2027, 7, 1)))
        self.assertEqual(CustomerPrice.objects.get().price, D("96.00"))
        self.assertContains(response, "keep their amounts until they are repriced")

    def test_the_prices_list_searches_and_filters_and_hides_the_revision(self):
        CustomerPrice.objects.create(customer=self.langtong, product=self.product_a, price=D("95"))
        changelist = reverse("admin:customers_customerprice_changelist")

        found = self.client.get(changelist, {"q": "朗通"})
        filtered = self.client.get(changelist, {"customer__region__id__exact": self.jiangsu.pk})
        form = self.client.get(reverse("admin:customers_customerprice_add"))

        self.assertContains(found, "朗通")
        self.assertEqual(filtered.status_code, 200)
        self.assertEqual(filtered.context["cl"].result_count, 0)
        self.assertNotContains(form, 'name="revision"')
        self.assertContains(form, 'name="valid_from"')

    def test_the_reprice_action_opens_the_preview_of_the_selected_prices(self):
        price = CustomerPrice.objects.create(
            customer=self.langtong,
            product=self.product_a,
            price=D("95"),
            valid_from=date(2027, 4, 1),
        )

        response = self.client.post(
            reverse("admin:customers_customerprice_changelist"),
            {"action": "reprice_targets", "_selected_action": [price.pk]},
        )

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("targets_reprice_preview")))
        self.assertIn("year=2027&month=4", response["Location"])
        self.assertIn(f"customer={self.langtong.pk}", response["Location"])
