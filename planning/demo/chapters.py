"""Demo content of the written chapters and of zhang.wei's calendar and to-do list.

The demo plans are in every state, so the content is written straight into the models (with
its history user), not through the chapter services that refuse a submitted plan. Each part is
written only when the plan (or the person) has none of it yet: running the seed again adds
nothing.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from customers.models import Customer, Product, User
from planning.models import (
    ActionDirection,
    Activity,
    CalendarEvent,
    ChapterText,
    Citation,
    ControlCommitment,
    ControlMeans,
    GapExplanation,
    MonthNote,
    OrganisationEntry,
    Plan,
    Position,
    SwotItem,
    TodoItem,
)
from planning.numbers.reports import performance_analysis

SWOT = {
    "S": [
        "产品A在通信设备行业口碑好，朗通、泰岳两家一级客户稳定",
        "区域团队熟悉方案销售，售前支持能力强",
        "回款纪律明确，帐期管理有流程",
    ],
    "W": [
        "产品C、产品D覆盖的客户少，依赖单一大客户",
        "代理渠道薄弱，外区客户拜访频次不足",
    ],
    "O": [
        "华信电子扩产，新产线需要产品B配套",
        "行业标准升级带来替换需求",
    ],
    "T": [
        "竞争对手在万星以低价切入",
        "万星回款周期长，坏帐风险上升",
    ],
}

# pairing, text, cited items as (kind, index), activities made from it
DIRECTIONS = [
    ("SO", "以产品A方案销售切入华信电子新产线，带动产品B配套", [("S", 0), ("S", 1), ("O", 0)]),
    ("WO", "借标准升级发展代理，覆盖外区中小客户", [("W", 1), ("O", 1)]),
    ("ST", "对万星以服务和交付优势应对低价竞争，不打价格战", [("S", 1), ("T", 0)]),
    ("WT", "收紧万星帐期至60天，降低对单一客户的依赖", [("W", 0), ("T", 1)]),
]

ACTIVITIES = [
    # work, owner, support, budget, expected result, months, direction index
    (
        "华信电子新产线方案推介会",
        "张伟",
        "总部产品经理到场支持",
        "36000.00",
        "签订产品B框架协议",
        (3, 4),
        0,
    ),
    (
        # A spring and an autumn round: the months need not follow each other.
        "行业标准升级巡回研讨会",
        "王磊",
        "总部提供讲师和资料",
        "48000.00",
        "发展2家新代理，获得10条线索",
        (4, 5, 9, 10),
        1,
    ),
    ("万星服务巡检与满意度回访", "李强", "", "12000.00", "续签年度服务合同", (3, 6, 9, 12), 2),
    ("年度大客户答谢会", "张伟", "总部高层出席", "60000.00", "一级客户续约率100%", (11, 12), None),
]

POSITIONS = [
    ("区域经理", 1, "制定区域营销计划，管理关键客户和团队"),
    ("客户经理", 3, "负责所辖客户的销售、回款和客户关系"),
    ("售前工程师", 1, "方案设计、技术交流和投标支持"),
    ("销售助理", 1, "订单、合同、报表和回款跟踪"),
]

ENTRIES = [
    ("process", "客户拜访流程", "拜访前准备—拜访—当日录入—次日跟进"),
    ("process", "报价审批流程", "标准价内客户经理批准，折扣超5%报区域经理"),
    ("rule", "帐期管理规范", "超期30天停止发货，超期60天上报总部"),
    ("rule", "客户信息录入规范", "拜访当日录入客户动态和竞争信息"),
    ("form", "日工作待办单", "每日计划与完成情况"),
    ("form", "周指标检查表", "产品、市场和盈亏指标的周对比"),
]

CONTROL = {
    "daily-todo": ("daily", "全体", "running"),
    "daily-log": ("daily", "客户经理", "running"),
    "weekly-indicators": ("weekly", "张伟", "running"),
    "strategy-comparison": ("monthly", "张伟", "planned"),
    "reporting-coaching": ("monthly", "张伟", "running"),
    "competitor-review": ("monthly", "王磊", "planned"),
    "half-year-meeting": ("half_yearly", "张伟", "planned"),
    "hq-communication": ("weekly", "销售助理", "running"),
    "contingency": ("monthly", "张伟", "lapsed"),
}

TEXTS = {
    ChapterText.Part.CONTRIBUTION_NOTES: "前两家客户贡献了约一半的销售额，毛利集中度更高；"
    "万星销售额排名靠前但毛利贡献偏低，需控制帐期和折扣。",
    ChapterText.Part.COMPARISON_NOTES: "我们在服务和产品特性上领先，价格水平处于劣势；"
    "竞争对手渠道覆盖更广。",
    ChapterText.Part.MARKET_PUSH: "通过代理和客户经理推动产品B、产品C进入中小客户；"
    "对代理实行季度返利。",
    ChapterText.Part.MARKET_PULL: "以行业研讨会和标杆案例拉动终端需求；重点宣传朗通项目的成效。",
    ChapterText.Part.DEPARTMENT_VALUE: "为区域客户提供可靠的方案和服务，完成公司的销售与回款目标。",
    ChapterText.Part.FUNCTIONS: "客户开发与维护、方案销售、回款管理、市场信息收集、代理管理。",
}

GAP_NOTES = {
    "product": "下半年大客户项目延期，部分订单顺延到明年。",
    "customer": "客户预算收紧，采购量低于预期；已约定明年一季度补单。",
}


def _save(obj, user) -> None:
    obj._history_user = user
    obj.full_clean()
    obj.save()


@transaction.atomic
def seed_chapters(plans: list[Plan], manager_of: dict[int, User]) -> None:
    """Fill every written chapter of each plan that has none of it yet."""
    for plan in plans:
        user = manager_of[plan.region_id]
        _texts(plan, user)
        _explanations(plan, user)
        _swot_and_activities(plan, user)
        _organisation(plan, user)
        _control(plan, user)


def _texts(plan: Plan, user) -> None:
    for part, text in TEXTS.items():
        if not ChapterText.objects.filter(plan=plan, part=part).exists():
            _save(ChapterText(plan=plan, part=part, text=text), user)


def _explanations(plan: Plan, user) -> None:
    if plan.gap_explanations.exists():
        return
    analysis = performance_analysis(plan)
    if not analysis.has_figures:
        return
    worst_product = min(analysis.by_product.rows, key=lambda row: row.gap)
    worst_customer = min(analysis.by_customer.rows, key=lambda row: row.gap)
    if worst_product.gap < 0 and Product.objects.filter(pk=worst_product.key).exists():
        _save(
            GapExplanation(plan=plan, product_id=worst_product.key, text=GAP_NOTES["product"]),
            user,
        )
    if worst_customer.gap < 0 and Customer.objects.filter(pk=worst_customer.key).exists():
        _save(
            GapExplanation(plan=plan, customer_id=worst_customer.key, text=GAP_NOTES["customer"]),
            user,
        )


def _swot_and_activities(plan: Plan, user) -> None:
    if plan.swot_items.exists() or plan.activities.exists():
        return
    items = {}
    for kind, texts in SWOT.items():
        for order, text in enumerate(texts):
            item = SwotItem(plan=plan, kind=kind, text=text, order=order)
            _save(item, user)
            items[(kind, order)] = item
    directions = []
    for pairing, text, cited in DIRECTIONS:
        direction = ActionDirection(plan=plan, pairing=pairing, text=text)
        _save(direction, user)
        for key in cited:
            _save(Citation(direction=direction, item=items[key]), user)
        directions.append(direction)
    for work, owner, support, budget, result, months, direction in ACTIVITIES:
        _save(
            Activity(
                plan=plan,
                work=work,
                owner=owner,
                support=support,
                budget=Decimal(budget),
                expected_result=result,
                months=months,
                direction=directions[direction] if direction is not None else None,
            ),
            user,
        )


def _organisation(plan: Plan, user) -> None:
    if plan.positions.exists() or plan.organisation_entries.exists():
        return
    for order, (title, headcount, duties) in enumerate(POSITIONS):
        _save(
            Position(plan=plan, title=title, headcount=headcount, duties=duties, order=order),
            user,
        )
    for order, (kind, name, description) in enumerate(ENTRIES):
        _save(
            OrganisationEntry(
                plan=plan, kind=kind, name=name, description=description, order=order
            ),
            user,
        )


def _control(plan: Plan, user) -> None:
    if plan.control_commitments.exists():
        return
    means = {m.code: m for m in ControlMeans.objects.filter(code__in=CONTROL)}
    for code, (cadence, owner, status) in CONTROL.items():
        if code in means:
            _save(
                ControlCommitment(
                    plan=plan, means=means[code], cadence=cadence, owner=owner, status=status
                ),
                user,
            )


@transaction.atomic
def seed_manager_tools(user: User, *, today: date | None = None) -> None:
    """A believable month in zhang.wei's calendar and to-do list, around today; only when they
    have no calendar yet."""
    if (
        CalendarEvent.objects.filter(owner=user).exists()
        or TodoItem.objects.filter(owner=user).exists()
    ):
        return
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    events = [
        (monday, time(9, 0), time(10, 0), "区域周例会", "周指标检查：产品、市场、盈亏"),
        (monday + timedelta(days=2), time(14, 0), time(16, 30), "拜访朗通采购部", "续约条款"),
        (monday + timedelta(days=9), None, None, "华信电子技术交流会", "售前工程师同行"),
        (today.replace(day=1) + timedelta(days=27), None, None, "月度述职", "向总部汇报"),
    ]
    for day, start, end, title, notes in events:
        _save(
            CalendarEvent(owner=user, date=day, start=start, end=end, title=title, notes=notes),
            user,
        )
    todos = [
        (
            today,
            "call",
            time(9, 30),
            time(10, 0),
            "电话确认泰岳的到货时间",
            "泰岳 采购 刘经理",
            "",
            True,
        ),
        (
            today,
            "visit",
            time(14, 0),
            time(16, 0),
            "拜访万星财务，沟通逾期款",
            "万星",
            "带对帐单",
            False,
        ),
        (today, "report", time(17, 0), time(17, 30), "填写周指标检查表", "", "", False),
        (
            today + timedelta(days=1),
            "meeting",
            time(10, 0),
            time(11, 30),
            "代理季度返利评审",
            "代理商",
            "",
            False,
        ),
        (
            today + timedelta(days=2),
            "coaching",
            None,
            None,
            "辅导新客户经理做拜访计划",
            "王磊",
            "",
            False,
        ),
    ]
    for day, category, start, end, work, related, notes, done in todos:
        _save(
            TodoItem(
                owner=user,
                date=day,
                category=category,
                start=start,
                end=end,
                work=work,
                related=related,
                notes=notes,
                done=done,
                done_at=timezone.now() if done else None,
            ),
            user,
        )
    _save(
        MonthNote(
            owner=user,
            year=today.year,
            month=today.month,
            major_events="华信电子技术交流会；月底向总部述职。",
            notes="万星逾期款本月必须回收一半。",
        ),
        user,
    )
