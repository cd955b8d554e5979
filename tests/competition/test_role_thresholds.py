"""The role rule's thresholds are the administrator's: edited in the admin, checked, shown."""

from decimal import Decimal

from django.urls import reverse

from competition import services
from competition.models import RoleThresholds, role_thresholds
from competition.rules import CHALLENGER_GAP, NICHE_SHARE, RoleThresholdValues
from tests.competition.base import CompetitionTestCase


class RoleThresholdsTests(CompetitionTestCase):
    """On 产品A: us 8 % at capability 4, 宏达科技 40 % at 5, 远景电子 20 % at 4."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        services.position_save(
            region=cls.shanghai,
            period=cls.period,
            product=cls.product_a,
            user=cls.alice,
            revision=0,
            rows=[
                services.PositionInput(None, Decimal("8"), {f.pk: 4 for f in cls.factors}),
                services.PositionInput(cls.hongda, Decimal("40"), {f.pk: 5 for f in cls.factors}),
                services.PositionInput(cls.yuanjing, Decimal("20"), {f.pk: 4 for f in cls.factors}),
            ],
        )

    def setUp(self):
        super().setUp()
        self.change = reverse("admin:competition_rolethresholds_change", args=[1])

    def set_thresholds(self, niche_share: str, challenger_gap: str):
        self.login(self.adam)
        return self.client.post(
            self.change, {"niche_share": niche_share, "challenger_gap": challenger_gap}
        )

    def test_the_defaults_are_todays_rule_and_a_missing_row_means_the_defaults(self):
        self.assertEqual(
            (RoleThresholds.load().niche_share, RoleThresholds.load().challenger_gap),
            (Decimal("10.00"), Decimal("0.50")),
        )
        RoleThresholds.objects.all().delete()

        self.assertEqual(role_thresholds(), RoleThresholdValues(NICHE_SHARE, CHALLENGER_GAP))

    def test_the_position_page_states_the_thresholds_in_force_and_the_roles_they_give(self):
        self.login(self.alice)
        page = self.client.get(self.url("competition_overview"))

        self.assertContains(page, "Our role: Nicher")
        self.assertContains(page, "less than 10% share is a nicher")
        self.assertContains(page, "the leader's minus 0.5 is a challenger")

    def test_thresholds_changed_in_the_admin_change_the_roles_shown(self):
        response = self.set_thresholds("5", "1")

        self.assertEqual(response.status_code, 302)
        self.login(self.alice)
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "Our role: Challenger")
        self.assertNotContains(page, "Our role: Nicher")
        self.assertContains(page, "less than 5% share is a nicher")
        self.assertContains(page, "the leader's minus 1 is a challenger")
        form = self.client.get(self.url("position_edit", self.product_a.pk))
        self.assertContains(form, "Thresholds in force: below 5% share")
        self.assertContains(form, "within 1 capability points of the leader")

    def test_thresholds_out_of_range_are_refused_with_a_message(self):
        cases = [
            ("0", "0.5", "The nicher&#x27;s share must be above 0 % and below 100 %."),
            ("100", "0.5", "The nicher&#x27;s share must be above 0 % and below 100 %."),
            ("10", "4.5", "The challenger&#x27;s gap must be from 0 to 4 capability points."),
            ("10", "-0.1", "The challenger&#x27;s gap must be from 0 to 4 capability points."),
        ]
        for niche_share, gap, message in cases:
            with self.subTest(niche_share=niche_share, gap=gap):
                response = self.set_thresholds(niche_share, gap)

                self.assertContains(response, message)
        stored = RoleThresholds.load()
        self.assertEqual((stored.niche_share, stored.challenger_gap), (NICHE_SHARE, CHALLENGER_GAP))

    def test_the_list_opens_the_one_row_which_cannot_be_deleted(self):
        self.login(self.adam)

        response = self.client.get(reverse("admin:competition_rolethresholds_changelist"))

        self.assertRedirects(response, self.change)
        delete = self.client.get(reverse("admin:competition_rolethresholds_delete", args=[1]))
        self.assertEqual(delete.status_code, 403)
