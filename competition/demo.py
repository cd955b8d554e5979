"""Demo competitors, moves, positions, 4P1S scores and strategies; safe to run again."""

from datetime import date
from decimal import Decimal

from competition import services
from competition.models import (
    CapabilityFactor,
    ChosenStrategy,
    CompetitionWorksheet,
    Competitor,
    CompetitorMove,
    PositioningAssessment,
    ProductPosition,
)
from competition.rules import Role
from competition.summaries import position_summaries
from customers.models import Period, Product, Region, User

YEAR = 2027

# Per region: rivals (name, product codes, notes), then per product line the position of us and
# each rival (share %, capability scores of the five default factors).
RIVALS = {
    "SH": [
        ("宏达科技", ["A", "B"], "华东老牌厂商，渠道密集，价格跟随。"),
        ("远景电子", ["A", "C"], "以低价切入中小客户，服务薄弱。"),
        ("联创系统", ["A", "B", "C"], "方案型公司，擅长软件集成项目。"),
    ],
    "JS": [
        ("苏安设备", ["A", "B"], "本地龙头，与政府项目关系紧密。"),
        ("金石科技", ["B", "C"], "新进入者，融资后大举扩张。"),
    ],
    "HN": [
        ("南方通联", ["A", "C"], "珠三角渠道覆盖最广。"),
        ("粤海电子", ["A", "B"], "价格最低，交期长。"),
    ],
    "HB": [
        ("北辰设备", ["A", "B", "C"], "北方市场领导者，服务网络完善。"),
        ("京北科技", ["B"], "专注化工行业的细分供应商。"),
    ],
}

POSITIONS = {
    "SH": {
        "A": {
            None: ("32", [4, 4, 5, 4, 3]),
            "宏达科技": ("28", [4, 5, 4, 4, 4]),
            "远景电子": ("15", [3, 3, 3, 3, 4]),
            "联创系统": ("6", [3, 2, 3, 3, 2]),
        },
        "B": {
            None: ("24", [4, 4, 5, 4, 4]),
            "宏达科技": ("35", [5, 4, 4, 5, 4]),
            "联创系统": ("12", [3, 3, 3, 3, 3]),
        },
        "C": {
            None: ("8", [3, 3, 4, 3, 3]),
            "远景电子": ("30", [3, 4, 2, 3, 5]),
            "联创系统": ("14", [3, 3, 3, 3, 3]),
        },
    },
    "JS": {
        "A": {None: ("22", [4, 3, 4, 3, 3]), "苏安设备": ("38", [4, 4, 4, 5, 4])},
        "B": {
            None: ("30", [4, 4, 4, 4, 4]),
            "苏安设备": ("30", [4, 4, 4, 4, 4]),
            "金石科技": ("18", [4, 3, 3, 3, 4]),
        },
    },
    "HN": {
        "A": {
            None: ("41", [5, 4, 4, 4, 4]),
            "南方通联": ("25", [3, 5, 3, 4, 3]),
            "粤海电子": ("17", [3, 3, 2, 3, 5]),
        },
        "C": {None: ("19", [4, 3, 4, 3, 3]), "南方通联": ("33", [4, 5, 4, 4, 4])},
    },
    "HB": {
        "A": {None: ("18", [4, 3, 3, 3, 3]), "北辰设备": ("44", [5, 5, 5, 4, 4])},
        "B": {
            None: ("9", [4, 3, 4, 3, 3]),
            "北辰设备": ("36", [4, 4, 5, 4, 4]),
            "京北科技": ("12", [3, 2, 4, 3, 3]),
        },
    },
}

# (date, rival, what they did, our response)
MOVES = {
    "SH": [
        (
            (2026, 9, 12),
            "宏达科技",
            "对产品B推出“以旧换新”活动，折让达12%。",
            "泰岳、万星重点拜访，强调服务与交期。",
        ),
        (
            (2026, 10, 20),
            "远景电子",
            "在上海新设办事处，招聘4名销售。",
            "关注其对中小客户的低价报价。",
        ),
        ((2026, 11, 3), "联创系统", "中标朗通二期软件集成项目。", "争取产品A作为其硬件配套。"),
    ],
    "JS": [
        (
            (2026, 8, 30),
            "金石科技",
            "完成B轮融资，宣布扩充江苏销售团队。",
            "稳住金陵科技的产品B年度框架。",
        ),
        ((2026, 10, 8), "苏安设备", "产品A降价8%。", "不跟进降价，以方案价值应对。"),
    ],
    "HN": [
        (
            (2026, 9, 1),
            "粤海电子",
            "推出低配版产品A，价格低20%。",
            "羊城电器可能动摇，提前沟通新品路线。",
        ),
    ],
    "HB": [
        ((2026, 10, 15), "北辰设备", "与燕山化工签订三年服务协议。", "转向京华设备扩产项目。"),
    ],
}

# (dimension: (score, comment)) of us against each rival.
POSITIONING = {
    "宏达科技": {
        "channel": (-1, "其经销商数量是我们的两倍"),
        "sales_model": (1, "我们的方案销售更贴近大客户"),
        "service": (1, "48小时到场承诺"),
        "price": (-1, "我们价格高约8%"),
        "product": (1, "产品A性能领先"),
    },
    "远景电子": {
        "channel": (1, ""),
        "sales_model": (1, ""),
        "service": (2, "其售后外包"),
        "price": (-2, "低价策略"),
        "product": (1, ""),
    },
    "联创系统": {
        "channel": (1, ""),
        "sales_model": (-1, "软件集成能力强"),
        "service": (0, ""),
        "price": (0, ""),
        "product": (1, "硬件更可靠"),
    },
}
DEFAULT_POSITIONING = {
    "channel": (0, ""),
    "sales_model": (1, ""),
    "service": (1, ""),
    "price": (-1, ""),
    "product": (0, ""),
}

NOTES = (
    "1. 不与低价对手拼价格，守住方案价值；\n"
    "2. 定位要和客户分级一致：一级客户重服务；\n"
    "3. 每季度复核对手动向。"
)


def _manager(region: Region) -> User | None:
    membership = (
        region.memberships.filter(user__role=User.Role.MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def seed_competition() -> None:
    period = Period.objects.filter(year=YEAR).first()
    if period is None:
        return
    factors = list(CapabilityFactor.objects.filter(active=True).order_by("order", "pk"))
    products = {p.code: p for p in Product.objects.all()}
    for code, rivals in RIVALS.items():
        region = Region.objects.filter(code=code).first()
        manager = region and _manager(region)
        if manager is None:
            continue
        by_name = _competitors(region, manager, rivals, products)
        _moves(region, manager, by_name, MOVES.get(code, []))
        _positions(region, period, manager, by_name, products, factors, POSITIONS.get(code, {}))
        _positioning(period, manager, by_name)
        if not CompetitionWorksheet.objects.filter(region=region, period=period).exists():
            services.worksheet_save_notes(
                region=region, period=period, user=manager, revision=0, positioning_notes=NOTES
            )
        _strategies(region, period, manager, by_name, products)


def _competitors(region, manager, rivals, products) -> dict[str, Competitor]:
    by_name = {}
    for name, codes, notes in rivals:
        competitor = Competitor.objects.filter(region=region, name=name).first()
        if competitor is None:
            competitor = services.competitor_create(
                region=region,
                user=manager,
                name=name,
                products=[products[c] for c in codes if c in products],
                notes=notes,
            )
        by_name[name] = competitor
    return by_name


def _moves(region, manager, by_name, moves) -> None:
    for (year, month, day), name, description, response in moves:
        competitor = by_name[name]
        when = date(year, month, day)
        if CompetitorMove.objects.filter(competitor=competitor, date=when).exists():
            continue
        services.move_create(
            region=region,
            user=manager,
            competitor=competitor,
            date=when,
            description=description,
            response=response,
        )


def _positions(region, period, manager, by_name, products, factors, positions) -> None:
    for code, companies in positions.items():
        product = products.get(code)
        exists = ProductPosition.objects.filter(region=region, period=period, product=product)
        if product is None or exists.exists():
            continue
        rows = [
            services.PositionInput(
                competitor=by_name[name] if name else None,
                share=Decimal(share),
                scores={f.pk: score for f, score in zip(factors, scores, strict=False)},
            )
            for name, (share, scores) in companies.items()
        ]
        services.position_save(
            region=region, period=period, product=product, user=manager, revision=0, rows=rows
        )


def _positioning(period, manager, by_name) -> None:
    for name, competitor in by_name.items():
        if PositioningAssessment.objects.filter(competitor=competitor, period=period).exists():
            continue
        scores = POSITIONING.get(name, DEFAULT_POSITIONING)
        values = {}
        for dimension, (score, comment) in scores.items():
            values[f"{dimension}_score"] = score
            values[f"{dimension}_comment"] = comment
        services.positioning_save(
            competitor=competitor, period=period, user=manager, revision=0, values=values
        )


def _strategies(region, period, manager, by_name, products) -> None:
    """For each role we hold, one strategy from that role's template on the first such line."""
    if ChosenStrategy.objects.filter(region=region, period=period).exists():
        return
    summaries = position_summaries(region, period)
    for role, values_for in STRATEGY_VALUES.items():
        line = next((s for s in summaries if s.our_role == role), None)
        if line is None:
            continue
        leader = next(
            (row.competitor for row in line.rows if row.role == Role.LEADER and row.competitor),
            next(iter(by_name.values())),
        )
        services.strategy_create(
            region=region,
            period=period,
            user=manager,
            kind=role,
            values={"product": line.product, **values_for(line.product.name, leader)},
        )


def _leader_values(product: str, leader: Competitor) -> dict:
    return {
        "title": f"守住{product}的大客户份额",
        "defences": ["position", "counter"],
        "growth_moves": ["new_users", "new_uses"],
        "notes": "一级客户季度高层拜访；新行业应用试点两家。",
        "budget": Decimal("60000.00"),
    }


def _challenger_values(product: str, leader: Competitor) -> dict:
    return {
        "title": f"{product}重点进攻{leader.name}",
        "aim": f"从{leader.name}手中夺取重点客户的{product}订单",
        "target": leader,
        "expected_result": f"{product}份额提升5个百分点",
        "attack_types": ["focused", "local"],
        "means": ["price", "promotion"],
        "budget": Decimal("80000.00"),
    }


def _follower_values(product: str, leader: Competitor) -> dict:
    return {
        "title": f"{product}选择跟随{leader.name}",
        "target": leader,
        "follow_styles": ["adapter"],
        "follower_tasks": ["keep_customers", "low_cost", "quality_service"],
        "expected_result": f"稳住{product}现有客户，份额不低于去年",
        "notes": "跟随其价格调整，在交期和服务上做出差异。",
        "budget": Decimal("30000.00"),
    }


def _nicher_values(product: str, leader: Competitor) -> dict:
    return {
        "title": f"{product}深耕化工行业客户",
        "niche": f"化工行业中小客户的{product}需求：大厂商顾及不到的定制与快速服务",
        "specialisations": ["customer", "service"],
        "niche_tasks": ["expand", "protect"],
        "expected_result": f"{product}在化工行业的份额翻一番",
        "budget": Decimal("20000.00"),
    }


# One strategy per role we hold, in the roles' order.
STRATEGY_VALUES = {
    Role.LEADER: _leader_values,
    Role.CHALLENGER: _challenger_values,
    Role.FOLLOWER: _follower_values,
    Role.NICHER: _nicher_values,
}
