"""Forms of the customer strategy: customers, the three steps, actions, the list filter; and a
customer's agreed prices."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from customers import scoring
from customers.models import (
    Action,
    AssessmentFactor,
    CommittedAction,
    Customer,
    EnergyClass,
    Likelihood,
    OrderSize,
    Period,
    Priority,
    Product,
    StrategySettings,
    Tier,
)
from customers.models.market import validate_month_start
from customers.pricing import month_from_text
from salesplan.conflicts import RevisionForm
from salesplan.forms import EmptyLabelMixin
from salesplan.money import AmountError, parse_amount

SCORE_CHOICES = [(score, str(score)) for score in range(scoring.SCORE_MIN, scoring.SCORE_MAX + 1)]


class PeriodField(forms.ModelChoiceField):
    """A planning period, posted as its year."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Say which period this is for."),
                "invalid_choice": _("There is no such planning period."),
            },
        )
        super().__init__(queryset=Period.objects.all(), to_field_name="year", **kwargs)


class InvalidMarksMixin:
    """Widgets of fields with errors get Bootstrap's is-invalid class."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def revision_field():
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CustomerForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Customer
        fields = ["name", "industry", "contact", "payment_terms", "notes", "active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Give the customer a name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Div(
                Div(Field("name"), css_class="col-md-6"),
                Div(Field("industry"), css_class="col-md-6"),
                css_class="row",
            ),
            Div(
                Div(Field("contact"), css_class="col-md-6"),
                Div(Field("payment_terms"), css_class="col-md-6"),
                css_class="row",
            ),
            Field("notes"),
            Field("active"),
            Field("revision"),
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the customer a name."), code="required")
        # The region is not a field of the form, so the model's unique constraint is not
        # checked by the form: check it here to answer at the field.
        clash = Customer.objects.filter(region_id=self.instance.region_id, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("The region already has a customer of this name."), code="unique"
            )
        return name


class AssessmentForm(forms.Form):
    """Step 1: every active factor scored 1–5."""

    period = PeriodField()
    revision = revision_field()

    def __init__(self, *args, factors: list[AssessmentFactor], **kwargs):
        super().__init__(*args, **kwargs)
        self.factors = factors
        for factor in factors:
            self.fields[self.field_name(factor)] = forms.TypedChoiceField(
                label=factor.display_name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Score this factor from 1 to 5."),
                    "invalid_choice": _("Scores run from 1 to 5; %(value)s is not one of them."),
                },
            )

    @staticmethod
    def field_name(factor: AssessmentFactor) -> str:
        return f"factor_{factor.pk}"

    def rows(self, axis: str):
        """(factor, bound field) of one axis, for the template's table."""
        return [(f, self[self.field_name(f)]) for f in self.factors if f.axis == axis]

    def scores(self) -> dict[int, int]:
        return {f.pk: self.cleaned_data[self.field_name(f)] for f in self.factors}


class EnergyForm(InvalidMarksMixin, forms.Form):
    """Step 2: order size and likelihood of closing soon, each from its four levels."""

    period = PeriodField()
    revision = revision_field()
    order_level = forms.TypedChoiceField(
        label=_("Order size (订单量)"),
        coerce=int,
        error_messages={
            "required": _("Choose the order size."),
            "invalid_choice": _("Choose one of the four order sizes."),
        },
    )
    likelihood_level = forms.TypedChoiceField(
        label=_("Likelihood of closing soon (可能性)"),
        coerce=int,
        error_messages={
            "required": _("Choose how likely the order is to close soon."),
            "invalid_choice": _("Choose one of the four likelihoods."),
        },
    )

    def __init__(self, *args, strategy: StrategySettings, **kwargs):
        kwargs.setdefault("auto_id", "energy_%s")  # three forms share the customer's page
        super().__init__(*args, **kwargs)
        rule = strategy.energy_rule
        self.fields["order_level"].choices = [("", "—")] + [
            (level, f"{label} · {rule.order_scores[level - 1]}")
            for level, label in OrderSize.choices
        ]
        self.fields["likelihood_level"].choices = [("", "—")] + [
            (level, f"{label} · {rule.likelihood_scores[level - 1]}")
            for level, label in Likelihood.choices
        ]


class CommitActionForm(EmptyLabelMixin, InvalidMarksMixin, forms.Form):
    """Step 3: commit to an action of the library, with an owner and a due date."""

    period = PeriodField()
    action = forms.ModelChoiceField(
        label=_("Action"),
        queryset=Action.objects.filter(active=True),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={
            "required": _("Choose an action."),
            "invalid_choice": _("Choose one of the library's actions."),
        },
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (负责人)"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={
            "required": _("Say who owns this action."),
            "invalid_choice": _("The owner must be one of the region's managers."),
        },
    )
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        ),
        error_messages={
            "required": _("Give a due date."),
            "invalid": _("Enter the date as YYYY-MM-DD."),
        },
    )
    note = forms.CharField(
        label=_("Note (备注)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, owners, tier: int | None, **kwargs):
        kwargs.setdefault("auto_id", "commit_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        actions = list(self.fields["action"].queryset)
        suggested = [(a.pk, str(a)) for a in actions if a.suits(tier)]
        others = [(a.pk, str(a)) for a in actions if not a.suits(tier)]
        if suggested:
            self.fields["action"].choices = [
                ("", "—"),
                (_("Suggested for this tier"), suggested),
                (_("Other actions"), others),
            ]
        else:
            self.fields["action"].choices = [("", "—"), *others]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CommittedAction.Status.choices)


class CustomerFilterForm(forms.Form):
    """The customer list's search and filters; every field optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("tier", "energy_class", "priority", "active"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tier = forms.TypedChoiceField(
        label=_("Tier"),
        choices=[("", _("All tiers")), *Tier.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    energy_class = forms.ChoiceField(
        label=_("Class"), choices=[("", _("All classes")), *EnergyClass.choices], required=False
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("All priorities")), *Priority.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Active customers")),
            ("all", _("All customers")),
            ("inactive", _("Inactive customers")),
        ],
        required=False,
    )


PRICE_ERRORS = {
    "invalid": _("Type a price, such as 1,234.50."),
    "negative": _("A price cannot be negative."),
    "max_decimal_places": _("At most two decimal places."),
    "too_large": _("Too large: the limit is 999,999,999,999.99."),
}


class CustomerPriceForm(RevisionForm):
    """A customer's agreed price for a product from a month on."""

    product = forms.TypedChoiceField(label=_("Product"), coerce=int)
    price = forms.CharField(
        label=_("Agreed price"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    valid_from = forms.CharField(
        label=_("Valid from (month)"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2027-03"}),
        help_text=_("The price applies to targets of this month and every later month."),
    )

    def __init__(self, *args, current: Product | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The products on sale, and the one an existing price is for even if no longer on sale.
        products = Product.objects.filter(active=True)
        if current is not None:
            products = products | Product.objects.filter(pk=current.pk)
        self.products = {product.pk: product for product in products}
        self.fields["product"].choices = [("", "—")] + [
            (product.pk, f"{product.code} · {product.display_name}")
            for product in self.products.values()
        ]
        self.fields["product"].error_messages["invalid_choice"] = _(
            "Choose one of the products on sale."
        )
        self.helper.layout = Layout(
            Div(
                Div(Field("product"), css_class="col-md-5"),
                Div(Field("price"), css_class="col-md-3"),
                Div(Field("valid_from"), css_class="col-md-4"),
                css_class="row",
            ),
            Field("revision"),
        )

    def clean_price(self):
        try:
            return parse_amount(self.cleaned_data["price"])
        except AmountError as exc:
            raise forms.ValidationError(PRICE_ERRORS[exc.code], code=exc.code) from None

    def clean_valid_from(self):
        month = month_from_text(self.cleaned_data["valid_from"])
        if month is None:
            raise forms.ValidationError(
                _("Give the first month the price applies, such as 2027-03."), code="invalid"
            )
        try:
            validate_month_start(month)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages, code="range") from None
        return month

    def price_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "product": self.products[data["product"]],
            "price": data["price"],
            "valid_from": data["valid_from"],
            "revision": data["revision"],
        }
