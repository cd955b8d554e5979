"""Create (or bring up to date) the demo organisation, its people and plans in several states."""

from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Sum

from competition.demo import seed_competition
from customers.demo import seed_customer_strategy
from customers.models import (
    Customer,
    Period,
    Product,
    Region,
    RegionMembership,
    User,
)
from planning.demo.chapters import seed_chapters, seed_manager_tools
from planning.demo.figures import DemoFigures
from planning.demo.prices import reprice_demo_plans, seed_prices
from planning.models import Plan, Target
from planning.review import services

DEMO_PASSWORD = "salesplan-demo"  # noqa: S105 - printed for the demo, never used in production

REGIONS = [
    # code, name, English name, parent code
    ("HD", "华东", "East China", None),
    ("SH", "上海", "Shanghai", "HD"),
    ("JS", "江苏", "Jiangsu", "HD"),
    ("HN", "华南", "South China", None),
    ("HB", "华北", "North China", None),
]

PRODUCTS = [
    # code, name, English name, unit, list price, standard cost, active
    ("A", "产品A", "Product A", "台", "12800.00", "8960.00", True),
    ("B", "产品B", "Product B", "套", "5600.00", "3360.00", True),
    ("C", "产品C", "Product C", "件", "980.00", "690.00", True),
    ("D", "产品D", "Product D", "件", "2350.00", "1410.00", True),
    ("E", "产品E (停产)", "Product E (discontinued)", "件", "450.00", "380.00", False),
]

CUSTOMERS = {
    "SH": [
        ("朗通", "通信设备", "月结60天"),
        ("泰岳", "软件与集成", "月结30天"),
        ("万星", "电子制造", "月结90天"),
        ("华信电子", "电子制造", "月结60天"),
        ("申达机械", "机械装备", "款到发货"),
    ],
    "JS": [
        ("金陵科技", "软件与集成", "月结30天"),
        ("太湖精密", "精密加工", "月结60天"),
        ("常州恒力", "机械装备", "月结60天"),
        ("无锡远航", "物流", "月结30天"),
    ],
    "HN": [
        ("鹏程通讯", "通信设备", "月结60天"),
        ("珠江实业", "综合", "月结90天"),
        ("羊城电器", "家电", "月结30天"),
    ],
    "HB": [
        ("京华设备", "机械装备", "月结60天"),
        ("津港物流", "物流", "月结30天"),
        ("燕山化工", "化工", "月结90天"),
    ],
}

USERS = [
    # username, full name, role, regions
    ("zhang.wei", "张伟", User.Role.MANAGER, ["SH"]),
    ("li.na", "李娜", User.Role.MANAGER, ["JS"]),
    ("wang.fang", "王芳", User.Role.MANAGER, ["HN"]),
    ("liu.yang", "刘洋", User.Role.MANAGER, ["HB"]),
    ("chen.jing", "陈静", User.Role.MANAGER, ["HD", "SH", "JS"]),
    ("zhao.min", "赵敏", User.Role.REVIEWER, []),
    ("admin", "系统管理员", User.Role.ADMIN, []),
]

GROWTH_2027 = {"SH": Decimal("16"), "JS": Decimal("14"), "HN": Decimal("18"), "HB": Decimal("12")}

SUMMARIES = {
    "SH": "聚焦朗通、泰岳两家一级客户，产品A以方案销售为主；万星回款周期过长，收紧帐期至60天。",
    "JS": "以金陵科技为突破口带动产品B；常州、无锡以代理覆盖为主，降低服务成本。",
    "HN": "巩固鹏程通讯的领先地位，产品C进入羊城电器的新品线。",
    "HB": "燕山化工项目延期，下半年以京华设备的扩产为重点。",
}


class Command(BaseCommand):
    help = "Create the demo organisation, people and plans; safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        regions = self._regions()
        self._products()
        self._customers(regions)
        seed_prices()  # before the plans: their targets are priced as they are saved
        users = self._users(regions)
        periods = self._periods()
        self._plans(regions, users, periods)
        reprice_demo_plans(users["admin"])
        # -- chapters of the demo plans (planning) --
        manager_of = {
            regions[code].pk: users[username]
            for code, username in (
                ("SH", "zhang.wei"),
                ("JS", "li.na"),
                ("HN", "wang.fang"),
                ("HB", "liu.yang"),
            )
        }
        seed_chapters(
            list(Plan.objects.filter(region_id__in=manager_of).select_related("period")),
            manager_of,
        )
        seed_manager_tools(users["zhang.wei"])
        # -- customer strategy (customers.demo) --
        seed_customer_strategy(planned_amounts=_planned_amounts())
        # -- competitive strategy (competition.demo) --
        seed_competition()
        self._print_logins()

    def _regions(self) -> dict[str, Region]:
        regions: dict[str, Region] = {}
        for code, name, name_en, parent in REGIONS:
            regions[code], _created = Region.objects.update_or_create(
                code=code,
                defaults={"name": name, "name_en": name_en, "parent": regions.get(parent)},
            )
        return regions

    def _products(self) -> None:
        for code, name, name_en, unit, price, cost, active in PRODUCTS:
            Product.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "unit": unit,
                    "list_price": Decimal(price),
                    "standard_cost": Decimal(cost),
                    "active": active,
                },
            )

    def _customers(self, regions) -> None:
        for code, rows in CUSTOMERS.items():
            for name, industry, terms in rows:
                Customer.objects.update_or_create(
                    region=regions[code],
                    name=name,
                    defaults={"industry": industry, "payment_terms": terms},
                )

    def _users(self, regions) -> dict[str, User]:
        users: dict[str, User] = {}
        for username, full_name, role, region_codes in USERS:
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "full_name": full_name,
                    "role": role,
                    "is_active": True,
                    "is_staff": role == User.Role.ADMIN,
                    "is_superuser": role == User.Role.ADMIN,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            for code in region_codes:
                RegionMembership.objects.get_or_create(user=user, region=regions[code])
            users[username] = user
        return users

    def _periods(self) -> dict[int, Period]:
        periods = {}
        for year in (2025, 2026, 2027):
            periods[year], _created = Period.objects.update_or_create(
                year=year,
                defaults={
                    "submission_due": date(year - 1, 12, 15),
                    "review_meeting": date(year, 7, 10),
                },
            )
        return periods

    def _plans(self, regions, users, periods) -> None:
        manager = {
            "SH": users["zhang.wei"],
            "JS": users["li.na"],
            "HN": users["wang.fang"],
            "HB": users["liu.yang"],
        }
        reviewer = users["zhao.min"]
        for code in ("SH", "JS", "HN", "HB"):
            figures = DemoFigures(regions[code], manager[code])
            figures.actuals(periods[2025], months=range(1, 13))
            previous, created = Plan.objects.get_or_create(
                region=regions[code], period=periods[2026]
            )
            if created:
                self._write_summary(previous, manager[code], SUMMARIES[code])
                figures.plan_figures(previous, growth=Decimal("10"))
                # Every chapter is written before the plan meets the pre-submit checks.
                seed_chapters([previous], {previous.region_id: manager[code]})
                services.plan_submit(plan=previous, user=manager[code])
                services.plan_approve(plan=previous, user=reviewer)
            # Actuals of the running year up to October: the half-year review has real figures.
            figures.actuals(periods[2026], months=range(1, 11))

        targets = {
            "SH": Plan.State.DRAFT,
            "JS": Plan.State.SUBMITTED,
            "HN": Plan.State.APPROVED,
            "HB": Plan.State.RETURNED,
        }
        for code, state in targets.items():
            plan, created = Plan.objects.get_or_create(region=regions[code], period=periods[2027])
            if not created:
                continue
            self._write_summary(plan, manager[code], SUMMARIES[code])
            # Each region grows on last year's estimate (its 2026 actuals to October and plan
            # after): 华北 least, its largest project being late.
            growth = GROWTH_2027[code]
            DemoFigures(regions[code], manager[code]).plan_figures(plan, growth=growth)
            # Every chapter is written before the plan meets the pre-submit checks.
            seed_chapters([plan], {plan.region_id: manager[code]})
            if state == Plan.State.DRAFT:
                continue
            services.plan_submit(plan=plan, user=manager[code])
            if state == Plan.State.APPROVED:
                praise = services.comment_add(
                    plan=plan, user=reviewer, chapter="summary", body="思路清晰，同意。"
                )
                services.comment_set_resolved(comment=praise, user=reviewer, resolved=True)
                services.plan_approve(plan=plan, user=reviewer)
            elif state == Plan.State.RETURNED:
                comment = services.comment_add(
                    plan=plan,
                    user=reviewer,
                    chapter="summary",
                    body="燕山化工延期对全年指标的影响请量化说明。",
                )
                services.comment_add(
                    plan=plan,
                    user=manager[code],
                    chapter="summary",
                    body="收到，下周补充测算。",
                    parent=comment,
                )
                services.plan_return(
                    plan=plan,
                    user=reviewer,
                    reason="总指标增长依据不足，请补充燕山化工延期的影响分析后重新提交。",
                )

    @staticmethod
    def _write_summary(plan: Plan, user: User, text: str) -> None:
        services.plan_update_summary(
            plan=plan, user=user, strategy_changes=text, revision=plan.revision
        )
        plan.refresh_from_db()

    def _print_logins(self) -> None:
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Log in at http://127.0.0.1:8000/ as:")
        )
        for username, full_name, role, region_codes in USERS:
            regions = ", ".join(region_codes) or "—"
            self.stdout.write(
                f"  {username:<10} / {DEMO_PASSWORD}   {full_name} · {role.label} · {regions}"
            )


def _planned_amounts() -> dict[tuple[int, int], Decimal]:
    """(customer id, period year) → the plan's total amount, for the customer value matrix."""
    return {
        (customer_id, year): total
        for customer_id, year, total in Target.objects.values("customer", "plan__period__year")
        .annotate(total=Sum("amount"))
        .values_list("customer", "plan__period__year", "total")
    }
