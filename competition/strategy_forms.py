"""Forms of the competitive-strategy worksheets: a strategy from one role's template and the
product position table (shares, roles)."""

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from competition.forms import AMOUNT_ERRORS, form_helper
from competition.models import (
    CHOICE_LISTS,
    KIND_FIELDS,
    TEMPLATE_FIELDS,
    AttackMeans,
    AttackType,
    CapabilityFactor,
    ChosenStrategy,
    Competitor,
    Defence,
    FollowerTask,
    FollowStyle,
    GrowthMove,
    NicheTask,
    Specialisation,
    StrategyKind,
)
from competition.rules import SCORE_MAX, SCORE_MIN, SHARE_LIMIT, Role
from customers.models import Product, Region
from salesplan.forms import EmptyLabelMixin
from salesplan.money import AmountError, parse_amount


def _choices_field(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class StrategyForm(EmptyLabelMixin, forms.Form):
    """A strategy from one role's template; `kind` decides which fields it has.

    Choosing the product line asks the page (htmx, `fit_url`) whether the template fits our role
    there; the answer is a warning beside the choice, never a refusal.
    """

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
    follow_styles = _choices_field(_("Way of following (跟随方式)"), FollowStyle)
    follower_tasks = _choices_field(_("What the follower keeps (跟随者的要务)"), FollowerTask)
    niche = forms.CharField(
        label=_("The niche (补缺市场)"),
        help_text=_("Which customers, products or area the niche is."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    specialisations = _choices_field(_("Specialisation (专业化)"), Specialisation)
    niche_tasks = _choices_field(_("Niche tasks (补缺任务)"), NicheTask)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    budget = forms.CharField(
        label=_("Estimated budget (费用预算)"),
        required=False,
        help_text=_("A first estimate; the action plan's activities carry the budget to the P&L."),
    )

    def __init__(
        self,
        *args,
        kind: str,
        region: Region,
        instance: ChosenStrategy | None = None,
        fit_url: str = "",
        **kwargs,
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
        for name in TEMPLATE_FIELDS:
            if name not in KIND_FIELDS[kind]:
                del self.fields[name]
        if kind == StrategyKind.FOLLOWER:
            self.fields["target"].label = _("Rival we follow (跟随谁)")
        if fit_url:
            self.fields["product"].widget.attrs.update(
                {
                    "hx-get": fit_url,
                    "hx-trigger": "change",
                    "hx-target": "#role-fit",
                    "hx-swap": "outerHTML",
                    "aria-describedby": "role-fit",
                }
            )
        self.helper = form_helper()
        # The fit warning sits right below the product line it is about.
        names = list(self.fields)
        self.helper.layout = Layout(
            names[0], HTML('{% include "competition/_role_fit.html" %}'), *names[1:]
        )

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
        for name in CHOICE_LISTS:
            setattr(probe, name, list(cleaned.get(name) or []))
        probe.aim = cleaned.get("aim") or ""
        probe.niche = cleaned.get("niche") or ""
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
        for name in CHOICE_LISTS:
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
