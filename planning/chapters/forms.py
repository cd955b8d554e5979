"""The chapters' edit forms: what they share, and the chapters edited on one page (performance,
market, strategies, organisation, control). Crispy lays them out, the forms own the input."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Fieldset, Layout
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from planning.chapters.catalogue import GAP_DIMENSIONS, TEXT_PARTS, ChapterSlug, gap_ids, gap_key
from planning.chapters.services import RowChange
from planning.models import Cadence, ChapterText, ControlCommitment, OrganisationEntry, Plan
from planning.models.chapters import ITEM_LIMIT, LINE_LIMIT, NOTE_LIMIT
from salesplan.conflicts import RevisionForm, clean_text
from salesplan.templatetags.salesplan import amount, percent

TOO_LONG = _("At most %(limit_value)d characters, please; this text has %(show_value)d.")


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


class ChapterForm(RevisionForm):
    """A chapter's edit form carries the chapter revision it loaded."""


class TextsForm(ChapterForm):
    """The free texts of a chapter: one field per part the catalogue lists for `chapter`."""

    chapter = ""

    @classmethod
    def parts(cls) -> tuple[str, ...]:
        return TEXT_PARTS[cls.chapter]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for part in self.parts():
            self.fields[part] = text_field(ChapterText.Part(part).label, NOTE_LIMIT)
            layout += [Field(part), counter(self[part])]
        self.helper.layout = Layout(*layout, Field("revision"))

    @classmethod
    def initial_for(cls, plan: Plan) -> dict:
        texts = dict(plan.chapter_texts.filter(part__in=cls.parts()).values_list("part", "text"))
        return {part: texts.get(part, "") for part in cls.parts()}

    def texts(self) -> dict[str, str]:
        return {part: self.cleaned_data[part] for part in self.parts()}


class MarketForm(TextsForm):
    chapter = ChapterSlug.MARKET


class StrategiesForm(TextsForm):
    chapter = ChapterSlug.STRATEGIES


class PerformanceForm(ChapterForm):
    """One explanation per gap of last period; the manager explains the gaps they choose."""

    def __init__(self, *args, analysis, explanations: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        sections = []
        product, customer = GAP_DIMENSIONS
        for dimension, table, labels, title in (
            (product, analysis.by_product, analysis.product_labels, _("By product")),
            (customer, analysis.by_customer, analysis.customer_labels, _("By customer")),
        ):
            names = []
            for row in table.rows if table else ():
                if not row.gap:
                    continue
                name = gap_key(dimension, row.key)
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
        return gap_ids(self.cleaned_data, dimension)


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
            delete = bool(data.get("DELETE"))
            if delete and not data.get("id"):
                continue  # a new row removed before it was saved
            # A row marked for removal is not validated: its other values may be missing.
            values = {name: data.get(name) if delete else data[name] for name in names}
            changes.append(RowChange(id=data.get("id"), values=values, delete=delete))
        return changes


def table_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template = "bootstrap5/table_inline_formset.html"
    return helper


class OrganisationForm(TextsForm):
    chapter = ChapterSlug.ORGANISATION


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
            cleaned[name] = clean_text(cleaned.get(name) or "")
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
            cleaned[name] = clean_text(cleaned.get(name) or "")
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
    absolute_max=50,  # a forged TOTAL_FORMS builds no more forms than a page may hold
    validate_max=True,
)
EntryFormSet = forms.formset_factory(
    EntryForm,
    formset=BaseRowsFormSet,
    extra=3,
    can_delete=True,
    max_num=80,
    absolute_max=80,
    validate_max=True,
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
        cleaned["owner"] = clean_text(cleaned.get("owner") or "")
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
    CommitmentForm, formset=BaseCommitmentFormSet, extra=0, max_num=100, absolute_max=100
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
