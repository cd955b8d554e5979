"""Named personas and a small organisation that every test module can build on.

alice manages Shanghai (SH), bob manages Jiangsu (JS), rita reviews for headquarters,
adam administers, and dave is a deactivated former manager of SH.
"""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from customers.models import Customer, Period, Product, Region, RegionMembership, User
from planning.models import Plan
from salesplan.month_sets import month_bits

PASSWORD = "a-long-test-password-2026"


def make_user(username: str, role: str, *, regions=(), active=True, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, is_active=active, **extra
    )
    for region in regions:
        RegionMembership.objects.create(user=user, region=region)
    return user


class PersonasMixin:
    @classmethod
    def setUpTestData(cls):
        cls.east = Region.objects.create(code="HD", name="华东", name_en="East China")
        cls.shanghai = Region.objects.create(
            code="SH", name="上海", name_en="Shanghai", parent=cls.east
        )
        cls.jiangsu = Region.objects.create(
            code="JS", name="江苏", name_en="Jiangsu", parent=cls.east
        )
        cls.period = Period.objects.create(
            year=2027, submission_due=date(2026, 12, 15), review_meeting=date(2027, 7, 9)
        )
        cls.product_a = Product.objects.create(
            code="A", name="产品A", name_en="Product A", list_price=Decimal("100.00")
        )
        cls.langtong = Customer.objects.create(region=cls.shanghai, name="朗通")
        cls.alice = make_user("alice", User.Role.MANAGER, regions=[cls.shanghai])
        cls.bob = make_user("bob", User.Role.MANAGER, regions=[cls.jiangsu])
        cls.rita = make_user("rita", User.Role.REVIEWER)
        cls.adam = make_user("adam", User.Role.ADMIN, is_staff=True, is_superuser=True)
        cls.dave = make_user("dave", User.Role.MANAGER, regions=[cls.shanghai], active=False)
        cls.plan = Plan.objects.create(region=cls.shanghai, period=cls.period)
        cls.other_plan = Plan.objects.create(region=cls.jiangsu, period=cls.period)

    def login(self, user: User) -> None:
        self.client.force_login(user)


class PersonasTestCase(PersonasMixin, TestCase):
    pass


def complete_plan(plan: Plan) -> None:
    """Give a plan what the pre-submit checks ask for besides its summary: a target, and a line
    in every written chapter."""
    from planning.models import (
        Activity,
        ChapterText,
        ControlCommitment,
        ControlMeans,
        GapExplanation,
        SwotItem,
        Target,
    )

    customer, _ = Customer.objects.get_or_create(region=plan.region, name=f"{plan.region.name}客户")
    product = Product.objects.filter(active=True).first() or Product.objects.create(
        code="Z", name="产品Z", list_price=Decimal("10.00")
    )
    Target.objects.get_or_create(
        plan=plan,
        customer=customer,
        product=product,
        month=1,
        defaults={"quantity": 1, "amount": product.list_price},
    )
    GapExplanation.objects.get_or_create(
        plan=plan, product=product, defaults={"text": "新品上市推迟。"}
    )
    for part in ("contribution_notes", "market_push", "department_value"):
        ChapterText.objects.get_or_create(plan=plan, part=part, defaults={"text": "已填写。"})
    SwotItem.objects.get_or_create(plan=plan, kind="S", text="渠道覆盖广")
    Activity.objects.get_or_create(
        plan=plan, work="新品推介会", owner="张伟", budget=1000, month_bits=month_bits([3, 4])
    )
    # Transactional (browser) tests flush the catalogue that a data migration seeded.
    means = ControlMeans.objects.order_by("order").first() or ControlMeans.objects.create(
        code="weekly-check", name="按周检查产品、市场和盈亏指标", default_cadence="weekly"
    )
    ControlCommitment.objects.get_or_create(
        plan=plan, means=means, defaults={"cadence": "weekly", "owner": "张伟"}
    )
