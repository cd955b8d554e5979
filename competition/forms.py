"""Forms of the competition worksheets: typed input in, domain values out, errors at the field."""

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from competition.models import (
    AttackMeans,
    AttackType,
    CapabilityFactor,
    ChosenStrategy,
    Competitor,
    CompetitorMove,
    Defence,
    Dimension,
    GrowthMove,
    PositioningAssessment,
    StrategyKind,
)
from competition.rules import SCORE_MAX, SCORE_MIN, SHARE_LIMIT, Role
from customers.models import Product, Region
from salesplan.money import AmountError, parse_amount

AMOUNT_ERRORS = {
    "invalid": _("Type a number, e.g. 12.5."),
    "max_decimal_places": _("At most two decimal places."),
    "negative": _("It cannot be negative."),
    "too_large": _("That is too large."),
}


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at the field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class RevisionForm(forms.Form):
    """The revision the page loaded; a save from an older one is refused (409)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class CompetitorForm(forms.ModelForm):
    products = forms.ModelMultipleChoiceField(
        label=_("Product lines it competes in"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Competitor
        fields = ["name", "products", "notes", "active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Name the competitor.")}}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        chosen = self.instance.products.all() if self.instance.pk else Product.objects.none()
        self.fields["products"].queryset = (Product.objects.filter(active=True) | chosen).distinct()
        self.helper = _helper()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Name the competitor."), code="required")
        taken = Competitor.objects.filter(region=self.region, name=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise ValidationError(
                _("This region already has a competitor of that name."), code="unique"
            )
        return name


class CompetitorEditForm(CompetitorForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta(CompetitorForm.Meta):
        fields = [*CompetitorForm.Meta.fields, "revision"]


class MoveForm(forms.ModelForm):
    class Meta:
        model = CompetitorMove
        fields = ["competitor", "date", "description", "response"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "competitor": {"required": _("Choose the competitor.")},
            "date": {
                "required": _("Give the date."),
                "invalid": _("Give a date, e.g. 2027-03-15."),
            },
            "description": {"required": _("Say what they did.")},
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competitor"].queryset = Competitor.objects.filter(region=region)
        self.fields["competitor"].empty_label = None if self.instance.pk else "—"
        self.helper = _helper()


class MoveEditForm(MoveForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta(MoveForm.Meta):
        fields = [*MoveForm.Meta.fields, "revision"]


class PositioningForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = PositioningAssessment
        fields = [f"{d}_{part}" for d in Dimension.values for part in ("score", "comment")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            score = self.fields[f"{dimension.value}_score"]
            score.widget.attrs["class"] = "form-select form-select-sm"
            comment = self.fields[f"{dimension.value}_comment"]
            comment.widget.attrs.update({"class": "form-control form-control-sm"})
            comment.label = format_lazy("{} · {}", dimension.label, _("Comment"))

    def dimension_rows(self):
        return [
            (dimension.label, self[f"{dimension.value}_score"], self[f"{dimension.value}_comment"])
            for dimension in Dimension
        ]


class NotesForm(forms.Form):
    positioning_notes = forms.CharField(
        label=_("Points to watch in positioning (定位中应注意问题)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DeleteForm(RevisionForm):
    pass


def _choices_field(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class StrategyForm(forms.Form):
    """A leader's or a challenger's strategy; `kind` decides which fields it has."""

    product = forms.ModelChoiceField(
        label=_("Product line"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("Every product line"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Give the strategy a short title.")},
    )
    defences = _choices_field(_("Defence (防御)"), Defence)
    growth_moves = _choices_field(_("Grow the market (扩大市场)"), GrowthMove)
    aim = forms.CharField(
        label=_("Aim of the attack or defence (攻击或防守的目的)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target = forms.ModelChoiceField(
        label=_("Rival attacked or defended against (攻击或防守谁)"),
        queryset=Competitor.objects.none(),
        required=False,
    )
    expected_result = forms.CharField(
        label=_("Expected result (期望结果)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attack_types = _choices_field(_("Attack (进攻方式)"), AttackType)
    means = _choices_field(_("Means (手段)"), AttackMeans)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    budget = forms.CharField(
        label=_("Estimated budget (费用预算)"),
        required=False,
        help_text=_("A first estimate; the action plan's activities carry the budget to the P&L."),
    )

    LEADER_ONLY = ("defences", "growth_moves")
    CHALLENGER_ONLY = ("aim", "target", "expected_result", "attack_types", "means")

    def __init__(
        self, *args, kind: str, region: Region, instance: ChosenStrategy | None = None, **kwargs
    ):
        if instance is not None:
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name) for name in self.base_fields if name != "revision"
                },
                "product": instance.product_id,
                "target": instance.target_id,
                "budget": "" if instance.budget is None else f"{instance.budget:.2f}",
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["product"].queryset = Product.objects.filter(active=True)
        if instance is not None and instance.product_id:
            self.fields["product"].queryset = Product.objects.filter(
                pk=instance.product_id
            ) | Product.objects.filter(active=True)
        self.fields["target"].queryset = Competitor.objects.filter(region=region, active=True)
        if instance is not None and instance.target_id:
            self.fields["target"].queryset = Competitor.objects.filter(region=region)
        dropped = self.CHALLENGER_ONLY if kind == StrategyKind.LEADER else self.LEADER_ONLY
        for name in dropped:
            del self.fields[name]
        self.helper = _helper()

    def clean_budget(self):
        raw = self.cleaned_data["budget"].strip()
        if not raw:
            return None
        try:
            return parse_amount(raw)
        except AmountError as exc:
            raise ValidationError(AMOUNT_ERRORS[exc.code], code=exc.code) from None

    def clean(self):
        cleaned = super().clean()
        # The model states what each kind needs; ask it here so the errors land at the fields.
        probe = ChosenStrategy(kind=self.kind, title=cleaned.get("title") or "-")
        for name in ("defences", "growth_moves", "attack_types", "means"):
            setattr(probe, name, list(cleaned.get(name) or []))
        probe.aim = cleaned.get("aim") or ""
        probe.expected_result = cleaned.get("expected_result") or ""
        probe.target = cleaned.get("target")
        try:
            probe.clean()
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, errors)
        return cleaned

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "revision"}
        for name in ("defences", "growth_moves", "attack_types", "means"):
            if name in data:
                data[name] = list(data[name])
        return data


class StrategyEditForm(StrategyForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# The product-oriented position: one row per company, one column per capability factor ----------


@dataclass
class PositionFormRow:
    key: str
    name: str
    competitor: Competitor | None
    share: forms.BoundField
    scores: list[forms.BoundField]
    role: forms.BoundField
    reason: forms.BoundField
    saved_capability: Decimal | None = None
    saved_role_label: str = ""


class PositionForm(forms.Form):
    """Shares, capability scores and role overrides of every company on one product line."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        companies: list[tuple[str, str, Competitor | None]],
        factors: list[CapabilityFactor],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.companies, self.factors = companies, factors
        self.share_error = ""
        score_choices = [("", "—"), *((n, str(n)) for n in range(SCORE_MAX, SCORE_MIN - 1, -1))]
        for key, name, _competitor in companies:
            self.fields[f"share_{key}"] = forms.CharField(
                label=_("Market share of %(name)s") % {"name": name},
                required=False,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm text-end", "inputmode": "decimal"}
                ),
            )
            for factor in factors:
                self.fields[f"score_{key}_{factor.pk}"] = forms.TypedChoiceField(
                    label=f"{name}: {factor.display_name}",
                    choices=score_choices,
                    coerce=int,
                    error_messages={"required": _("Score 1–5.")},
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
            self.fields[f"role_{key}"] = forms.ChoiceField(
                label=_("Role"),
                choices=[("", _("As derived")), *Role.choices],
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"reason_{key}"] = forms.CharField(
                label=_("Reason for the override"),
                max_length=1000,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def _clean_share(self, key: str) -> Decimal:
        raw = self.cleaned_data.get(f"share_{key}", "")
        try:
            share = parse_amount(raw)
        except AmountError as exc:
            self.add_error(f"share_{key}", ValidationError(AMOUNT_ERRORS[exc.code], code=exc.code))
            return Decimal(0)
        if share > SHARE_LIMIT:
            self.add_error(f"share_{key}", ValidationError(_("At most 100 %."), code="max_value"))
        return share

    def clean(self):
        cleaned = super().clean()
        self.shares = {key: self._clean_share(key) for key, _name, _c in self.companies}
        total = sum(self.shares.values(), Decimal(0))
        if total > SHARE_LIMIT:
            self.share_error = _(
                "The shares add up to %(total)s %%; at most 100 %% is possible. Lower some."
            ) % {"total": f"{total:.1f}"}
            self.add_error(None, ValidationError(self.share_error, code="shares_exceed"))
            for key, _name, _c in self.companies:
                attrs = self.fields[f"share_{key}"].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = "share-total-error"
        for key, _name, _c in self.companies:
            role = cleaned.get(f"role_{key}")
            if role and not (cleaned.get(f"reason_{key}") or "").strip():
                self.add_error(
                    f"reason_{key}",
                    ValidationError(_("Say why the derived role does not fit."), code="required"),
                )
        return cleaned

    @property
    def share_total(self) -> Decimal | None:
        return sum(self.shares.values(), Decimal(0)) if hasattr(self, "shares") else None

    def rows(self, saved: dict | None = None) -> list[PositionFormRow]:
        saved = saved or {}
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        rows = []
        for key, name, competitor in self.companies:
            row = PositionFormRow(
                key=key,
                name=name,
                competitor=competitor,
                share=self[f"share_{key}"],
                scores=[self[f"score_{key}_{factor.pk}"] for factor in self.factors],
                role=self[f"role_{key}"],
                reason=self[f"reason_{key}"],
            )
            if key in saved:
                row.saved_capability = saved[key].capability
                row.saved_role_label = saved[key].derived_role_label
            rows.append(row)
        return rows

    def inputs(self) -> list[dict]:
        """The cleaned rows, ready for services.position_save (competitor None is us)."""
        return [
            {
                "competitor": competitor,
                "share": self.shares[key],
                "scores": {
                    factor.pk: self.cleaned_data[f"score_{key}_{factor.pk}"]
                    for factor in self.factors
                },
                "role_override": self.cleaned_data.get(f"role_{key}") or "",
                "override_reason": (self.cleaned_data.get(f"reason_{key}") or "").strip(),
            }
            for key, _name, competitor in self.companies
        ]
