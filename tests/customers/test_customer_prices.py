"""A customer's agreed prices on its page: listed with the list price, added and changed by the
region's manager, refused to reviewers, bad input answered at the field, conflicts kept."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from customers.models import CustomerPrice, ListPrice
from tests.base import PersonasTestCase

D = Decimal


class CustomerPricePageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ListPrice.objects.create(
            product=cls.product_a, price=D("120.00"), valid_from=date(2027, 7, 1)
        )
        cls.price = CustomerPrice.objects.create(
            customer=cls.langtong,
            product=cls.product_a,
            price=D("114.00"),
            valid_from=date(2027, 7, 1),
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.create_url = reverse("customer_price_create", args=[self.langtong.pk])
        self.edit_url = reverse("customer_price_edit", args=[self.price.pk])

    def post_price(self, url, **data):
        return self.client.post(
            url,
            {"product": self.product_a.pk, "price": "", "valid_from": "", "revision": 0, **data},
        )

    def test_the_page_lists_each_price_with_its_month_and_the_list_price_then(self):
        self.login(self.rita)

        response = self.client.get(reverse("customer_detail", args=[self.langtong.pk]))

        self.assertContains(response, f'id="price-{self.price.pk}"')
        row = response.content.decode().split(f'id="price-{self.price.pk}"')[1].split("</tr>")[0]
        self.assertIn("¥114.00", row)
        self.assertIn("Jul 2027", row)
        self.assertIn("¥120.00", row)  # the list price from July, for comparison
        self.assertIn("5.0%", row)
        self.assertNotContains(response, self.create_url)  # a reviewer reads only

    def test_the_manager_adds_a_price_from_a_month(self):
        self.login(self.alice)

        response = self.post_price(self.create_url, price="1,110.50", valid_from="2027-03")

        self.assertRedirects(
            response,
            reverse("customer_detail", args=[self.langtong.pk]) + "#prices",
            fetch_redirect_response=False,
        )
        added = CustomerPrice.objects.get(valid_from=date(2027, 3, 1))
        self.assertEqual((added.price, added.revision), (D("1110.50"), 1))
        self.assertEqual(added.history.get().history_user, self.alice)

    def test_the_manager_changes_a_price(self):
        self.login(self.alice)
        page = self.client.get(self.edit_url)
        self.assertContains(page, 'value="2027-07"')

        response = self.post_price(self.edit_url, price="112", valid_from="2027-08", revision=1)

        self.assertEqual(response.status_code, 302)
        self.price.refresh_from_db()
        self.assertEqual(
            (self.price.price, self.price.valid_from, self.price.revision),
            (D("112.00"), date(2027, 8, 1), 2),
        )

    def test_a_reviewer_and_an_administrator_may_not_change_prices(self):
        for persona in (self.rita, self.adam):
            with self.subTest(persona=persona.username):
                self.login(persona)
                self.assertEqual(self.client.get(self.create_url).status_code, 403)
                response = self.post_price(
                    self.edit_url, price="1", valid_from="2027-01", revision=1
                )
                self.assertEqual(response.status_code, 403)
        self.price.refresh_from_db()
        self.assertEqual(self.price.price, D("114.00"))

    def test_another_regions_manager_gets_not_found(self):
        self.login(self.bob)

        self.assertEqual(self.client.get(self.edit_url).status_code, 404)

    def test_bad_input_is_answered_next_to_its_field(self):
        self.login(self.alice)

        response = self.post_price(self.create_url, price="12abc", valid_from="2027-03-15")

        self.assertEqual(response.status_code, 422)
        form = response.context["form"]
        self.assertEqual(form.errors["price"], ["Type a price, such as 1,234.50."])
        self.assertEqual(
            form.errors["valid_from"], ["Give the first month the price applies, such as 2027-03."]
        )
        html = response.content.decode()
        price_field = html.split('id="div_id_price"')[1].split('id="div_id_valid_from"')[0]
        self.assertIn("Type a price, such as 1,234.50.", price_field)
        self.assertEqual(CustomerPrice.objects.count(), 1)

    def test_a_second_price_for_the_same_month_is_refused_at_the_month(self):
        self.login(self.alice)

        response = self.post_price(self.create_url, price="100", valid_from="2027-07")

        self.assertEqual(response.status_code, 422)
        self.assertIn("already has a price", response.context["form"].errors["valid_from"][0])

    def test_a_save_from_an_older_revision_is_refused_and_keeps_the_typed_values(self):
        self.login(self.alice)
        CustomerPrice.objects.filter(pk=self.price.pk).update(price=D("113.00"), revision=2)

        response = self.post_price(self.edit_url, price="111", valid_from="2027-07", revision=1)

        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "¥113.00", status_code=409)
        self.assertEqual(response.context["form"]["price"].value(), "111")
        self.price.refresh_from_db()
        self.assertEqual(self.price.price, D("113.00"))
