"""Edit forms of the plan's written chapters; crispy lays them out, the forms own the input."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import Case, IntegerField, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from competition.models import ChosenStrategy
from planning.chapters.services import RowChange, check_citations
from planning.models import (
    ActionDirection,
    Activity,
    Cadence,
    ChapterText,
    ControlCommitment,
    OrganisationEntry,
    Plan,
    SwotItem,
)
from planning.models.chapters import ITEM_LIMIT, LINE_LIMIT, NOTE_LIMIT
from salesplan.money import AmountError, parse_amount
from salesplan.templatetags.salesplan import amount, percent

TOO_LONG = _("At most %(limit_value)d characters, please; this text has %(show_value)d.")
MONTH_INPUT = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def counter(bound_field) -> HTML:
    """The live character counter under a text field (static/js/app.js fills it in)."""
    return HTML(
        f'<div class="form-text text-end char-counter" data-counter-for="{bound_field.auto_id}"'
        ' aria-live="polite"></div>'
    )


def text_field(label, limit: int, *, rows: int = 4, required: bool = False, help_text=""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "data-counter": limit}),
        error_messages={"max_length": TOO_LONG},
    )


def _clean_text(value: str) -> str:
    # Windows line endings count twice against the limit otherwise.
    return value.replace("\r\n", "\n").strip()


class ChapterForm(forms.Form):
    """A chapter's edit form carries the chapter revision it loaded."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = _clean_text(value)
        return cleaned


class TextsForm(ChapterForm):
    """The free texts of a chapter: one field per `ChapterText.Part` listed in `parts`."""

    parts: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for part in self.parts:
            self.fields[part] = text_field(ChapterText.Part(part).label, NOTE_LIMIT)
            layout += [Field(part), counter(self[part])]
        self.helper.layout = Layout(*layout, Field("revision"))

    @classmethod
    def initial_for(cls, plan: Plan) -> dict:
        texts = dict(plan.chapter_texts.filter(part__in=cls.parts).values_list("part", "text"))
        return {part: texts.get(part, "") for part in cls.parts}

    def texts(self) -> dict[str, str]:
        return {part: self.cleaned_data[part] for part in self.parts}


class MarketForm(TextsForm):
    parts = (ChapterText.Part.CONTRIBUTION_NOTES, ChapterText.Part.COMPARISON_NOTES)


class StrategiesForm(TextsForm):
    parts = (ChapterText.Part.MARKET_PUSH, ChapterText.Part.MARKET_PULL)


class PerformanceForm(ChapterForm):
    """One explanation per gap of last period; the manager explains the gaps they choose."""

    def __init__(self, *args, analysis, explanations: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        sections = []
        for dimension, table, labels, title in (
            ("product", analysis.by_product, analysis.product_labels, _("By product")),
            ("customer", analysis.by_customer, analysis.customer_labels, _("By customer")),
        ):
            names = []
            for row in table.rows if table else ():
                if not row.gap:
                    continue
                name = f"{dimension}_{row.key}"
                label = format_lazy(
                    _("{name} — gap {gap}, achievement {achievement}"),
                    name=labels.get(row.key, str(row.key)),
                    gap=amount(row.gap),
                    achievement=percent(row.achievement),
                )
                self.fields[name] = text_field(label, LINE_LIMIT * 2, rows=2)
                self.initial.setdefault(name, explanations.get(name, ""))
                names += [Field(name), counter(self[name])]
            if names:
                sections.append(Fieldset(title, *names))
        self.helper.layout = Layout(*sections, Field("revision"))

    def explanations(self, dimension: str) -> dict[int, str]:
        prefix = f"{dimension}_"
        return {
            int(name[len(prefix) :]): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }


class SwotItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Item"),
        max_length=ITEM_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        text = _clean_text(cleaned.get("text") or "")
        cleaned["text"] = text
        deleting = cleaned.get("DELETE")
        touched = cleaned.get("id") or self.has_changed()
        if not text and not deleting and touched and "text" not in self.errors:
            self.add_error(
                "text", forms.ValidationError(_("An item cannot be empty."), code="empty")
            )
        if deleting and cleaned.get("id") in getattr(self, "cited", ()):
            self.add_error(
                "DELETE",
                forms.ValidationError(
                    _("An action direction cites this item: change the direction first."),
                    code="cited",
                ),
            )
        return cleaned


class BaseRowsFormSet(forms.BaseFormSet):
    """A list edited as rows; untouched blank rows are left out."""

    def __init__(self, *args, cited=(), **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.cited = set(cited)
            if "DELETE" in form.fields:
                form.fields["DELETE"].label = _("Remove")

    def rows(self, names: tuple[str, ...]) -> list[RowChange]:
        changes = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or (not data.get("id") and not form.has_changed()):
                continue
            changes.append(
                RowChange(
                    id=data.get("id"),
                    values={name: data[name] for name in names},
                    delete=bool(data.get("DELETE")),
                )
            )
        return changes


SwotItemFormSet = forms.formset_factory(
    SwotItemForm,
    formset=BaseRowsFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def table_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper


def swot_formsets(plan: Plan, data=None) -> dict[str, BaseRowsFormSet]:
    cited = set(plan.action_directions.values_list("items", flat=True))
    formsets = {}
    for kind in SwotItem.Kind:
        initial = [{"id": item.pk, "text": item.text} for item in plan.swot_items.filter(kind=kind)]
        formsets[kind.value] = SwotItemFormSet(
            data, initial=initial, prefix=kind.value, cited=cited
        )
    return formsets


class DirectionForm(ChapterForm):
    pairing = forms.ChoiceField(
        label=_("Pairing (SO / WO / ST / WT)"),
        choices=ActionDirection.Pairing.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Action direction (具体行动趋向)"),
        max_length=LINE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": LINE_LIMIT}),
        error_messages={
            "max_length": TOO_LONG,
            "required": _("Describe the action direction."),
        },
    )
    items = forms.ModelMultipleChoiceField(
        label=_("The S/W/O/T items it answers"),
        queryset=SwotItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the S/W/O/T items this direction answers.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        in_swot_order = plan.swot_items.annotate(
            kind_order=Case(
                *(When(kind=kind, then=index) for index, kind in enumerate("SWOT")),
                output_field=IntegerField(),
            )
        ).order_by("kind_order", "order", "pk")
        items = list(in_swot_order)
        numbers = {}
        for item in items:
            numbers[item.kind] = numbers.get(item.kind, 0) + 1
            item._number = numbers[item.kind]
        self.fields["items"].queryset = in_swot_order
        labels = {item.pk: f"{item.label} · {item.text}" for item in items}
        self.fields["items"].label_from_instance = lambda item: labels.get(item.pk, str(item))
        self.helper.layout = Layout(
            Field("pairing"),
            Field("text"),
            counter(self["text"]),
            Field("items"),
            Field("revision"),
        )

    def clean(self):
        cleaned = super().clean()
        pairing, items = cleaned.get("pairing"), cleaned.get("items")
        if pairing and items:
            try:
                check_citations(pairing, items)
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class AmountField(forms.CharField):
    """Money typed by a person: "12,000", "１２０００" or "12000.5"; never negative."""

    default_error_messages = {
        "invalid": _("Type an amount, e.g. 12,000.00."),
        "negative": _("The budget cannot be negative."),
        "max_decimal_places": _("At most two decimal places."),
        "too_large": _("This amount is too large."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_amount(value)
        except AmountError as exc:
            raise forms.ValidationError(self.error_messages[exc.code], code=exc.code) from None


class MonthField(forms.CharField):
    """A month of the plan's period, typed or picked as YYYY-MM; cleans to the month 1–12."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2027-03"})
    default_error_messages = {
        "invalid": _("Pick a month, e.g. 2027-03."),
        "outside": _("Pick a month of the plan's period %(year)s."),
    }

    def __init__(self, *, year: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.year = year

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = MONTH_INPUT.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match.group(1)), int(match.group(2))
        if self.year is not None and year != self.year:
            raise forms.ValidationError(
                self.error_messages["outside"], code="outside", params={"year": self.year}
            )
        return month


class ActivityForm(ChapterForm):
    work = forms.CharField(
        label=_("Work (工作内容)"),
        max_length=LINE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "data-counter": LINE_LIMIT}),
        error_messages={"max_length": TOO_LONG, "required": _("Say what the work is.")},
    )
    owner = forms.CharField(
        label=_("Owner (负责人)"),
        max_length=60,
        error_messages={"max_length": TOO_LONG, "required": _("Name the owner.")},
    )
    support = forms.CharField(
        label=_("Support requested from HQ (提请支持)"),
        max_length=LINE_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    budget = AmountField(
        label=_("Budget (费用预算), ¥"),
        required=False,
    )
    expected_result = forms.CharField(
        label=_("Expected result (达成效果)"),
        max_length=LINE_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    start = MonthField(
        label=_("Start month (开始月份)"), error_messages={"required": _("Pick the start month.")}
    )
    end = MonthField(
        label=_("End month (结束月份)"), error_messages={"required": _("Pick the end month.")}
    )
    direction = forms.ModelChoiceField(
        label=_("From the action direction (具体行动趋向)"),
        queryset=ActionDirection.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    competitive_strategy = forms.ModelChoiceField(
        label=_("Carries out the competitive strategy (竞争策略)"),
        queryset=ChosenStrategy.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].year = self.fields["end"].year = plan.period.year
        self.fields["direction"].queryset = plan.action_directions.all()
        self.fields["competitive_strategy"].queryset = ChosenStrategy.objects.filter(
            region=plan.region, period=plan.period
        )
        self.helper.layout = Layout(
            Field("work"),
            counter(self["work"]),
            Row(
                Column(Field("owner"), css_class="col-md-6"),
                Column(Field("budget", inputmode="decimal"), css_class="col-md-6"),
            ),
            Field("support"),
            Field("expected_result"),
            Row(
                Column(Field("start"), css_class="col-md-6"),
                Column(Field("end"), css_class="col-md-6"),
            ),
            Row(
                Column(Field("direction"), css_class="col-md-6"),
                Column(Field("competitive_strategy"), css_class="col-md-6"),
            ),
            Field("revision"),
        )

    @staticmethod
    def initial_for(activity: Activity, year: int) -> dict:
        return {
            "work": activity.work,
            "owner": activity.owner,
            "support": activity.support,
            "budget": f"{activity.budget:.2f}",
            "expected_result": activity.expected_result,
            "start": f"{year}-{activity.start_month:02d}",
            "end": f"{year}-{activity.end_month:02d}",
            "direction": activity.direction_id,
            "competitive_strategy": activity.competitive_strategy_id,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                forms.ValidationError(_("The activity ends before it starts."), code="order"),
            )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "work": data["work"],
            "owner": data["owner"],
            "support": data["support"],
            "budget": data["budget"],
            "expected_result": data["expected_result"],
            "start_month": data["start"],
            "end_month": data["end"],
            "direction": data["direction"],
            "competitive_strategy": data["competitive_strategy"],
        }


class RevisionForm(ChapterForm):
    """Only the chapter's revision: for removals, and for pages whose rows are formsets."""


class OrganisationForm(TextsForm):
    parts = (ChapterText.Part.DEPARTMENT_VALUE, ChapterText.Part.FUNCTIONS)


class PositionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Position (岗位设置)"),
        max_length=ITEM_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    headcount = forms.IntegerField(
        label=_("Headcount (人员数量)"),
        min_value=0,
        max_value=999,
        required=False,
        widget=forms.NumberInput(attrs={"class": "narrow"}),
    )
    duties = forms.CharField(
        label=_("Duties (职责)"),
        max_length=LINE_LIMIT * 2,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("title", "duties"):
            cleaned[name] = _clean_text(cleaned.get(name) or "")
        touched = cleaned.get("id") or self.has_changed()
        if touched and not cleaned.get("DELETE"):
            if not cleaned["title"] and "title" not in self.errors:
                self.add_error("title", forms.ValidationError(_("Name the position."), "empty"))
            if cleaned.get("headcount") is None and "headcount" not in self.errors:
                self.add_error(
                    "headcount", forms.ValidationError(_("How many people?"), "required")
                )
        return cleaned


class EntryForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Step"), choices=[("", "—"), *OrganisationEntry.Kind.choices], required=False
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=ITEM_LIMIT,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=LINE_LIMIT * 2,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "description"):
            cleaned[name] = _clean_text(cleaned.get(name) or "")
        touched = cleaned.get("id") or self.has_changed()
        if touched and not cleaned.get("DELETE"):
            if not cleaned["name"] and "name" not in self.errors:
                self.add_error("name", forms.ValidationError(_("Name the entry."), "empty"))
            if not cleaned.get("kind"):
                self.add_error("kind", forms.ValidationError(_("Choose the step."), "required"))
        return cleaned


PositionFormSet = forms.formset_factory(
    PositionForm,
    formset=BaseRowsFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
)
EntryFormSet = forms.formset_factory(
    EntryForm, formset=BaseRowsFormSet, extra=3, can_delete=True, max_num=80, validate_max=True
)


KIND_ORDER = {kind.value: index for index, kind in enumerate(OrganisationEntry.Kind)}


def organisation_formsets(plan: Plan, data=None) -> tuple[BaseRowsFormSet, BaseRowsFormSet]:
    positions = PositionFormSet(
        data,
        prefix="positions",
        initial=[
            {"id": p.pk, "title": p.title, "headcount": p.headcount, "duties": p.duties}
            for p in plan.positions.all()
        ],
    )
    entries = EntryFormSet(
        data,
        prefix="entries",
        initial=[
            {"id": e.pk, "kind": e.kind, "name": e.name, "description": e.description}
            for e in sorted(
                plan.organisation_entries.all(),
                key=lambda e: (KIND_ORDER.get(e.kind, 9), e.order, e.pk),
            )
        ],
    )
    return positions, entries


class CommitmentForm(forms.Form):
    means = forms.IntegerField(widget=forms.HiddenInput)
    cadence = forms.ChoiceField(
        label=_("Cadence (频次)"),
        choices=[("", _("— not committed —")), *Cadence.choices],
        required=False,
    )
    owner = forms.CharField(
        label=_("Owner (负责人)"),
        max_length=60,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    status = forms.ChoiceField(
        label=_("Status (状态)"), choices=ControlCommitment.Status.choices, required=False
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["owner"] = _clean_text(cleaned.get("owner") or "")
        if cleaned.get("cadence") and not cleaned["owner"]:
            self.add_error("owner", forms.ValidationError(_("Name an owner."), "required"))
        if not cleaned.get("cadence") and cleaned["owner"]:
            self.add_error(
                "cadence",
                forms.ValidationError(_("Choose a cadence, or clear the owner."), "required"),
            )
        return cleaned

    def commitment(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("cadence"):
            return None
        return {
            "cadence": data["cadence"],
            "owner": data["owner"],
            "status": data.get("status") or ControlCommitment.Status.PLANNED,
        }


class BaseCommitmentFormSet(forms.BaseFormSet):
    def __init__(self, *args, means=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.means = {m.pk: m for m in means}
        for form in self.forms:
            means_id = form.initial.get("means")
            form.means_label = str(self.means.get(means_id, ""))

    def commitments(self) -> dict[int, dict | None]:
        return {
            form.cleaned_data["means"]: form.commitment()
            for form in self.forms
            if form.cleaned_data.get("means") in self.means
        }


CommitmentFormSet = forms.formset_factory(
    CommitmentForm, formset=BaseCommitmentFormSet, extra=0, max_num=100
)


def control_formset(plan: Plan, catalogue, data=None) -> BaseCommitmentFormSet:
    existing = {c.means_id: c for c in plan.control_commitments.all()}
    initial = []
    for means in catalogue:
        commitment = existing.get(means.pk)
        initial.append(
            {
                "means": means.pk,
                "cadence": commitment.cadence if commitment else "",
                "owner": commitment.owner if commitment else "",
                "status": commitment.status if commitment else ControlCommitment.Status.PLANNED,
            }
        )
    return CommitmentFormSet(data, initial=initial, prefix="control", means=catalogue)
