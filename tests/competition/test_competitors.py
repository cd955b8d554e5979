"""Competitors and their dated moves: kept by the region's manager, read by headquarters."""

from datetime import date

from django.urls import reverse

from competition.models import Competitor, CompetitorMove
from competition.summaries import competitor_moves
from tests.competition.base import CompetitionTestCase


class CompetitorTests(CompetitionTestCase):
    def test_manager_adds_a_competitor_with_the_products_it_competes_in(self):
        self.login(self.alice)

        response = self.client.post(
            self.url("competitor_create"),
            {
                "name": " 联创系统 ",
                "products": [self.product_a.pk],
                "notes": "方案型",
                "active": "on",
            },
        )

        self.assertRedirects(
            response,
            self.url("competition_overview") + "#competitors",
            fetch_redirect_response=False,
        )
        competitor = Competitor.objects.get(region=self.shanghai, name="联创系统")
        self.assertEqual(list(competitor.products.all()), [self.product_a])
        self.assertEqual(competitor.history.first().history_user, self.alice)
        page = self.client.get(self.url("competition_overview"))
        self.assertContains(page, "联创系统")
        self.assertContains(page, "方案型")

    def test_a_second_competitor_of_the_same_name_is_refused_at_the_field(self):
        self.login(self.alice)

        response = self.client.post(
            self.url("competitor_create"), {"name": "宏达科技", "notes": "重复"}
        )

        self.assertContains(
            response, "This region already has a competitor of that name.", status_code=422
        )
        self.assertContains(response, "重复</textarea>", status_code=422)
        self.assertEqual(Competitor.objects.filter(name="宏达科技").count(), 1)

    def test_another_region_may_use_the_same_name(self):
        self.login(self.bob)

        response = self.client.post(
            self.url("competitor_create", region=self.jiangsu), {"name": "宏达科技"}
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Competitor.objects.filter(name="宏达科技").count(), 2)

    def test_the_second_of_two_edits_from_the_same_revision_gets_a_conflict(self):
        self.login(self.alice)
        url = self.url("competitor_edit", self.hongda.pk)
        first = {"name": "宏达科技", "notes": "先保存", "revision": 1, "active": "on"}
        self.assertEqual(self.client.post(url, first).status_code, 302)

        response = self.client.post(url, {**first, "notes": "后保存"})

        self.assertContains(response, "Your changes were not saved.", status_code=409)
        self.assertContains(response, "先保存", status_code=409)  # their value, shown
        self.assertContains(response, "后保存</textarea>", status_code=409)  # ours, kept
        self.assertContains(response, 'name="revision" value="2"', status_code=409)
        self.hongda.refresh_from_db()
        self.assertEqual(self.hongda.notes, "先保存")


class CompetitorAccessTests(CompetitionTestCase):
    def test_a_manager_sees_only_their_regions_competitors(self):
        self.login(self.bob)

        home = self.client.get(reverse("competition_home"))
        theirs = self.client.get(self.url("competition_overview"))
        own = self.client.get(self.url("competition_overview", region=self.jiangsu))

        self.assertContains(home, "Jiangsu")
        self.assertNotContains(home, "Shanghai")
        self.assertEqual(theirs.status_code, 404)
        self.assertContains(own, "苏安设备")
        self.assertNotContains(own, "宏达科技")

    def test_a_manager_cannot_edit_another_regions_competitor_by_any_address(self):
        self.login(self.bob)
        data = {"name": "改名", "revision": 1}

        through_their_region = self.client.post(self.url("competitor_edit", self.hongda.pk), data)
        through_own_region = self.client.post(
            self.url("competitor_edit", self.hongda.pk, region=self.jiangsu), data
        )

        self.assertEqual(through_their_region.status_code, 404)
        self.assertEqual(through_own_region.status_code, 404)
        self.hongda.refresh_from_db()
        self.assertEqual(self.hongda.name, "宏达科技")

    def test_a_manager_cannot_record_a_move_of_another_regions_competitor(self):
        self.login(self.bob)

        response = self.client.post(
            self.url("competitor_move_create", region=self.jiangsu),
            {"competitor": self.hongda.pk, "date": "2026-09-01", "description": "偷看"},
        )

        self.assertEqual(response.status_code, 422)
        self.assertFalse(CompetitorMove.objects.exists())

    def test_the_reviewer_reads_every_region_but_edits_none(self):
        self.login(self.rita)

        page = self.client.get(self.url("competition_overview"))
        edit = self.client.post(self.url("competitor_edit", self.hongda.pk), {"name": "x"})

        self.assertContains(page, "宏达科技")
        self.assertNotContains(page, self.url("competitor_edit", self.hongda.pk))
        self.assertContains(page, "only the region's manager changes them")
        self.assertEqual(edit.status_code, 403)


class MoveTests(CompetitionTestCase):
    def test_manager_records_edits_and_deletes_a_dated_move(self):
        self.login(self.alice)

        created = self.client.post(
            self.url("competitor_move_create"),
            {
                "competitor": self.hongda.pk,
                "date": "2026-09-12",
                "description": "产品A降价8%。",
                "response": "不跟进降价。",
            },
        )
        move = CompetitorMove.objects.get()
        edited = self.client.post(
            self.url("competitor_move_edit", move.pk),
            {
                "competitor": self.hongda.pk,
                "date": "2026-09-13",
                "description": "产品A降价10%。",
                "response": "",
                "revision": 1,
            },
        )
        page = self.client.get(self.url("competition_overview"))

        self.assertEqual((created.status_code, edited.status_code), (302, 302))
        self.assertContains(page, "13 Sep 2026")
        self.assertContains(page, "产品A降价10%。")
        deleted = self.client.post(self.url("competitor_move_delete", move.pk), {"revision": 2})
        self.assertEqual(deleted.status_code, 302)
        self.assertFalse(CompetitorMove.objects.exists())

    def test_a_move_without_a_date_is_refused_and_the_text_kept(self):
        self.login(self.alice)

        response = self.client.post(
            self.url("competitor_move_create"),
            {"competitor": self.hongda.pk, "date": "", "description": "新设办事处"},
        )

        self.assertContains(response, "Give the date.", status_code=422)
        self.assertContains(response, "新设办事处</textarea>", status_code=422)

    def test_a_stale_delete_is_refused(self):
        move = CompetitorMove.objects.create(
            competitor=self.hongda, date=date(2026, 9, 1), description="降价", revision=3
        )
        self.login(self.alice)

        response = self.client.post(self.url("competitor_move_delete", move.pk), {"revision": 2})

        self.assertEqual(response.status_code, 409)
        self.assertTrue(CompetitorMove.objects.filter(pk=move.pk).exists())

    def test_the_plan_reads_the_regions_moves_newest_first_since_a_date(self):
        old = CompetitorMove.objects.create(
            competitor=self.hongda, date=date(2025, 5, 1), description="旧"
        )
        new = CompetitorMove.objects.create(
            competitor=self.yuanjing, date=date(2026, 10, 1), description="新"
        )
        CompetitorMove.objects.create(
            competitor=self.suan, date=date(2026, 11, 1), description="江苏"
        )

        self.assertEqual(competitor_moves(self.shanghai), [new, old])
        self.assertEqual(competitor_moves(self.shanghai, since=date(2026, 10, 1)), [new])
