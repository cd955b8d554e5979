"""Forms of the fill tools (spread an annual figure, copy last year, split a regional total) and
of repricing."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, Period, Product
from planning.models import MonthlyProfile
from planning.numbers.grids import ERROR_MESSAGES
from salesplan.converters import parse_id
from salesplan.forms import EmptyLabelMixin
from salesplan.money import AmountError, parse_amount
from salesplan.months import MONTHS, month_label


class FigureField(forms.CharField):
    """A figure typed the way people type it: "1,234.50", full-width digits, no letters."""

    def __init__(self, *, allow_negative=False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        # to_python returns a Decimal, which CharField's length validator cannot measure: the
        # length is checked on the typed text below instead.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > self.max_length:
            raise forms.ValidationError(ERROR_MESSAGES["invalid"], code="invalid")
        try:
            return parse_amount(value, allow_negative=self.allow_negative)
        except AmountError as exc:
            raise forms.ValidationError(ERROR_MESSAGES[exc.code], code=exc.code) from None


class SpreadForm(EmptyLabelMixin, forms.Form):
    EVEN, SEASONAL, PROFILE = "even", "seasonal", "profile"

    customer = forms.TypedChoiceField(label=_("Customer"), coerce=int)
    annual = FigureField(label=_("Annual quantity"))
    basis = forms.ChoiceField(
        label=_("Spread"),
        choices=[
            (EVEN, _("evenly over the months")),
            (SEASONAL, _("by last year's seasonality")),
            (PROFILE, _("by a saved monthly profile")),
        ],
    )
    profile = forms.ModelChoiceField(
        label=_("Monthly profile"), queryset=MonthlyProfile.objects.none(), required=False
    )

    def __init__(self, *args, customers, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].choices = [(c.id, c.name) for c in customers]
        self.fields["profile"].queryset = MonthlyProfile.objects.filter(region=region)

    def clean(self):
        data = super().clean()
        if data.get("basis") == self.PROFILE and not data.get("profile"):
            self.add_error("profile", _("Choose a saved profile, or another way to spread."))
        return data


class CopyLastYearForm(forms.Form):
    growth = FigureField(label=_("Growth over last year (%)"), allow_negative=True)

    def clean_growth(self):
        growth = self.cleaned_data["growth"]
        if growth is None:
            raise forms.ValidationError(_("Type the growth in percent, e.g. 8 or -5."))
        if growth <= -100 or growth > 1000:
            raise forms.ValidationError(_("The growth must lie between -100 % and 1,000 %."))
        return growth


class SplitTotalForm(forms.Form):
    total = FigureField(label=_("Regional total quantity for the year"))

    def clean_total(self):
        total = self.cleaned_data["total"]
        if total is None:
            raise forms.ValidationError(_("Type the regional total."))
        return total


class ProfileForm(forms.ModelForm):
    weights_text = forms.CharField(
        label=_("Twelve monthly weights"),
        help_text=_(
            "Twelve numbers, January first, separated by commas or spaces, e.g. "
            "6 7 9 8 8 9 8 8 9 9 9 10."
        ),
    )

    class Meta:
        model = MonthlyProfile
        fields = ["name"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_name(self):
        # The region is set by the view, so the model's unique (region, name) constraint is not
        # validated by the form: check it here rather than fail on save.
        name = self.cleaned_data["name"]
        if MonthlyProfile.objects.filter(region=self.region, name=name).exists():
            raise forms.ValidationError(
                _("This region already has a profile of that name."), code="unique"
            )
        return name

    def clean_weights_text(self):
        parts = self.cleaned_data["weights_text"].replace("，", ",").replace(",", " ").split()
        if len(parts) != 12:
            raise forms.ValidationError(
                _("Give exactly twelve weights; you gave %(count)s.") % {"count": len(parts)}
            )
        try:
            weights = [parse_amount(part) for part in parts]
        except AmountError:
            raise forms.ValidationError(_("Weights must be numbers of zero or more.")) from None
        if sum(weights, Decimal(0)) <= 0:
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return weights


def fill_forms(plan, data=None, tool: str = "") -> dict:
    """The fill tools' forms for the targets page; `tool`'s is bound to `data`."""
    customers = list(Customer.objects.filter(region=plan.region, active=True))
    return {
        "spread_form": SpreadForm(
            data if tool == "spread" else None,
            customers=customers,
            region=plan.region,
            prefix="spread",
        ),
        "copy_form": CopyLastYearForm(data if tool == "copy" else None, prefix="copy"),
        "split_form": SplitTotalForm(data if tool == "split" else None, prefix="split"),
        "profile_form": ProfileForm(
            data if tool == "profile" else None, region=plan.region, prefix="profile"
        ),
    }


class RepricingForm(forms.Form):
    """Which targets to reprice: a year's plans from a month on, of a product or a customer."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("From month"), coerce=int, choices=[(m, month_label(m)) for m in MONTHS]
    )
    product = forms.TypedChoiceField(
        label=_("Product"), coerce=int, required=False, empty_value=None
    )
    # Named by the admin's link only: a select of every customer would be thousands long.
    customer = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (year, str(year)) for year in Period.objects.values_list("year", flat=True)
        ]
        self.fields["product"].choices = [("", _("every product"))] + [
            (product.pk, f"{product.code} · {product.display_name}")
            for product in Product.objects.all()
        ]

    def clean_customer(self) -> str:
        text = self.cleaned_data["customer"]
        customer_id = parse_id(text) if text else None
        if text and not (customer_id and Customer.objects.filter(pk=customer_id).exists()):
            raise forms.ValidationError(_("There is no such customer."), code="invalid_choice")
        return text

    def scope(self) -> dict:
        """The repricing's arguments (`planning.numbers.repricing`), from the valid form."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "from_month": data["month"],
            "product": Product.objects.get(pk=data["product"]) if data["product"] else None,
            "customer": Customer.objects.get(pk=data["customer"]) if data["customer"] else None,
        }
