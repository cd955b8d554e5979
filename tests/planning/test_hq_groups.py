"""Headquarters' drill-downs: a parent region opens on its child regions with a total row; a
region's drill-down names its plan's state and version and totals its customers and products."""

from decimal import Decimal

from planning.models import Plan, Target
from tests.base import PersonasTestCase


class GroupDrillDownTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Plan.objects.filter(pk=cls.other_plan.pk).update(state=Plan.State.SUBMITTED)
        cls.ningbo = cls.langtong.__class__.objects.create(region=cls.jiangsu, name="宁波客户")
        for plan, customer, amount in (
            (cls.plan, cls.langtong, "1200.00"),
            (cls.other_plan, cls.ningbo, "800.00"),
        ):
            Target.objects.create(
                plan=plan,
                customer=customer,
                product=cls.product_a,
                month=1,
                quantity=1,
                amount=Decimal(amount),
            )

    def test_the_parent_group_opens_on_its_regions_with_states_versions_and_a_total(self):
        self.login(self.rita)
        response = self.client.get("/hq/2027/HD/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("华东", html)
        self.assertIn('href="/hq/2027/SH/"', html)
        self.assertIn('href="/hq/2027/JS/"', html)
        self.assertIn("草稿", html)  # rita reads Chinese: Draft
        self.assertIn("已提交", html)  # Submitted
        self.assertIn("<td>v1</td>", html)
        self.assertIn("1,200.00", html)
        self.assertIn("800.00", html)
        total_row = html.split('<tr class="total-row">')[1].split("</tr>")[0]
        self.assertIn("2,000.00", total_row)

    def test_the_roll_up_links_the_parent_group(self):
        self.login(self.rita)
        self.assertContains(self.client.get("/hq/2027/"), 'href="/hq/2027/HD/"')

    def test_a_manager_cannot_open_a_group_outside_their_regions(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/hq/2027/HD/").status_code, 404)

    def test_the_group_exports_a_workbook(self):
        self.login(self.rita)
        response = self.client.get("/hq/2027/HD/?format=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])

    def test_the_region_drill_down_shows_state_version_and_total_rows(self):
        self.login(self.rita)
        response = self.client.get("/hq/2027/JS/")
        html = response.content.decode()
        state = html.split('class="small plan-state">')[1].split("</div>")[0]
        self.assertIn("已提交", state)  # rita reads Chinese: Submitted
        self.assertIn("1", state)
        totals = html.split('<tr class="total-row">')[1:]
        self.assertEqual(len(totals), 2)  # by customer, by product
        self.assertIn("800.00", totals[0])
        self.assertIn("800.00", totals[1])
