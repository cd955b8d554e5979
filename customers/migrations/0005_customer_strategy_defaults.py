"""The deck's defaults: scoring settings, the step-1 factors at equal weights, the 16 actions."""

from django.db import migrations

ATTRACTIVENESS = [
    # code, name, English name — 客户吸引力, in the deck's order
    ("profit_contribution", "利润贡献", "Profit contribution"),
    ("purchase_volume", "采购量", "Purchase volume"),
    ("growth", "成长性", "Growth"),
    ("strategic_high_ground", "战略制高点", "Strategic high ground"),
    ("referrals", "转介绍", "Referrals"),
    ("payment_terms", "帐期", "Payment terms"),
    ("learning_opportunity", "学习的机会", "Learning opportunity"),
    ("future_products", "未来品接受", "Acceptance of future products"),
    ("industry_credit", "行业信用", "Industry credit"),
    ("purchasing_ease", "采购流程便利", "Ease of the purchasing process"),
]

ADVANTAGE = [
    # 我们的优势, judged against the competitors at that customer
    ("product", "产品", "Product"),
    ("people", "人员", "People"),
    ("organisation", "组织", "Organisation"),
    ("service", "服务", "Service"),
    ("influence", "影响力", "Influence"),
    ("competitive_situation", "竞争态势", "Competitive situation"),
    ("comparative_capability", "对比能力", "Comparative capability"),
    ("strategic_intent", "战略意图", "Strategic intent"),
    ("attention", "关注程度", "Attention"),
]

ACTIONS = [
    # number, name, English name, tiers
    (1, "提高最低订货量", "Raise the minimum order quantity", (3,)),
    (2, "提高价格", "Raise the price", (3,)),
    (3, "主动为客户提供信息", "Give the customer information unasked", (1, 2)),
    (
        4,
        "先于客户想到其需求，并事先作出方案",
        "Foresee the customer's needs and prepare a proposal",
        (1,),
    ),
    (5, "降低服务的成本", "Lower the cost of serving", (3, 4)),
    (6, "降价给客户让利", "Cut the price in the customer's favour", (2,)),
    (7, "延长维修服务期限", "Extend the maintenance period", (2,)),
    (
        8,
        "加大软性投入，密切与决策人的关系",
        "Invest softly in the relationship with decision makers",
        (1, 2),
    ),
    (9, "改进产品，实现“客户化”", "Improve the product for this customer", (1,)),
    (10, "大力依靠展示会", "Rely on trade shows", (4,)),
    (11, "邮寄宣传品", "Mail brochures", (4,)),
    (12, "依赖热线电话", "Rely on the hotline", (4,)),
    (13, "让代理去努力", "Let agents do the work", (4,)),
    (14, "向客户强力推荐标准化的产品", "Push standard products hard", (3, 4)),
    (15, "高层介入密切沟通", "Senior management stays in close touch", (1, 2)),
    (
        16,
        "根据客户未来的业务状态，研发新品",
        "Develop new products for the customer's future business",
        (1,),
    ),
]


def seed_defaults(apps, schema_editor):
    StrategySettings = apps.get_model("customers", "StrategySettings")
    AssessmentFactor = apps.get_model("customers", "AssessmentFactor")
    Action = apps.get_model("customers", "Action")
    StrategySettings.objects.get_or_create(pk=1)  # the model's defaults are the deck's
    for axis, factors in (("attractiveness", ATTRACTIVENESS), ("advantage", ADVANTAGE)):
        for position, (code, name, name_en) in enumerate(factors, start=1):
            AssessmentFactor.objects.get_or_create(
                code=code,
                defaults={"axis": axis, "name": name, "name_en": name_en, "position": position},
            )
    for number, name, name_en, tiers in ACTIONS:
        Action.objects.get_or_create(
            number=number,
            defaults={
                "name": name,
                "name_en": name_en,
                **{f"tier_{tier}": tier in tiers for tier in (1, 2, 3, 4)},
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0004_customer_strategy"),
    ]

    operations = [
        migrations.RunPython(seed_defaults, migrations.RunPython.noop),
    ]
