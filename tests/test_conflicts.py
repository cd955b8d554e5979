"""Every form with a revision answers a stale save alike: 409, their version shown, ours kept."""

import inspect
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from competition import services as competition_services
from competition.models import (
    ChosenStrategy,
    CompetitionWorksheet,
    CompetitorMove,
    PositioningAssessment,
)
from customers.models import Assessment, AssessmentFactor, Customer, CustomerPrice, EnergyRating
from planning.models import CalendarEvent, MonthNote, Plan, TodoItem
from tests.competition.base import CompetitionTestCase

# Where a form with a revision may live; the chapters' and the grids' have tests of their own.
MODULES = ("customers.", "competition.", "planning.tools.", "planning.review.")
# Views that only create: there is no revision to be stale; a clash with an entry saved meanwhile
# is refused at its field (tests/customers/test_customer_prices.py).
CREATE_ONLY = {"customer_price_create"}
STALE, SAVED = 4, 5  # the revision the person loaded, and the one somebody saved since
CHANGED_MEANWHILE = "Somebody changed this after you opened it, so nothing was deleted."
CHANGED_ELSEWHERE = "This entry was changed elsewhere; look at it again before removing it."


@dataclass
class Stale:
    """A stale post, and what its page shows: what the other person saved, what this one typed."""

    url: str
    data: dict
    shows: tuple[str, ...]


class StaleSaveTests(CompetitionTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_every_form_with_a_revision_answers_409_shows_theirs_and_keeps_ours(self):
        for name, stale in self.stale_posts().items():
            with self.subTest(url=name):
                response = self.client.post(stale.url, stale.data)

                for text in stale.shows:
                    self.assertContains(response, text, status_code=409)

    def test_every_view_that_reads_a_revision_is_walked_above(self):
        walked = set(self.stale_posts())
        reading = {
            pattern.name
            for pattern in _patterns(get_resolver())
            if pattern.callback.__module__.startswith(MODULES)
            and "revision" in inspect.getsource(pattern.callback)
        }

        self.assertEqual(sorted(reading - walked - CREATE_ONLY), [])

    def stale_posts(self) -> dict[str, Stale]:
        return {**self._customers(), **self._competition(), **self._tools(), **self._review()}

    def _customers(self) -> dict[str, Stale]:
        customer = Customer.objects.create(
            region=self.shanghai, name="泰岳", notes="他们的备注", revision=SAVED
        )
        Assessment.objects.create(
            customer=self.langtong,
            period=self.period,
            attractiveness=Decimal("5"),
            advantage=Decimal("5"),
            revision=SAVED,
        )
        EnergyRating.objects.create(
            customer=self.langtong, period=self.period, order_level=1, likelihood_level=1
        )
        EnergyRating.objects.update(revision=SAVED)
        factors = AssessmentFactor.objects.filter(active=True)
        first = factors.first()
        price = CustomerPrice.objects.create(
            customer=self.langtong,
            product=self.product_a,
            valid_from=date(2027, 1, 1),
            price=Decimal("77.00"),
            revision=SAVED,
        )
        typed = {"product": self.product_a.pk, "price": "88.50", "valid_from": "2027-01"}
        return {
            "customer_price_edit": Stale(
                reverse("customer_price_edit", args=[price.pk]),
                {**typed, "revision": STALE},
                shows=("77.00", 'value="88.50"'),
            ),
            "customer_edit": Stale(
                reverse("customer_edit", args=[customer.pk]),
                {"name": "我改的名字", "notes": "", "active": "on", "revision": STALE},
                shows=("他们的备注", 'value="我改的名字"'),
            ),
            "customer_assess": Stale(
                reverse("customer_assess", args=[self.langtong.pk]),
                {
                    "period": "2027",
                    "revision": STALE,
                    **{f"factor_{factor.pk}": "1" for factor in factors},
                },
                shows=(
                    "attractiveness 5.00, advantage 5.00",
                    f'id="id_factor_{first.pk}_0" value="1" checked',
                ),
            ),
            "customer_energy": Stale(
                reverse("customer_energy", args=[self.langtong.pk]),
                {"period": "2027", "revision": STALE, "order_level": 4, "likelihood_level": 3},
                shows=("Their rating, now saved", '<option value="4" selected>'),
            ),
        }

    def _competition(self) -> dict[str, Stale]:
        self.hongda.notes, self.hongda.revision = "他们对宏达的看法", SAVED
        self.hongda.save()
        move = CompetitorMove.objects.create(
            competitor=self.hongda,
            date=date(2027, 3, 1),
            description="他们写的动向",
            revision=SAVED,
        )
        strategy = ChosenStrategy.objects.create(
            region=self.shanghai,
            period=self.period,
            kind="leader",
            title="守住份额",
            defences=["position"],
            notes="他们的说明",
            revision=SAVED,
        )
        PositioningAssessment.objects.create(
            competitor=self.yuanjing, period=self.period, price_comment="对手低价", revision=SAVED
        )
        CompetitionWorksheet.objects.create(
            region=self.shanghai,
            period=self.period,
            positioning_notes="他们的要点",
            revision=SAVED,
        )
        competition_services.position_save(
            region=self.shanghai,
            period=self.period,
            product=self.product_a,
            user=self.alice,
            revision=0,
            rows=[competition_services.PositionInput(competitor=None, share=Decimal("32"))],
        )
        sheet = {}
        for key, share in (
            ("us", "40"),
            (f"c{self.hongda.pk}", "20"),
            (f"c{self.yuanjing.pk}", ""),
        ):
            sheet.update({f"share_{key}": share, f"role_{key}": "", f"reason_{key}": ""})
            sheet.update({f"score_{key}_{factor.pk}": 3 for factor in self.factors})
        positioning = {"revision": STALE, "price_comment": "我的看法"}
        for dimension in ("channel", "sales_model", "service", "price", "product"):
            positioning[f"{dimension}_score"] = 0
        return {
            "competitor_edit": Stale(
                self.url("competitor_edit", self.hongda.pk),
                {"name": "我改的宏达", "notes": "", "active": "on", "revision": STALE},
                shows=("他们对宏达的看法", 'value="我改的宏达"'),
            ),
            "competitor_move_edit": Stale(
                self.url("competitor_move_edit", move.pk),
                {
                    "competitor": self.hongda.pk,
                    "date": "2027-03-01",
                    "description": "我写的动向",
                    "revision": STALE,
                },
                shows=("他们写的动向", "我写的动向</textarea>"),
            ),
            "competitor_move_delete": Stale(
                self.url("competitor_move_delete", move.pk),
                {"revision": STALE},
                shows=(CHANGED_MEANWHILE, "他们写的动向", f'name="revision" value="{SAVED}"'),
            ),
            "position_edit": Stale(
                self.url("position_edit", self.product_a.pk),
                {"revision": 0, **sheet},
                shows=("32.0%", 'value="40"'),
            ),
            "positioning_edit": Stale(
                self.url("positioning_edit", self.yuanjing.pk),
                positioning,
                shows=("对手低价", 'value="我的看法"'),
            ),
            "positioning_notes_edit": Stale(
                self.url("positioning_notes_edit"),
                {"positioning_notes": "我的要点", "revision": STALE},
                shows=("他们的要点", "我的要点</textarea>"),
            ),
            "strategy_edit": Stale(
                self.url("strategy_edit", strategy.pk),
                {"title": "我的标题", "defences": ["position"], "revision": STALE},
                shows=("他们的说明", 'value="我的标题"'),
            ),
            "strategy_delete": Stale(
                self.url("strategy_delete", strategy.pk),
                {"revision": STALE},
                shows=(CHANGED_MEANWHILE, "守住份额", f'name="revision" value="{SAVED}"'),
            ),
        }

    def _tools(self) -> dict[str, Stale]:
        day = date(2027, 4, 7)
        MonthNote.objects.create(
            owner=self.alice, year=2027, month=4, major_events="另一处写的", revision=SAVED
        )
        event = CalendarEvent.objects.create(
            owner=self.alice, date=day, title="另一处的活动", revision=SAVED
        )
        todo = TodoItem.objects.create(
            owner=self.alice, date=day, work="另一处的待办", revision=SAVED
        )
        return {
            "calendar_month_notes": Stale(
                reverse("calendar_month_notes", args=[2027, 4]),
                {"major_events": "我写的大事", "notes": "", "revision": STALE},
                shows=("另一处写的", "我写的大事</textarea>"),
            ),
            "event_edit": Stale(
                reverse("event_edit", args=[event.pk]),
                {"date": "2027-04-07", "title": "我改的活动", "revision": STALE},
                shows=("另一处的活动", 'value="我改的活动"'),
            ),
            "event_delete": Stale(
                reverse("event_delete", args=[event.pk]),
                {"revision": STALE},
                shows=(CHANGED_ELSEWHERE, "另一处的活动"),
            ),
            "todo_edit": Stale(
                reverse("todo_edit", args=[todo.pk]),
                {"date": "2027-04-07", "category": "call", "work": "我改的待办", "revision": STALE},
                shows=("另一处的待办", 'value="我改的待办"'),
            ),
            "todo_delete": Stale(
                reverse("todo_delete", args=[todo.pk]),
                {"revision": STALE},
                shows=(CHANGED_ELSEWHERE, "另一处的待办"),
            ),
        }

    def _review(self) -> dict[str, Stale]:
        Plan.objects.filter(pk=self.plan.pk).update(strategy_changes="他们的摘要", revision=SAVED)
        return {
            "plan_summary_edit": Stale(
                reverse("plan_summary_edit", args=[self.plan.pk]),
                {"strategy_changes": "我的摘要", "revision": STALE},
                shows=("他们的摘要", "我的摘要</textarea>"),
            ),
        }


def _patterns(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern
