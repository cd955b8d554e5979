"""The customers of a region: list with filters, search, sorting and export; adding and editing."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers import services
from customers.models import AssessmentFactor, Customer, EnergyRating, User
from tests.base import PersonasTestCase, make_user


def assess(customer, period, user, attractiveness, advantage):
    scores = {
        f.pk: attractiveness if f.axis == AssessmentFactor.Axis.ATTRACTIVENESS else advantage
        for f in AssessmentFactor.objects.filter(active=True)
    }
    return services.assessment_save(
        customer=customer, period=period, user=user, scores=scores, revision=0
    )


def rate(customer, period, user, order, likelihood):
    return services.energy_save(
        customer=customer,
        period=period,
        user=user,
        order_level=order,
        likelihood_level=likelihood,
        revision=0,
    )


class CustomerListTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(
            region=cls.shanghai, name="泰岳", industry="软件与集成", contact="王经理"
        )
        cls.wanxing = Customer.objects.create(region=cls.shanghai, name="万星", industry="电子制造")
        cls.old = Customer.objects.create(region=cls.shanghai, name="旧客户", active=False)
        assess(cls.langtong, cls.period, cls.alice, 4, 4)  # tier 1
        rate(cls.langtong, cls.period, cls.alice, 1, 1)  # A → P1
        assess(cls.taiyue, cls.period, cls.alice, 2, 2)  # tier 4
        rate(cls.taiyue, cls.period, cls.alice, 4, 4)  # D → P4

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)
        self.url = reverse("customer_list", args=[self.shanghai.pk])

    def names(self, response) -> list[str]:
        return [row.record.customer.name for row in response.context["table"].paginated_rows]

    def test_the_list_shows_tier_class_and_priority_by_priority(self):
        response = self.client.get(self.url)

        self.assertEqual(self.names(response), ["朗通", "泰岳", "万星"])
        self.assertContains(
            response, '<span class="badge tier-badge tier-1">Tier 1</span>', html=True
        )
        self.assertContains(
            response, '<span class="badge class-badge class-d">Class D</span>', html=True
        )
        self.assertContains(
            response, '<span class="badge priority-badge priority-1">P1</span>', html=True
        )
        self.assertNotContains(response, "旧客户")

    def test_filters_by_tier_class_and_priority(self):
        self.assertEqual(self.names(self.client.get(self.url, {"tier": "4"})), ["泰岳"])
        self.assertEqual(self.names(self.client.get(self.url, {"energy_class": "A"})), ["朗通"])
        self.assertEqual(self.names(self.client.get(self.url, {"priority": "4"})), ["泰岳"])

    def test_search_finds_name_industry_and_contact(self):
        self.assertEqual(self.names(self.client.get(self.url, {"q": "王经理"})), ["泰岳"])
        self.assertEqual(self.names(self.client.get(self.url, {"q": "电子"})), ["万星"])

    def test_inactive_customers_are_listed_on_request(self):
        response = self.client.get(self.url, {"active": "inactive"})

        self.assertEqual(self.names(response), ["旧客户"])

    def test_sorting_by_a_column(self):
        response = self.client.get(self.url, {"sort": "-name"})

        self.assertEqual(self.names(response), sorted(["朗通", "泰岳", "万星"], reverse=True))

    def test_an_htmx_filter_request_gets_only_the_table(self):
        response = self.client.get(self.url, {"tier": "1"}, HTTP_HX_REQUEST="true")

        self.assertTemplateUsed(response, "customers/_customer_table.html")
        self.assertTemplateNotUsed(response, "customers/customer_list.html")
        self.assertNotContains(response, "<html")

    def test_csv_export_keeps_the_filter_and_neutralises_formulas(self):
        Customer.objects.filter(pk=self.wanxing.pk).update(contact="=HYPERLINK(1)")

        response = self.client.get(self.url, {"_export": "csv", "q": "电子"})

        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["Customer"], "万星")
        self.assertEqual(rows[0]["Industry"], "电子制造")
        self.assertEqual(rows[0]["Contact"], "'=HYPERLINK(1)")
        self.assertEqual(rows[0]["Tier"], "")

    def test_excel_export_writes_scores_as_numbers(self):
        response = self.client.get(self.url, {"_export": "xlsx", "tier": "1"})

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in sheet[1]]
        row = dict(zip(header, [cell for cell in sheet[2]], strict=True))
        self.assertEqual(row["Customer"].value, "朗通")
        self.assertEqual(row["Tier"].value, "Tier 1")
        self.assertEqual(row["Attractiveness"].value, 4)
        self.assertEqual(row["Attractiveness"].number_format, "0.00")
        self.assertEqual(row["Priority"].value, "P1")

    def test_the_query_count_does_not_grow_with_the_customers(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.url)
            return len(queries)

        before = count()
        for number in range(12):
            customer = Customer.objects.create(region=self.shanghai, name=f"新客户{number}")
            assess(customer, self.period, self.alice, 3, 3)
            rate(customer, self.period, self.alice, 2, 2)

        self.assertEqual(count(), before)

    def test_another_regions_manager_gets_not_found(self):
        self.login(self.bob)

        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_reviewers_read_the_list_without_the_add_button(self):
        self.login(self.rita)

        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Add a customer")


class CustomerFormTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carol = make_user("carol", User.Role.MANAGER, regions=[cls.shanghai])

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def fields(self, **overrides):
        data = {
            "name": "华信电子",
            "industry": "电子制造",
            "contact": "李工 138",
            "payment_terms": "月结60天",
            "notes": "",
            "active": "on",
        }
        data.update(overrides)
        return data

    def test_manager_adds_a_customer_to_the_region(self):
        response = self.client.post(
            reverse("customer_create", args=[self.shanghai.pk]), self.fields()
        )

        customer = Customer.objects.get(name="华信电子")
        self.assertRedirects(response, customer.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(customer.region, self.shanghai)
        self.assertEqual(customer.payment_terms, "月结60天")
        self.assertEqual(customer.history.first().history_user, self.alice)

    def test_a_name_the_region_already_has_is_refused_at_the_field(self):
        response = self.client.post(
            reverse("customer_create", args=[self.shanghai.pk]), self.fields(name=" 朗通 ")
        )

        self.assertContains(
            response, "The region already has a customer of this name.", status_code=422
        )
        self.assertContains(response, 'value="李工 138"', status_code=422)
        self.assertEqual(Customer.objects.filter(name="朗通").count(), 1)

    def test_the_same_name_in_another_region_is_fine(self):
        self.login(self.bob)

        response = self.client.post(
            reverse("customer_create", args=[self.jiangsu.pk]), self.fields(name="朗通")
        )

        self.assertEqual(response.status_code, 302)

    def test_manager_edits_a_customer(self):
        response = self.client.post(
            reverse("customer_edit", args=[self.langtong.pk]),
            self.fields(name="朗通", revision="1"),
        )

        self.assertEqual(response.status_code, 302)
        self.langtong.refresh_from_db()
        self.assertEqual((self.langtong.industry, self.langtong.revision), ("电子制造", 2))

    def test_the_second_of_two_edits_from_the_same_revision_gets_a_conflict(self):
        url = reverse("customer_edit", args=[self.langtong.pk])
        self.login(self.carol)
        self.client.post(url, self.fields(name="朗通", contact="卡罗尔", revision="1"))
        self.login(self.alice)

        response = self.client.post(url, self.fields(name="朗通", contact="爱丽丝", revision="1"))

        self.assertContains(response, "saved this customer after you opened it", status_code=409)
        self.assertContains(response, "卡罗尔", status_code=409)
        self.assertContains(response, 'value="爱丽丝"', status_code=409)
        self.assertContains(response, 'name="revision" value="2"', status_code=409)
        self.langtong.refresh_from_db()
        self.assertEqual(self.langtong.contact, "卡罗尔")

    def test_reviewers_and_administrators_cannot_add_or_edit(self):
        for persona in (self.rita, self.adam):
            self.login(persona)
            with self.subTest(persona=persona.username):
                create = self.client.post(
                    reverse("customer_create", args=[self.shanghai.pk]), self.fields()
                )
                edit = self.client.post(
                    reverse("customer_edit", args=[self.langtong.pk]), self.fields(revision="1")
                )
                self.assertEqual((create.status_code, edit.status_code), (403, 403))
        self.assertFalse(Customer.objects.filter(name="华信电子").exists())


class CustomerHomeTests(PersonasTestCase):
    def test_a_manager_sees_their_regions_and_a_reviewer_all(self):
        self.login(self.alice)
        mine = self.client.get(reverse("customer_home"))
        self.login(self.rita)
        everyone = self.client.get(reverse("customer_home"))

        self.assertEqual([r.code for r in mine.context["regions"]], ["SH"])
        self.assertEqual([r.code for r in everyone.context["regions"]], ["HD", "JS", "SH"])


class EnergyRatingAlone(PersonasTestCase):
    def test_a_customer_with_energy_but_no_assessment_has_a_class_but_no_priority(self):
        rate(self.langtong, self.period, self.alice, 2, 2)
        self.login(self.alice)

        response = self.client.get(reverse("customer_list", args=[self.shanghai.pk]))

        record = response.context["table"].paginated_rows[0].record
        self.assertEqual((record.tier, record.energy_class, record.priority), (None, "B", None))
        self.assertEqual(record.energy_score, Decimal("8.00"))
        self.assertTrue(EnergyRating.objects.exists())
