"""The roll-up's red / amber / green (administrator's thresholds) and its 元 / 万元 switch."""

from decimal import Decimal

from django.test import SimpleTestCase

from customers.models import Period
from planning.hq import signals
from planning.models import ActualSale, RollupThresholds, Target
from tests.base import PersonasTestCase

D = Decimal
# Shanghai's growth 20.0 % and achievement 90.0 %, as the cells show them.
SH_GROWTH = '<td class="num signal signal-{level}" data-value="20.0">20.0% '
SH_ACHIEVEMENT = '<td class="num signal signal-{level}" data-value="90.0">90.0% '


class SignalOfTests(SimpleTestCase):
    band = signals.Band(green=D("100"), amber=D("90"))

    def test_a_figure_is_green_from_the_green_threshold_amber_from_amber_red_below(self):
        self.assertEqual(signals.signal_of(D("100.0"), self.band), signals.GOOD)
        self.assertEqual(signals.signal_of(D("99.9"), self.band), signals.WATCH)
        self.assertEqual(signals.signal_of(D("90.0"), self.band), signals.WATCH)
        self.assertEqual(signals.signal_of(D("89.9"), self.band), signals.POOR)

    def test_a_missing_figure_has_no_colour(self):
        self.assertIsNone(signals.signal_of(None, self.band))

    def test_every_signal_carries_a_symbol_and_a_word_besides_its_colour(self):
        for signal in (signals.GOOD, signals.WATCH, signals.POOR):
            self.assertTrue(signal.symbol and str(signal.word))


class RollupSignalTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        previous = Period.objects.create(year=2026)
        # Shanghai: target 3,000 (1,000 to date), actual 900 in Jan, last year 2,500.
        for month, amount in ((1, "1000.00"), (2, "2000.00")):
            Target.objects.create(
                plan=cls.plan,
                customer=cls.langtong,
                product=cls.product_a,
                month=month,
                quantity=1,
                amount=amount,
            )
        for period, month, amount in ((cls.period, 1, "900.00"), (previous, 5, "2500.00")):
            ActualSale.objects.create(
                region=cls.shanghai,
                period=period,
                customer=cls.langtong,
                product=cls.product_a,
                month=month,
                quantity=1,
                amount=amount,
            )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.rita)

    def test_the_defaults_are_in_the_row_the_migration_created(self):
        row = RollupThresholds.objects.get(pk=1)
        self.assertEqual(
            (row.achievement_green, row.achievement_amber, row.growth_green, row.growth_amber),
            (D("100"), D("90"), D("10"), D("0")),
        )

    def test_growth_and_achievement_show_their_colour_with_a_symbol_and_a_word(self):
        page = self.client.get("/hq/2027/").content.decode()
        self.assertIn(SH_GROWTH.format(level="good") + '<span class="signal-symbol"', page)
        self.assertIn(SH_ACHIEVEMENT.format(level="watch"), page)
        self.assertIn('aria-hidden="true">▲</span><span class="visually-hidden signal-word">', page)
        self.assertIn('aria-hidden="true">●</span><span class="visually-hidden signal-word">', page)

    def test_a_dash_has_no_colour(self):
        # Jiangsu has no actuals: its achievement is "—", uncoloured.
        page = self.client.get("/hq/2027/JS/").content.decode()
        self.assertIn('<td class="num" data-value="">—</td>', page)
        self.assertNotIn("signal-", page.split("<tbody>", 1)[1].split("</tbody>", 1)[0])

    def test_the_administrators_thresholds_change_the_colours(self):
        RollupThresholds.objects.filter(pk=1).update(
            achievement_amber=D("95"), growth_green=D("25")
        )
        page = self.client.get("/hq/2027/").content.decode()
        self.assertIn(SH_GROWTH.format(level="watch"), page)
        self.assertIn(SH_ACHIEVEMENT.format(level="poor"), page)
        self.assertIn('aria-hidden="true">▼</span>', page)
        self.assertIn("achievement ▲ from 100.0%, ● from 95.0%, ▼ below", page)

    def test_the_drill_downs_are_coloured_too(self):
        region = self.client.get("/hq/2027/SH/").content.decode()
        self.assertIn(SH_ACHIEVEMENT.format(level="watch"), region)
        group = self.client.get("/hq/2027/HD/").content.decode()
        self.assertIn(SH_GROWTH.format(level="good"), group)

    def test_the_admin_refuses_amber_above_green_with_a_message(self):
        self.login(self.adam)
        response = self.client.post(
            "/admin/planning/rollupthresholds/1/change/",
            {
                "achievement_green": "100",
                "achievement_amber": "120",
                "growth_green": "10",
                "growth_amber": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Amber must not be above green (100 %).")
        self.assertEqual(RollupThresholds.objects.get(pk=1).achievement_amber, D("90"))

    def test_the_admin_opens_the_single_row_and_cannot_delete_it(self):
        self.login(self.adam)
        response = self.client.get("/admin/planning/rollupthresholds/")
        self.assertRedirects(response, "/admin/planning/rollupthresholds/1/change/")
        delete = self.client.get("/admin/planning/rollupthresholds/1/delete/")
        self.assertEqual(delete.status_code, 403)


class RollupUnitTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Target.objects.create(
            plan=cls.plan,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            quantity=1,
            amount="123456.00",
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.rita)

    def test_wan_shows_amounts_divided_by_ten_thousand_with_one_place(self):
        page = self.client.get("/hq/2027/?unit=wan").content.decode()
        self.assertIn('data-value="123456.00">12.3</td>', page)
        self.assertNotIn(">123,456.00<", page.split("<table", 1)[1])
        self.assertIn("10,000 yuan", page.split("<thead>", 1)[1].split("</thead>", 1)[0])

    def test_yuan_is_the_default_and_every_table_header_says_so(self):
        page = self.client.get("/hq/2027/SH/").content.decode()
        self.assertIn(">123,456.00<", page)
        heads = page.split("<thead>")[1:]
        self.assertEqual(len(heads), 2)
        self.assertTrue(all("yuan" in head.split("</thead>", 1)[0] for head in heads))

    def test_the_drill_downs_follow_the_switch_and_keep_it_in_their_links(self):
        region = self.client.get("/hq/2027/SH/?unit=wan").content.decode()
        self.assertIn('data-value="123456.00">12.3</td>', region)
        self.assertIn(f'/hq/2027/SH/customers/{self.langtong.pk}/?unit=wan"', region)
        customer = self.client.get(f"/hq/2027/SH/customers/{self.langtong.pk}/?unit=wan")
        self.assertContains(customer, 'data-value="123456.00">12.3</td>')

    def test_the_workbook_stays_in_yuan(self):
        response = self.client.get("/hq/2027/?format=xlsx&unit=wan")
        self.assertEqual(response.status_code, 200)

    def test_an_unknown_unit_is_a_bad_request(self):
        for url in ("/hq/2027/?unit=usd", "/hq/2027/SH/?unit=WAN", "/hq/2027/HD/?unit=1"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 400)
