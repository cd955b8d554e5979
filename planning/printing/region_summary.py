"""The one-page region summary at the start of a printed plan: the key figures, the bridge from
last year to the target by product, and the headline (the plan summary chapter's text).

Every figure is a measure (planning/numbers/measures.py) read through measure_reads: the
plan's own line, and its products' lines as the targets chapter shows them.
"""

from planning.models import Plan
from planning.numbers import measure_reads, measures, reports
from planning.printing.bridge import bridge_chart


def summary_context(
    plan: Plan,
    *,
    line: measures.Line | None = None,
    products: tuple[list[measures.Line], measures.Line] | None = None,
) -> dict:
    """The summary page's context; `line` and `products` when the chapters already read them
    (the summary chapter's figures, the targets chapter's lines by product)."""
    if line is None:
        line = measure_reads.plan_line(plan)
    rows, _total = products if products is not None else reports.targets_by_product(plan)
    return {
        "line": line,
        "bridge": bridge_chart(line, rows),
        "headline": plan.strategy_changes,
    }
