"""The baseline rule (issue 17): headquarters reads each region's latest approved version, so a
revision being written does not replace the approved plan; an approved revision is the new
baseline; a switch reads the latest submitted or the working versions; the half-year page sets
the original plan, the revised plan and the actual side by side."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from customers.models import Period
from planning.hq import dashboard
from planning.models import ActualSale, Plan, Target
from planning.printing import packs
from planning.versions import baseline
from planning.versions.revision import plan_revise
from tests.base import PersonasTestCase

D = Decimal
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


class BaselineTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.target(cls.plan, 1, "1000.00")
        # The lifecycle's own tests cover submitting and approving; here only the state matters.
        Plan.objects.filter(pk=cls.plan.pk).update(state=Plan.State.APPROVED)
        ActualSale.objects.create(
            region=cls.shanghai,
            period=cls.period,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            quantity=1,
            amount="600.00",
        )

    @staticmethod
    def target(plan, month, amount):
        Target.objects.update_or_create(
            plan=plan,
            customer_id=plan.region.customers.get().pk,
            product_id=Target._meta.get_field("product").related_model.objects.get().pk,
            month=month,
            defaults={"quantity": 1, "amount": amount},
        )

    def revise_to(self, amount: str) -> Plan:
        """Shanghai's half-year revision, its January target changed to `amount`."""
        self.plan.refresh_from_db()
        revision = plan_revise(plan=self.plan, user=self.rita)
        self.target(revision, 1, amount)
        return revision

    def sh_line(self, basis=baseline.APPROVED):
        lines, _company, _month = dashboard.region_rollup(self.rita, self.period, basis)
        return next(line for line in lines if line.code == "SH")

    def test_a_draft_revision_leaves_the_approved_plan_as_the_baseline(self):
        self.revise_to("1500.00")
        line = self.sh_line()
        self.assertEqual((line.target, line.version), (D("1000.00"), 1))
        self.assertEqual(line.state, Plan.State.APPROVED.label)
        working = self.sh_line(baseline.WORKING)
        self.assertEqual((working.target, working.version), (D("1500.00"), 2))
        # Submitted, not approved: "latest submitted" reads it, the default still does not.
        Plan.objects.filter(region=self.shanghai, version=2).update(state=Plan.State.SUBMITTED)
        self.assertEqual(self.sh_line(baseline.SUBMITTED).target, D("1500.00"))
        self.assertEqual(self.sh_line().target, D("1000.00"))

    def test_an_approved_revision_becomes_the_baseline(self):
        revision = self.revise_to("1500.00")
        Plan.objects.filter(pk=revision.pk).update(state=Plan.State.APPROVED)
        line = self.sh_line()
        self.assertEqual((line.target, line.version), (D("1500.00"), 2))

    def test_the_page_and_drill_down_follow_the_switch_and_keep_it_in_their_links(self):
        self.revise_to("1500.00")
        self.login(self.rita)
        page = self.client.get("/hq/2027/", **EN).content.decode()
        self.assertIn("1,000.00", page)
        self.assertNotIn("1,500.00", page)
        self.assertIn("Approved · v1", page)
        working = self.client.get("/hq/2027/?basis=working&unit=wan", **EN).content.decode()
        self.assertIn("Draft · v2", working)
        self.assertIn('href="/hq/2027/SH/?unit=wan&amp;basis=working"', working)
        drill = self.client.get("/hq/2027/SH/?basis=working", **EN).content.decode()
        self.assertIn("version 2", drill)
        self.assertIn("version 1", self.client.get("/hq/2027/SH/", **EN).content.decode())
        self.assertEqual(self.client.get("/hq/2027/?basis=latest").status_code, 400)

    def test_a_pack_prints_the_approved_baseline_while_the_revision_is_a_draft(self):
        self.revise_to("1500.00")
        chosen = packs.chosen_plans(
            user=self.rita,
            period=self.period,
            regions=[self.shanghai],
            states=[Plan.State.SUBMITTED, Plan.State.APPROVED],
        )
        self.assertEqual([(plan.version, plan.state) for plan in chosen], [(1, "approved")])

    def test_the_half_year_page_sets_original_revised_and_actual_side_by_side(self):
        self.revise_to("1500.00")
        rows, company = dashboard.revision_rollup(self.rita, self.period)
        shanghai = next(row for row in rows if row.original.code == "SH")
        self.assertEqual(
            (shanghai.original.target, shanghai.revised.target, shanghai.change),
            (D("1000.00"), D("1500.00"), D("500.00")),
        )
        self.assertEqual(shanghai.change_percent, D("50.0"))
        self.assertEqual(shanghai.revised.actual_to_date, D("600.00"))
        # Jiangsu is not revised: its original twice; the company adds both.
        self.assertEqual(company.original.target, D("1000.00"))
        self.assertEqual(company.revised.target, D("1500.00"))
        self.login(self.rita)
        page = self.client.get("/hq/2027/half-year/", **EN).content.decode()
        self.assertIn("Original plan, revised plan and actual", page)
        self.assertIn("v1 · Approved", page)
        self.assertIn("v2 · Draft", page)
        self.assertIn("500.00", page)

    def test_the_half_year_workbook_holds_the_page_figures_a_row_a_region(self):
        self.revise_to("1500.00")
        self.login(self.rita)
        page = self.client.get("/hq/2027/half-year/", **EN).content.decode()
        self.assertIn('href="?format=xlsx">Export .xlsx</a>', page)
        response = self.client.get("/hq/2027/half-year/?unit=yuan&format=xlsx", **EN)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["A1"].value, "Original plan, revised plan and actual · 2027")
        heading = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Region")
        self.assertEqual(
            [cell.value for cell in sheet[heading]][5:10],
            [
                "Original plan: version",
                "Revised plan: version",
                "Original plan: target (CNY)",
                "Original plan: P&L plan (CNY)",
                "Revised plan: target (CNY)",
            ],
        )
        rows = {
            row[1].value or row[2].value: [cell.value for cell in row]
            for row in sheet.iter_rows(min_row=heading + 1)
        }
        shanghai, total = rows["SH"], rows["Total"]
        self.assertEqual(shanghai[5:7], ["v1 · Approved", "v2 · Draft"])
        # Original and revised target, change and its %, actual to date: as the page shows.
        self.assertEqual(
            [shanghai[7], shanghai[9], shanghai[11], shanghai[12], shanghai[13]],
            [1000, 1500, 500, 50, 600],
        )
        self.assertEqual([total[7], total[9], total[11]], [1000, 1500, 500])

    def test_a_region_without_an_approved_version_is_read_at_its_latest(self):
        plans = baseline.plans(self.period, [self.jiangsu])
        self.assertEqual(plans[self.jiangsu.pk].pk, self.other_plan.pk)
        self.assertEqual(baseline.plans(Period.objects.create(year=2030), [self.jiangsu]), {})
