"""What each chapter shows: one context builder per chapter, shared by the plan page and the PDF.

A chapter's read view is `templates/planning/chapters/_<slug>.html`; it receives `content` (what
the builder returns), `plan`, and `print` (True in the PDF, where buttons and forms are left out).
"""

from collections.abc import Callable

from planning import reports
from planning.models import Plan

Builder = Callable[[Plan], dict]
_BUILDERS: dict[str, Builder] = {}


def builds(slug: str) -> Callable[[Builder], Builder]:
    def register(function: Builder) -> Builder:
        _BUILDERS[slug] = function
        return function

    return register


def chapter_content(plan: Plan, slug: str) -> dict:
    builder = _BUILDERS.get(slug)
    return builder(plan) if builder else {}


@builds("summary")
def summary(plan: Plan) -> dict:
    return {"figures": reports.summary_figures(plan)}


@builds("targets")
def targets(plan: Plan) -> dict:
    by_product, product_total = reports.targets_by_product(plan)
    by_customer, customer_total = reports.targets_by_customer(plan)
    return {
        "by_product": by_product,
        "product_total": product_total,
        "by_customer": by_customer,
        "customer_total": customer_total,
    }


@builds("pnl")
def profit_and_loss(plan: Plan) -> dict:
    table, products, lines = reports.profit_and_loss(plan)
    return {"pnl": table}
