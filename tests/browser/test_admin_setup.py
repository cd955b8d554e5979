"""README's "Setting up a planning year" followed in a real browser: issue 20's "Done when".

From a database holding only what the migrations create (the expense lines, the settings rows)
and the administrator `createsuperuser` makes at installation, the administrator follows the
README's steps 1–8 in the Django admin, in English, finding every page, link and field by the
README's words: a period, a parent and a child region, a manager with their role, name,
language and region, a product, a customer of the child region with an agreed price from a
month, an expense line, the two settings pages and the plan. The new manager then logs in to the
app, finds the plan on their home page, opens "Numbers" (数据表格: the manager's language, chosen
in the admin, is Chinese) and types a target: its amount is the quantity × the customer's price.
No shell command, no object made in Python but the administrator. Screenshots of each admin
page land in artifacts/screenshots/admin_setup/.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython
from playwright.sync_api import Page, expect

from customers.models import Customer, CustomerPrice, Period, Product, Region, User
from planning.models import ExpenseLine, Plan, Target

ADMIN_PASSWORD = "an-administrator-password-2026"
MANAGER_PASSWORD = "a-managers-browser-password-2026"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "admin_setup"
YEAR = 2027
LIST_PRICE = Decimal("120.00")
CUSTOMER_PRICE = Decimal("95.50")
PRICE_MONTH = 3  # the agreed price applies from March
QUANTITY = 12
PROJECT_APPS = ("customers", "planning", "competition")


def create_what_the_migrations_create() -> None:
    """Run the project's data migrations (those of RunPython alone) again, each with its models
    as they were: the expense lines, the settings rows, the catalogues. An earlier transactional
    test's flush emptied their tables; they only get_or_create, so on a fresh database nothing
    moves."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    for migration, _backwards in executor.migration_plan(targets, clean_start=True):
        operations = migration.operations
        if migration.app_label not in PROJECT_APPS or not operations:
            continue
        if not all(isinstance(operation, RunPython) for operation in operations):
            continue
        state = executor.loader.project_state((migration.app_label, migration.name))
        with connection.schema_editor(atomic=False) as schema_editor:
            for operation in operations:
                operation.code(state.apps, schema_editor)


def label(page: Page, text: str):
    """A form field by its label as the admin shows it ("Name:", or a checkbox's "Active")."""
    return page.get_by_label(re.compile(rf"^{re.escape(text)}:?$"))


def open_add_form(page: Page, base: str, models: str) -> None:
    """The admin index, then "Add" in the row of `models` (README: "Plans → Add")."""
    page.goto(f"{base}/admin/")
    row = page.locator("tr", has=page.get_by_role("link", name=models, exact=True))
    row.get_by_role("link", name="Add", exact=True).click()
    expect(page.locator("#content h1")).to_have_text(re.compile(r"^Add "))


def save(page: Page) -> None:
    """Save, and land on a page saying so (a form refused shows its error note instead)."""
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("ul.messagelist li.success, .errornote").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def choose_autocomplete(page: Page, row, search: str, result: str) -> None:
    """The searching select of an inline row: open it, type, pick the result."""
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=result).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_sets_up_a_year_and_the_manager_types_targets(live_server, new_page):
    # What the installation leaves: the migrations' rows and one `createsuperuser`.
    create_what_the_migrations_create()
    assert not User.objects.exists() and not Region.objects.exists()
    installed_lines = set(ExpenseLine.objects.values_list("name", flat=True))
    assert {"区域广告", "人员工资", "业务往来"} <= installed_lines
    User.objects.create_superuser("admin", "admin@example.com", ADMIN_PASSWORD)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    step = 0

    def shot(page: Page, name: str) -> None:
        nonlocal step
        step += 1
        page.screenshot(path=str(SHOTS / f"{step:02d}-{name}.png"), full_page=True)

    base = live_server.url
    admin = new_page(locale="en-US")
    admin.goto(f"{base}/admin/")
    label(admin, "Username").fill("admin")
    label(admin, "Password").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    expect(admin.get_by_role("link", name="Planning periods", exact=True)).to_be_visible()
    shot(admin, "admin-index")

    # 1. Planning periods → Add: the year, the date plans are due, the review meeting's date.
    open_add_form(admin, base, "Planning periods")
    label(admin, "Year").fill(str(YEAR))
    label(admin, "Plans due").fill(f"{YEAR - 1}-12-15")
    label(admin, "Half-year review meeting").fill(f"{YEAR}-07-10")
    shot(admin, "period")
    save(admin)

    # 2. Regions: a code, both names, the parent of a group.
    for code, name, name_en, parent in (
        ("HD", "华东", "East China", None),
        ("SH", "上海", "Shanghai", "East China (HD)"),
    ):
        open_add_form(admin, base, "Regions")
        label(admin, "Code").fill(code)
        label(admin, "Name").fill(name)
        label(admin, "English name").fill(name_en)
        if parent:
            label(admin, "Parent region").select_option(label=parent)
            shot(admin, "child-region")
        save(admin)

    # 3. Users → Add: user name and password, role, full name, interface language, and the
    # region in the "Region assignments" rows at the foot of the page.
    open_add_form(admin, base, "Users")
    label(admin, "Username").fill("zhang.wei")
    label(admin, "Password").fill(MANAGER_PASSWORD)
    label(admin, "Password confirmation").fill(MANAGER_PASSWORD)
    label(admin, "Role").select_option(label="Regional manager")
    label(admin, "Full name").fill("张伟")
    label(admin, "Interface language").select_option(label="简体中文")
    assignments = admin.locator(".inline-group", has_text="Region assignments")
    assignments.get_by_role("button", name="Add another Region assignment").click()
    choose_autocomplete(
        admin, assignments.locator("tr.dynamic-memberships").last, "SH", "Shanghai (SH)"
    )
    shot(admin, "user-add")
    save(admin)  # Django then shows the user's page: nothing more is needed on it
    expect(admin.locator("#content h1")).to_have_text("Change user")

    # 4. Products: code, both names, unit, whole units, list price, standard unit cost.
    open_add_form(admin, base, "Products")
    label(admin, "Code").fill("K100")
    label(admin, "Name").fill("空压机K100")
    label(admin, "English name").fill("Compressor K100")
    label(admin, "Unit").fill("台")
    expect(label(admin, "Counted in whole units")).to_be_checked()
    label(admin, "List price").fill(str(LIST_PRICE))
    label(admin, "Standard unit cost").fill("80.00")
    shot(admin, "product")
    save(admin)

    # 5. Customers: region, name, industry, payment terms; an agreed price from a month in the
    # "Customer prices" rows. The admin then offers to reprice the targets from that month.
    open_add_form(admin, base, "Customers")
    label(admin, "Region").select_option(label="Shanghai (SH)")
    label(admin, "Name").fill("朗通科技")
    label(admin, "Industry").fill("Electronics")
    label(admin, "Payment terms").fill("60 days")
    prices = admin.locator(".inline-group", has_text="Customer prices")
    prices.get_by_role("button", name="Add another Customer price").click()
    price_row = prices.locator("tr.dynamic-prices").last
    choose_autocomplete(admin, price_row, "K100", "Compressor K100")
    price_row.locator("input[name$='-price']").fill(str(CUSTOMER_PRICE))
    price_row.locator("input[name$='-valid_from']").fill(f"{YEAR}-{PRICE_MONTH:02d}-01")
    shot(admin, "customer")
    save(admin)
    expect(admin.locator("ul.messagelist")).to_contain_text(
        "Targets already entered keep their amounts until they are repriced"
    )
    expect(admin.get_by_role("link", name=f"{YEAR} from Mar")).to_be_visible()

    # 6. Expense lines: the installed ones are listed; another is added with both names.
    admin.goto(f"{base}/admin/")
    admin.get_by_role("link", name="Expense lines", exact=True).click()
    for name in ("Regional advertising", "Staff salaries", "Business relations"):
        expect(admin.locator("#result_list")).to_contain_text(name)
    open_add_form(admin, base, "Expense lines")
    label(admin, "Name").fill("差旅费")
    label(admin, "English name").press_sequentially("Travel")  # the code follows it
    expect(label(admin, "Code")).to_have_value("travel")
    shot(admin, "expense-line")
    save(admin)

    # 7. Settings: both rows came with the installation; each opens and saves as it is.
    for link in ("Customer strategy settings", "Role thresholds"):
        admin.goto(f"{base}/admin/")
        admin.get_by_role("link", name=link, exact=True).click()
        expect(admin.locator("#content h1")).to_have_text(re.compile(r"^Change "))
        save(admin)

    # 8. Plans → Add: region, period, version 1.
    open_add_form(admin, base, "Plans")
    label(admin, "Region").select_option(label="Shanghai (SH)")
    label(admin, "Period").select_option(label=str(YEAR))
    expect(label(admin, "Version")).to_have_value("1")
    shot(admin, "plan")
    save(admin)

    # Log out: the app's login page, where the manager logs in.
    admin.get_by_role("button", name="Log out").click()
    admin.wait_for_url(f"{base}/login/")

    # What the admin stored.
    shanghai = Region.objects.get(code="SH")
    assert shanghai.parent == Region.objects.get(code="HD", name_en="East China")
    manager = User.objects.get(username="zhang.wei")
    assert (manager.role, manager.full_name, manager.language) == ("manager", "张伟", "zh-hans")
    assert list(manager.regions.all()) == [shanghai]
    product = Product.objects.get(code="K100", unit="台", whole_units=True)
    customer = Customer.objects.get(region=shanghai, name="朗通科技", payment_terms="60 days")
    price = CustomerPrice.objects.get(customer=customer, product=product)
    assert (price.price, price.valid_from.month) == (CUSTOMER_PRICE, PRICE_MONTH)
    assert ExpenseLine.objects.filter(
        code="travel", name="差旅费", name_en="Travel", active=True
    ).exists()
    plan = Plan.objects.get(region=shanghai, period=Period.objects.get(year=YEAR), version=1)
    assert plan.state == Plan.State.DRAFT

    # The manager: log in, the plan on the home page, "Numbers", type a target.
    page = admin
    label(page, "Username").fill("zhang.wei")
    label(page, "Password").fill(MANAGER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")  # chosen in the admin
    my_plans = page.locator("section", has=page.get_by_role("heading", name="我的计划"))
    my_plans.get_by_role("link", name="上海", exact=True).click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/")
    page.get_by_role("link", name="数据表格", exact=True).click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/targets/product/{product.pk}/")
    row = page.locator(f"tr[data-row='{customer.pk}']")
    expect(row.locator("th.row-head")).to_contain_text("朗通科技")
    cell = page.locator(f"td#cell-{customer.pk}-{PRICE_MONTH} input.cell")
    cell.focus()
    page.keyboard.type(str(QUANTITY))
    page.keyboard.press("Enter")
    expect(page.locator("[data-grid].grid-saving")).to_have_count(0)
    expect(page.locator("td.cell-pending:not(.cell-error)")).to_have_count(0)
    expect(page.locator("#grid-status")).to_have_text(re.compile(r"^\s*已保存 1 个单元格。\s*$"))
    amount = QUANTITY * CUSTOMER_PRICE
    expect(page.locator(f"#rt-{customer.pk}")).to_have_text(str(QUANTITY))
    expect(page.locator(f"#rx-{customer.pk}-1")).to_have_text(f"{amount:,.2f}")
    shot(page, "manager-typed-a-target")

    target = Target.objects.get(plan=plan, customer=customer, product=product)
    assert (target.month, target.quantity, target.amount) == (PRICE_MONTH, QUANTITY, amount)
    assert amount != QUANTITY * LIST_PRICE  # the customer's price, not the list price
