"""4P1S positioning against each rival, and the points to watch in positioning."""

from competition.models import CompetitionWorksheet, PositioningAssessment
from tests.competition.base import CompetitionTestCase

DIMENSIONS = ("channel", "sales_model", "service", "price", "product")


def scores(revision=0, **values) -> dict:
    data = {"revision": revision}
    for dimension in DIMENSIONS:
        data[f"{dimension}_score"] = values.get(dimension, 0)
        data[f"{dimension}_comment"] = ""
    data.update({k: v for k, v in values.items() if k.endswith("_comment")})
    return data


class PositioningTests(CompetitionTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_manager_scores_us_against_a_rival_and_the_comparison_shows_it(self):
        response = self.client.post(
            self.url("positioning_edit", self.hongda.pk),
            scores(channel=-1, service=2, price=-2, service_comment="48小时到场"),
        )
        self.client.post(self.url("positioning_edit", self.yuanjing.pk), scores(product=1))

        self.assertEqual(response.status_code, 302)
        assessment = PositioningAssessment.objects.get(competitor=self.hongda)
        self.assertEqual((assessment.channel_score, assessment.service_score), (-1, 2))
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "vs 宏达科技")
        self.assertContains(page, "vs 远景电子")
        self.assertContains(page, "48小时到场")
        self.assertContains(page, 'class="chart-svg positioning-chart"')
        self.assertContains(page, "Channel operation")

    def test_a_score_outside_minus_two_to_plus_two_is_refused(self):
        response = self.client.post(self.url("positioning_edit", self.hongda.pk), scores(price=3))

        self.assertEqual(response.status_code, 422)
        self.assertFalse(PositioningAssessment.objects.exists())

    def test_a_stale_save_is_refused_and_shows_the_saved_scores(self):
        url = self.url("positioning_edit", self.hongda.pk)
        self.client.post(url, scores(price=-2, price_comment="对手低价"))

        response = self.client.post(url, scores(price=1, price_comment="我的看法"))

        self.assertContains(response, "对手低价", status_code=409)
        self.assertContains(response, 'value="我的看法"', status_code=409)

    def test_manager_writes_the_points_to_watch(self):
        response = self.client.post(
            self.url("positioning_notes_edit"),
            {"positioning_notes": "不与低价对手拼价格。", "revision": 0},
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            CompetitionWorksheet.objects.get().positioning_notes, "不与低价对手拼价格。"
        )
        self.assertContains(
            self.client.get(self.url("competition_overview")), "不与低价对手拼价格。"
        )

    def test_another_regions_manager_cannot_score_our_rivals(self):
        self.login(self.bob)

        own_region_url = self.url("positioning_edit", self.hongda.pk, region=self.jiangsu)

        self.assertEqual(self.client.post(own_region_url, scores()).status_code, 404)
        self.assertFalse(PositioningAssessment.objects.exists())
