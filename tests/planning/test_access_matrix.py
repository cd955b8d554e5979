"""Every URL the project serves × every persona × GET and POST, against an explicit table.

A URL name missing from the table fails the test: whoever adds a URL decides who may use it.
"""

from datetime import date

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from competition.models import ChosenStrategy, Competitor, CompetitorMove
from customers.models import Action, CommittedAction, CustomerPrice, Notification, User
from planning.models import (
    ActionDirection,
    Activity,
    CalendarEvent,
    Comment,
    PackJob,
    Plan,
    PlanTransition,
    PrintJob,
    TodoItem,
)
from tests.base import PersonasTestCase

PERSONAS = ("anonymous", "alice", "bob", "rita", "adam", "dave")
L = "login"  # a 302 redirect to the app's login page
A = "admin login"  # a 302 redirect to the admin's own login page
MISSING_PK = 987654

# The objects are Shanghai's (alice's) draft plan with an empty summary, and an open comment by
# rita on it. POSTs carry no data, so none of them changes anything.
# fmt: off
EXPECTED = {  # (GET, POST) for: anonymous, alice, bob, rita, adam, dave
    "login":             ((200, 200), (302, 302), (302, 302), (302, 302), (302, 302), (200, 200)),
    "logout":            ((L, L),     (405, L),   (405, L),   (405, L),   (405, L),   (L, L)),
    "set_language":      ((405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302)),
    "admin:index":       ((A, A),     (A, A),     (A, A),     (A, A),     (200, 200), (A, A)),
    "home":              ((L, L),     (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "plan_detail":       ((L, L),     (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "plan_summary_edit": ((L, L),     (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "plan_submit":       ((L, L),     (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    # Approving is a confirmation page (its note is optional: an empty POST is read, and the
    # draft refused with a message); reopening, like returning, needs a reason (422 without).
    "plan_approve":      ((L, L),     (403, 403), (404, 404), (200, 302), (403, 403), (L, L)),
    "plan_return":       ((L, L),     (403, 403), (404, 404), (200, 422), (403, 403), (L, L)),
    "plan_reopen":       ((L, L),     (403, 403), (404, 404), (200, 422), (403, 403), (L, L)),
    "plan_history":      ((L, L),     (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "plan_pdf":          ((L, L),     (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    # The print dialog: whoever reads the plan prints it; an empty POST is refused (422). A print
    # in the background is read by the person who asked only (alice asked for this one), and
    # its file is there once it is printed (404 before).
    "plan_print":        ((L, L),     (200, 422), (404, 404), (200, 422), (200, 422), (L, L)),
    "print_job_detail":  ((L, L),     (200, 405), (404, 405), (404, 405), (404, 405), (L, L)),
    "print_job_download": ((L, L),    (404, 405), (404, 405), (404, 405), (404, 405), (L, L)),
    # The region's manager or a reviewer starts a revision (a state change, not a content edit);
    # the draft is refused with a message.
    "plan_revise":       ((L, L),     (405, 302), (405, 404), (405, 302), (405, 403), (L, L)),
    "plan_compare":      ((L, L),     (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    # Review packs are headquarters' work: managers are refused (403) like administrators.
    "pack_new":          ((L, L),     (403, 403), (403, 403), (200, 422), (403, 403), (L, L)),
    "pack_detail":       ((L, L),     (403, 405), (403, 405), (200, 405), (403, 405), (L, L)),
    "pack_download":     ((L, L),     (403, 405), (403, 405), (404, 405), (403, 405), (L, L)),
    "comment_create":    ((L, L),     (405, 403), (405, 404), (405, 302), (405, 403), (L, L)),
    "comment_reply":     ((L, L),     (405, 302), (405, 404), (405, 302), (405, 403), (L, L)),
    "comment_resolve":   ((L, L),     (405, 302), (405, 404), (405, 302), (405, 403), (L, L)),
    # The numbers: an empty POST to a grid is refused as unreadable (400) once the writer is
    # allowed; readers who may not write are refused (403) before the body is read.
    "targets_home":        ((L, L), (302, 405), (404, 405), (302, 405), (302, 405), (L, L)),
    "targets_by_product":  ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "targets_by_customer": ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "targets_fill":        ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    # Nothing to undo yet: a message and back to the grid.
    "figures_undo":        ((L, L), (405, 302), (405, 404), (405, 403), (405, 403), (L, L)),
    "figures_redo":        ((L, L), (405, 302), (405, 404), (405, 403), (405, 403), (L, L)),
    "collections_plan":    ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "opening_balances":    ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "collections_report":  ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "profit_and_loss":     ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "expense_budget":      ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "actuals_home":        ((L, L), (302, 405), (404, 405), (302, 405), (302, 405), (L, L)),
    "actual_sales":        ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "actual_collections":  ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    "actual_expenses":     ((L, L), (200, 400), (404, 404), (200, 403), (200, 403), (L, L)),
    # The roll-up: everyone sees the regions they may read; another region's drill-down is 404.
    "rollup_latest":     ((L, L),     (302, 405), (302, 405), (302, 405), (302, 405), (L, L)),
    "rollup":            ((L, L),     (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "rollup_revision":   ((L, L),     (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "rollup_region":     ((L, L),     (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "rollup_customer":   ((L, L),     (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    # Deadlines and open comments (issue 17): each reads the regions its reader may see.
    "deadline_board":    ((L, L),     (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "open_comments":     ((L, L),     (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    # Planning rounds: reviewers only, like approving; an empty POST is refused (422).
    "round_open":        ((L, L),     (403, 403), (403, 403), (200, 422), (403, 403), (L, L)),
    "round_revise":      ((L, L),     (403, 403), (403, 403), (200, 422), (403, 403), (L, L)),
    # -- plan chapters and the manager's tools (planning) --
    # Chapter editors: an empty POST carries no revision and is refused (422); deletes are POST.
    "plan_performance_edit":  ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "plan_market_edit":       ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "plan_swot_edit":         ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "swot_direction_create":  ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "swot_direction_edit":    ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "swot_direction_delete":  ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    "plan_strategies_edit":   ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "plan_actions_edit":      ((L, L), (200, 405), (404, 405), (403, 405), (403, 405), (L, L)),
    "activity_create":        ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "activity_edit":          ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "activity_delete":        ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    "plan_organisation_edit": ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "plan_control_edit":      ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    # The calendar and the to-do list are each manager's own; reviewers and admins have none.
    "calendar_today":         ((L, L), (302, 405), (302, 405), (403, 405), (403, 405), (L, L)),
    "calendar_month":         ((L, L), (200, 405), (200, 405), (403, 405), (403, 405), (L, L)),
    "calendar_month_notes":   ((L, L), (405, 422), (405, 422), (405, 403), (405, 403), (L, L)),
    "calendar_ics":           ((L, L), (200, 405), (200, 405), (403, 405), (403, 405), (L, L)),
    "event_create":           ((L, L), (200, 422), (200, 422), (403, 403), (403, 403), (L, L)),
    "event_edit":             ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "event_delete":           ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    "todo_list":              ((L, L), (200, 405), (200, 405), (403, 405), (403, 405), (L, L)),
    "todo_create":            ((L, L), (405, 422), (405, 422), (405, 403), (405, 403), (L, L)),
    "todo_edit":              ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "todo_toggle":            ((L, L), (405, 302), (405, 404), (405, 403), (405, 403), (L, L)),
    "todo_delete":            ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    # The weekly indicator check reads a plan: its region's managers and the reviewers.
    "weekly_check":           ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "weekly_check_pdf":       ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    # -- customer strategy (customers) --
    # Worksheets of the region's customers; the three steps and the actions are POST-only forms.
    "customer_home":           ((L, L), (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "energy_class_table":      ((L, L), (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "customer_list":           ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "customer_matrix":         ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "customer_funnel":         ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "customer_create":         ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "customer_detail":         ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "customer_edit":           ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "customer_assess":         ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    "customer_energy":         ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    "customer_action_commit":  ((L, L), (405, 422), (405, 404), (405, 403), (405, 403), (L, L)),
    "committed_action_update": ((L, L), (405, 400), (405, 404), (405, 403), (405, 403), (L, L)),
    # A customer's agreed prices: its region's manager adds and changes them; an empty POST 422.
    "customer_price_create":   ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "customer_price_edit":     ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    # -- competitive strategy (competition) --
    # Worksheets belong to the region: its manager writes them whatever the plan's state.
    "competition_home":       ((L, L), (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    "competition_overview":   ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "competitor_create":      ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "competitor_edit":        ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "competitor_move_create": ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "competitor_move_edit":   ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "competitor_move_delete": ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "position_edit":          ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "positioning_edit":       ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "positioning_notes_edit": ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "strategy_create":        ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "strategy_edit":          ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "strategy_delete":        ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    # -- spreadsheets (planning) --
    "numbers_export":       ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "numbers_template":     ((L, L), (200, 405), (404, 405), (200, 405), (200, 405), (L, L)),
    "numbers_import":       ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    "numbers_import_apply": ((L, L), (405, 302), (405, 404), (405, 403), (405, 403), (L, L)),
    # A region's agreed prices from a file: its manager only; an empty POST is refused (422).
    "price_import":         ((L, L), (200, 422), (404, 404), (403, 403), (403, 403), (L, L)),
    # Repricing targets after a price change is the administrators' (staff) work.
    "targets_reprice_preview": ((L, L), (403, 405), (403, 405), (403, 405), (200, 405), (L, L)),
    "targets_reprice":         ((L, L), (405, 403), (405, 403), (405, 403), (405, 422), (L, L)),
    # -- reliability and security (issue 9) --
    # Everyone signed in changes their own password; a refused form answers 422.
    "password_change":      ((L, L), (200, 422), (200, 422), (200, 422), (200, 422), (L, L)),
    "password_change_done": ((L, L), (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    # -- notifications (issue 17) --
    # Everyone signed in has their own; another person's answers like a missing one (404).
    # Opening one marks it read and follows its link; the settings refuse an empty form (422).
    "notification_list":          ((L, L), (200, 405), (200, 405), (200, 405), (200, 405), (L, L)),
    # Opened by the list's button (a POST with open=1); an empty POST is refused (400).
    "notification_open":          ((L, L), (405, 400), (405, 404), (405, 404), (405, 404), (L, L)),
    # Without the newest id the list showed (`up_to`), nothing is marked: 400.
    "notification_mark_all_read": ((L, L), (405, 400), (405, 400), (405, 400), (405, 400), (L, L)),
    "notification_settings":      ((L, L), (200, 422), (200, 422), (200, 422), (200, 422), (L, L)),
}
# fmt: on

# What the <pk> of each URL that has one names.
PK_NAMES = {
    "plan_performance_edit": "plan",
    "plan_market_edit": "plan",
    "plan_swot_edit": "plan",
    "swot_direction_create": "plan",
    "swot_direction_edit": "plan",
    "swot_direction_delete": "plan",
    "plan_strategies_edit": "plan",
    "plan_actions_edit": "plan",
    "activity_create": "plan",
    "activity_edit": "plan",
    "activity_delete": "plan",
    "plan_organisation_edit": "plan",
    "plan_control_edit": "plan",
    "event_edit": "event",
    "event_delete": "event",
    "todo_edit": "todo",
    "todo_toggle": "todo",
    "todo_delete": "todo",
    "weekly_check": "plan",
    "weekly_check_pdf": "plan",
    "customer_list": "region",
    "customer_matrix": "region",
    "customer_funnel": "region",
    "customer_create": "region",
    "customer_detail": "customer",
    "customer_edit": "customer",
    "customer_assess": "customer",
    "customer_energy": "customer",
    "customer_action_commit": "customer",
    "committed_action_update": "committed_action",
    "customer_price_create": "customer",
    "customer_price_edit": "customer_price",
    "price_import": "region",
    "competitor_edit": "competitor",
    "competitor_move_edit": "move",
    "competitor_move_delete": "move",
    "positioning_edit": "competitor",
    "strategy_edit": "strategy",
    "strategy_delete": "strategy",
    "plan_detail": "plan",
    "plan_summary_edit": "plan",
    "plan_submit": "plan",
    "plan_approve": "plan",
    "plan_return": "plan",
    "plan_reopen": "plan",
    "plan_history": "plan",
    "plan_pdf": "plan",
    "plan_print": "plan",
    "print_job_detail": "print_job",
    "print_job_download": "print_job",
    "plan_revise": "plan",
    "plan_compare": "plan",
    "pack_detail": "pack",
    "pack_download": "pack",
    "numbers_export": "plan",
    "numbers_template": "plan",
    "numbers_import": "plan",
    "numbers_import_apply": "plan",
    "comment_create": "plan",
    "comment_reply": "comment",
    "actual_expenses": "plan",
    "actual_collections": "plan",
    "actual_sales": "plan",
    "actuals_home": "plan",
    "expense_budget": "plan",
    "profit_and_loss": "plan",
    "collections_report": "plan",
    "collections_plan": "plan",
    "opening_balances": "plan",
    "targets_fill": "plan",
    "figures_undo": "plan",
    "figures_redo": "plan",
    "targets_by_customer": "plan",
    "targets_by_product": "plan",
    "targets_home": "plan",
    "comment_resolve": "comment",
    "notification_open": "notification",
}

# URL arguments other than <pk>: an object of alice's region, or a fixed value.
URL_ARGUMENTS = {
    "region_code": lambda test: test.shanghai.code,
    "product_id": lambda test: test.product_a.pk,
    "customer_id": lambda test: test.langtong.pk,
    "tool": lambda test: "spread",
    "year": lambda test: test.period.year,
    "code": lambda test: test.shanghai.code,
    "month": lambda test: 3,
    "direction_id": lambda test: test.direction.pk,
    "activity_id": lambda test: test.activity.pk,
}

# The admin has its own login and permission checks; only its front door is walked here.
ADMIN_URLS_WALKED = {"admin:index"}


def walk_url_patterns(patterns=None, namespace: str = ""):
    """Yield (name, pattern, namespace) for every URL pattern, descending into includes."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk_url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, pattern, namespace


def served_url_names() -> dict[str, URLPattern]:
    names = {}
    for name, pattern, namespace in walk_url_patterns():
        if namespace == "admin" and name not in ADMIN_URLS_WALKED:
            continue
        assert name, f"URL {pattern.pattern} has no name; name it and add it to EXPECTED"
        names[name] = pattern
    return names


class AccessMatrixTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pack = PackJob.objects.create(
            period=cls.period, requested_by=cls.rita, language="zh-hans"
        )
        cls.comment = Comment.objects.create(
            plan=cls.plan, chapter="summary", author=cls.rita, body="请补充增长依据。"
        )
        # alice's print of her plan in the background, not printed yet.
        cls.print_job = PrintJob.objects.create(plan=cls.plan, requested_by=cls.alice)
        # A SWOT direction and an activity of alice's plan, and an event and a to-do of hers.
        cls.direction = ActionDirection.objects.create(
            plan=cls.plan, pairing="SO", text="切入新产线"
        )
        cls.activity = Activity.objects.create(
            plan=cls.plan, work="推介会", owner="alice", months=[3, 4]
        )
        cls.event = CalendarEvent.objects.create(
            owner=cls.alice, date=date(2027, 3, 2), title="周会"
        )
        cls.todo = TodoItem.objects.create(owner=cls.alice, date=date(2027, 3, 2), work="拜访朗通")
        # An action alice committed to for 朗通, for the customer strategy's URLs.
        cls.committed_action = CommittedAction.objects.create(
            customer=cls.langtong,
            period=cls.period,
            action=Action.objects.get(number=4),
            owner=cls.alice,
            due_date=date(2027, 1, 15),
        )
        # An agreed price of 朗通, for the price URLs.
        cls.customer_price = CustomerPrice.objects.create(
            customer=cls.langtong, product=cls.product_a, price="95.00"
        )
        # A competitor of Shanghai with a move and a chosen strategy, for the competition URLs.
        cls.competitor = Competitor.objects.create(region=cls.shanghai, name="宏达科技")
        cls.competitor.products.add(cls.product_a)
        cls.move = CompetitorMove.objects.create(
            competitor=cls.competitor, date=date(2026, 9, 1), description="降价8%。"
        )
        # A notification of alice's, for the notifications' URLs.
        cls.notification = Notification.objects.create(
            recipient=cls.alice,
            kind=Notification.Kind.COMMENT,
            subject="新的评论：上海 2027",
            url=cls.plan.get_absolute_url(),
        )
        cls.strategy = ChosenStrategy.objects.create(
            region=cls.shanghai,
            period=cls.period,
            kind="leader",
            title="守住份额",
            defences=["position"],
        )

    def act_as(self, persona: str) -> None:
        self.client.logout()
        if persona != "anonymous":
            self.login(getattr(self, persona))

    def request(self, persona: str, method: str, url: str):
        self.act_as(persona)
        return getattr(self.client, method)(url)

    def url_for(self, name: str, pattern: URLPattern, pk: int | None = None) -> str:
        kwargs = {}
        for param in getattr(pattern.pattern, "converters", {}):
            if param == "pk":
                self.assertIn(name, PK_NAMES, f"{name} takes a pk: say in PK_NAMES what it names")
                own = {
                    "plan": self.plan,
                    "pack": self.pack,
                    "print_job": self.print_job,
                    "comment": self.comment,
                    "event": self.event,
                    "todo": self.todo,
                    "region": self.shanghai,
                    "customer": self.langtong,
                    "committed_action": self.committed_action,
                    "customer_price": self.customer_price,
                    "competitor": self.competitor,
                    "move": self.move,
                    "strategy": self.strategy,
                    "notification": self.notification,
                }[PK_NAMES[name]]
                kwargs["pk"] = own.pk if pk is None else pk
            else:
                self.assertIn(param, URL_ARGUMENTS, f"{name}: add <{param}> to URL_ARGUMENTS")
                kwargs[param] = URL_ARGUMENTS[param](self)
        return reverse(name, kwargs=kwargs)

    def outcome(self, response) -> int | str:
        if response.status_code == 302 and response["Location"].startswith(reverse("login")):
            return L
        if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
            return A
        return response.status_code

    def snapshot(self):
        self.plan.refresh_from_db()
        self.comment.refresh_from_db()
        return (
            self.plan.state,
            self.plan.revision,
            self.plan.strategy_changes,
            self.comment.resolved,
            Comment.objects.count(),
            PlanTransition.objects.count(),
            Plan.history.count(),
            tuple(User.objects.order_by("pk").values_list("language", flat=True)),
        )

    def tabled_urls(self) -> list[tuple[str, URLPattern]]:
        """The served URLs that have a row; the test below fails for the others."""
        return [(name, pattern) for name, pattern in served_url_names().items() if name in EXPECTED]

    def test_every_url_has_an_expected_status_for_every_persona(self):
        served = served_url_names()
        self.assertEqual(
            sorted(set(served) - set(EXPECTED)),
            [],
            "These URLs are not in the access table; add a row for each to EXPECTED.",
        )
        self.assertEqual(sorted(set(EXPECTED) - set(served)), [], "Stale rows in EXPECTED.")
        self.assertEqual(sorted(set(PK_NAMES) - set(served)), [], "Stale rows in PK_NAMES.")

    def test_each_persona_gets_the_expected_status_on_every_url(self):
        before = self.snapshot()
        mismatches = []
        for name, pattern in self.tabled_urls():
            url = self.url_for(name, pattern)
            for persona, expected_pair in zip(PERSONAS, EXPECTED[name], strict=True):
                for method, expected in zip(("get", "post"), expected_pair, strict=True):
                    got = self.outcome(self.request(persona, method, url))
                    if got != expected:
                        mismatches.append(
                            f"{method.upper()} {url} as {persona}: {got}, not {expected}"
                        )
        self.assertEqual(mismatches, [])
        self.assertEqual(self.snapshot(), before, "a request of the matrix changed data")

    def test_another_regions_object_answers_like_a_missing_one(self):
        mismatches = []
        for name, pattern in self.tabled_urls():
            if name not in PK_NAMES:
                continue
            theirs = self.url_for(name, pattern)
            missing = self.url_for(name, pattern, pk=MISSING_PK)
            for method in ("get", "post"):
                got = self.request("bob", method, theirs).status_code
                nothing = self.request("bob", method, missing).status_code
                if got != nothing:
                    mismatches.append(f"{method.upper()} {theirs}: {got}, a missing one: {nothing}")
        self.assertEqual(mismatches, [])

    def test_anonymous_is_sent_to_the_login_page_with_the_way_back(self):
        url = reverse("plan_detail", args=[self.plan.pk])

        response = self.client.get(url)

        self.assertRedirects(response, f"{reverse('login')}?next={url}")

    def test_a_missing_pk_is_not_found_for_those_who_may_read_plans(self):
        for persona in ("alice", "rita", "adam"):
            with self.subTest(persona=persona):
                response = self.request(persona, "get", reverse("plan_detail", args=[MISSING_PK]))
                self.assertEqual(response.status_code, 404)
