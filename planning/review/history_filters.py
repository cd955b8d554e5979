"""The plan's history page, narrowed: what changed, for which customer, product and month, by
whom, between which days. Every filter is optional; the figures' filters show figures only."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, Product, User
from planning.chapters.catalogue import ChapterSlug
from planning.models import Plan
from planning.numbers.history import FIGURE_SOURCES
from salesplan.fields import IdChoiceField
from salesplan.months import MONTH_LABELS, MONTHS

PLAN, COMMENTS, CHAPTERS, FIGURES = "plan", "comments", "chapters", "figures"
CHAPTER_PREFIX = "chapter:"  # "chapter:swot": one chapter's written content


class HistoryFilterForm(forms.Form):
    what = forms.ChoiceField(label=_("What"), required=False)
    customer = IdChoiceField(
        label=_("Customer"), queryset=Customer.objects.none(), required=False, empty_label="—"
    )
    product = IdChoiceField(
        label=_("Product"), queryset=Product.objects.all(), required=False, empty_label="—"
    )
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None)
    who = IdChoiceField(
        label=_("Who"), queryset=User.objects.none(), required=False, empty_label="—"
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [
            ("", _("Everything")),
            (PLAN, _("The plan")),
            (COMMENTS, _("Comments")),
            (CHAPTERS, _("Chapters")),
            *[(f"{CHAPTER_PREFIX}{slug}", f"· {label}") for slug, label in ChapterSlug.choices],
            (FIGURES, _("All figures")),
            *[(source.key, source.title) for source in FIGURE_SOURCES],
        ]
        self.fields["customer"].queryset = Customer.objects.filter(region=plan.region)
        self.fields["month"].choices = [("", "—"), *[(m, MONTH_LABELS[m]) for m in MONTHS]]
        self.fields["who"].queryset = User.objects.filter(
            Q(memberships__region=plan.region) | Q(role=User.Role.REVIEWER) | Q(is_staff=True)
        ).distinct()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        for name in ("since", "until"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def narrowed(self) -> dict:
        """The valid filters, as keyword arguments of `plan_history_entries`."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "what": data["what"],
            "customer": data["customer"].pk if data["customer"] else None,
            "product": data["product"].pk if data["product"] else None,
            "month": data["month"],
            "who": data["who"].pk if data["who"] else None,
            "since": data["since"],
            "until": data["until"],
        }
