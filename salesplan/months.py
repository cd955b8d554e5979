"""The twelve months of a planning year and their labels in the reader's language."""

from django.utils.translation import gettext_lazy as _

MONTHS = tuple(range(1, 13))

MONTH_LABELS = {
    0: _("Opening (期初)"),
    1: _("Jan"),
    2: _("Feb"),
    3: _("Mar"),
    4: _("Apr"),
    5: _("May"),
    6: _("Jun"),
    7: _("Jul"),
    8: _("Aug"),
    9: _("Sep"),
    10: _("Oct"),
    11: _("Nov"),
    12: _("Dec"),
}


def month_label(month):
    """一月 … 十二月 in Chinese, Jan … Dec in English; month 0 is the opening balance."""
    return MONTH_LABELS.get(int(month), month)


def month_labels() -> list[str]:
    """The twelve months' labels, January first, in the active language (chart axes)."""
    return [str(month_label(month)) for month in MONTHS]
