"""Every form under generated input: hypothesis' `from_form` and raw strings in every field.
No exception, and every accepted value within its field's bounds (issue 9, item 13)."""

import importlib
import math
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase, from_form, register_field_strategy

from competition.forms import (
    CompetitorEditForm,
    CompetitorForm,
    DeleteForm,
    MoveEditForm,
    MoveForm,
    NotesForm,
    PositioningForm,
)
from competition.models import Competitor
from competition.strategy_forms import PositionForm, StrategyEditForm, StrategyForm
from competition.summaries import active_factors as capability_factors
from competition.views_worksheets import _companies
from customers import services as customer_services
from customers.forms import (
    ActionStatusForm,
    AssessmentForm,
    CommitActionForm,
    CustomerFilterForm,
    CustomerForm,
    CustomerPriceForm,
    EnergyForm,
    PeriodField,
)
from customers.models import Period, Region, StrategySettings
from planning.chapters.action_forms import ActivityForm, AmountField
from planning.chapters.forms import (
    MarketForm,
    OrganisationForm,
    PerformanceForm,
    RevisionForm,
    StrategiesForm,
    control_formset,
    organisation_formsets,
)
from planning.chapters.swot_forms import DirectionForm, swot_formsets
from planning.models import ControlMeans, SwotItem
from planning.notifications.forms import NotificationSettingsForm
from planning.numbers import reports
from planning.numbers.forms import (
    CopyLastYearForm,
    FigureField,
    ProfileForm,
    RepricingForm,
    SplitTotalForm,
    SpreadForm,
)
from planning.printing.forms import PackForm, PrintOptionsForm
from planning.review.forms import (
    ApproveForm,
    CommentForm,
    PlanFilterForm,
    ReopenForm,
    ReplyForm,
    ReturnForm,
    SummaryForm,
)
from planning.rounds.forms import ConfirmRoundForm, OpenRoundForm
from planning.spreadsheets.forms import PriceImportForm, SpreadsheetImportForm
from planning.tools.forms import EventForm, MonthNoteForm, RemoveForm, TodoForm
from salesplan.money import MONEY_LIMIT
from tests.base import PersonasMixin

# Strings people paste by accident or on purpose.
NASTY = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1e400",
    "NaN",
    "Infinity",
    "9" * 40,
    "1,234.567",
    "１２３",
    "١٢٣",
    "1_000",
    "\x00",
    "\u202e",
    "<script>alert(1)</script>",
    "'; DROP TABLE planning_plan; --",
    "2027-02-30",
    "99999-01-01",
    "朗" * 5000,
    "true",
    "None",
    "[]",
    "{}",
]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


def out_of_bounds(form: forms.Form) -> list[str]:
    """Accepted values that break their own field's bounds."""
    problems = []
    for name, field in form.fields.items():
        if name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if value in (None, "") or isinstance(value, list | tuple | set):
            continue
        where = f"{type(form).__name__}.{name}={str(value)[:40]!r}"
        max_length = getattr(field, "max_length", None)
        if isinstance(value, str) and max_length and len(value) > max_length:
            problems.append(f"{where}: longer than {max_length}")
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(f"{where}: not finite")
        if isinstance(value, Decimal):
            if not value.is_finite():
                problems.append(f"{where}: not finite")
            elif abs(value) >= MONEY_LIMIT * 1000:
                problems.append(f"{where}: beyond any figure the app stores")
            elif value.as_tuple().exponent < -2:
                problems.append(f"{where}: more than two decimal places")
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
            if (low is not None and value < low) or (high is not None and value > high):
                problems.append(f"{where}: outside {low}..{high}")
        for validator in field.validators:
            try:
                validator(value)
            except ValidationError:
                problems.append(f"{where}: fails its own validator")
            except TypeError:
                continue
        choices = getattr(field, "choices", None)
        if choices and not isinstance(field, forms.ModelChoiceField):
            allowed = {str(key) for key, _label in _flat(choices)}
            if str(value) not in allowed:
                problems.append(f"{where}: not one of the choices")
    return problems


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def as_posted(values: dict) -> QueryDict:
    posted = QueryDict(mutable=True)
    for key, value in values.items():
        items = value if isinstance(value, list | tuple) else [value]
        texts = []
        for item in items:
            if item is None or item is False:
                continue
            if item is True:
                texts.append("on")
            elif isinstance(item, date | time):
                texts.append(item.isoformat())
            elif isinstance(item, Model):
                texts.append(str(item.pk))
            else:
                texts.append(str(item))
        posted.setlist(key, texts)
    return posted


def checked(form) -> list[str]:
    """Validate `form` (a form or a formset); the problems of what it accepted."""
    if isinstance(form, forms.BaseFormSet):
        if not form.is_valid():
            return []
        return [problem for each in form.forms for problem in out_of_bounds(each)]
    if not form.is_valid():
        return []
    return out_of_bounds(form)


class FormsFuzzTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.competitor = Competitor.objects.create(region=cls.shanghai, name="宏达科技")
        cls.competitor.products.add(cls.product_a)
        # SWOT items for the action directions to cite.
        for kind in ("S", "W", "O", "T"):
            SwotItem.objects.create(plan=cls.plan, kind=kind, text=f"{kind} 项")

    def factories(self) -> dict:
        """name → (form class or None, keyword arguments, callable(data) → bound form)."""
        plan, region = self.plan, self.shanghai
        strategy = StrategySettings.load()
        factors = customer_services.active_factors()
        owners = customer_services.region_owners(region)
        analysis = reports.performance_analysis(plan)
        catalogue = list(ControlMeans.objects.all())
        companies = _companies(region, self.product_a, None)
        capability = capability_factors()
        plain = {
            SummaryForm: {},
            ReturnForm: {},
            ApproveForm: {},
            ReopenForm: {},
            CommentForm: {},
            ReplyForm: {},
            PlanFilterForm: {},
            CustomerForm: {},
            CustomerFilterForm: {},
            ActionStatusForm: {},
            AssessmentForm: {"factors": factors},
            EnergyForm: {"strategy": strategy},
            CommitActionForm: {"owners": owners, "tier": 1},
            CompetitorForm: {"region": region},
            CompetitorEditForm: {"region": region},
            MoveForm: {"region": region},
            MoveEditForm: {"region": region},
            PositioningForm: {},
            NotesForm: {},
            DeleteForm: {},
            StrategyForm: {"kind": "challenger", "region": region},
            StrategyEditForm: {"kind": "leader", "region": region},
            PositionForm: {"companies": companies, "factors": capability},
            MarketForm: {},
            StrategiesForm: {},
            OrganisationForm: {},
            RevisionForm: {},
            PerformanceForm: {"analysis": analysis, "explanations": {}},
            DirectionForm: {"plan": plan},
            ActivityForm: {"plan": plan},
            SpreadForm: {"customers": [self.langtong], "region": region},
            CopyLastYearForm: {},
            SplitTotalForm: {},
            ProfileForm: {"region": region},
            TodoForm: {},
            EventForm: {},
            RemoveForm: {},
            MonthNoteForm: {},
            PackForm: {"regions": Region.objects.all()},
            SpreadsheetImportForm: {},
            CustomerPriceForm: {},
            PriceImportForm: {},
            RepricingForm: {},
            OpenRoundForm: {},
            ConfirmRoundForm: {"period": self.period},
            NotificationSettingsForm: {},
            PrintOptionsForm: {},
        }
        factories = {
            form_class.__name__: (form_class, kwargs, lambda d, c=form_class, k=kwargs: c(d, **k))
            for form_class, kwargs in plain.items()
        }
        factories["SwotFormSets"] = (None, {}, lambda d: swot_formsets(plan, d)["S"])
        factories["OrganisationPositions"] = (None, {}, lambda d: organisation_formsets(plan, d)[0])
        factories["OrganisationEntries"] = (None, {}, lambda d: organisation_formsets(plan, d)[1])
        factories["ControlFormSet"] = (None, {}, lambda d: control_formset(plan, catalogue, d))
        return factories

    def field_names(self, build) -> list[str]:
        unbound = build(None)
        if isinstance(unbound, forms.BaseFormSet):
            names = [f"{unbound.prefix}-{n}" for n in ("TOTAL_FORMS", "INITIAL_FORMS")]
            for form in [*unbound.forms, unbound.empty_form]:
                names += [form.add_prefix(name) for name in form.fields]
            return [n.replace("__prefix__", "0") for n in names]
        return [unbound.add_prefix(name) for name in unbound.fields]

    def test_every_form_of_the_app_is_fuzzed(self):
        fuzzed = {name for name in self.factories()}
        # Every module of forms, wherever a feature package keeps them (forms.py, *_forms.py,
        # or a forms/ package), so that a new form module cannot escape the fuzzing.
        root = Path(django_settings.BASE_DIR)
        modules = sorted(
            ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
            for app in ("customers", "competition", "planning")
            for path in (root / app).rglob("*.py")
            if "migrations" not in path.parts
            and (path.stem == "forms" or path.stem.endswith("_forms") or "forms" in path.parts)
        )
        self.assertIn("competition.strategy_forms", modules)
        declared = set()
        for module_name in modules:
            module = importlib.import_module(module_name)
            for name, value in vars(module).items():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module_name
                    and value.__name__ not in ("ToolForm", "ChapterForm", "TextsForm")
                    and not value.__name__.endswith(("ItemForm", "EntryForm", "CommitmentForm"))
                    and not (module_name.startswith("planning.chapters") and name == "PositionForm")
                ):
                    declared.add(value.__name__)
        self.assertEqual(sorted(declared - fuzzed), [], "forms without a fuzz factory")

    @FUZZ
    @given(data=st.data())
    def test_raw_strings_in_every_field_raise_nothing_and_stay_in_bounds(self, data):
        problems = []
        for name, (_form_class, _kwargs, build) in self.factories().items():
            names = self.field_names(build)
            raw = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
            values = data.draw(st.fixed_dictionaries(dict.fromkeys(names, raw)), label=name)
            problems += checked(build(values))
        self.assertEqual(problems, [])

    def well_formed(self, name: str, data) -> None:
        form_class, kwargs, _build = self.factories()[name]
        # Model choices come from the objects the form offers (hypothesis would query afresh).
        choices = {}
        for field_name, field in form_class(**kwargs).fields.items():
            if isinstance(field, forms.ModelChoiceField):
                keys = [str(key) for key, _label in field.choices if str(key)]
                one = st.sampled_from(keys) if keys else st.just("")
                multiple = isinstance(field, forms.ModelMultipleChoiceField)
                choices[field_name] = st.lists(one, max_size=3) if multiple else one
        strategy = from_form(form_class, form_kwargs=kwargs, **choices)
        drawn = data.draw(strategy, label=name)
        # As a browser sends them: every value as text.
        self.assertEqual(checked(form_class(as_posted(drawn.data), **kwargs)), [])


# Strategies for the app's own fields, which hypothesis cannot infer.
TYPED_FIGURE = st.one_of(
    st.decimals(min_value=-(10**13), max_value=10**13, places=2, allow_nan=False).map(str),
    st.integers(min_value=-(10**15), max_value=10**15).map("{:,}".format),
    st.text(alphabet="0123456789,.-１２３ ¥", max_size=20),
)
register_field_strategy(FigureField, TYPED_FIGURE)
register_field_strategy(AmountField, TYPED_FIGURE)
register_field_strategy(
    PeriodField, st.deferred(lambda: st.sampled_from(list(Period.objects.all())))
)
WELL_FORMED = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _well_formed_test(name: str):
    @WELL_FORMED
    @given(data=st.data())
    def test(self, data):
        self.well_formed(name, data)

    test.__name__ = f"test_well_formed_values_of_{name}_stay_in_bounds"
    return test


# One test per plain form (formsets are covered by the raw strings above).
PLAIN_FORMS = (
    "SummaryForm",
    "ReturnForm",
    "ApproveForm",
    "ReopenForm",
    "CommentForm",
    "ReplyForm",
    "PlanFilterForm",
    "CustomerForm",
    "CustomerFilterForm",
    "ActionStatusForm",
    "AssessmentForm",
    "EnergyForm",
    "CommitActionForm",
    "CompetitorForm",
    "CompetitorEditForm",
    "MoveForm",
    "MoveEditForm",
    "PositioningForm",
    "NotesForm",
    "DeleteForm",
    "StrategyForm",
    "StrategyEditForm",
    "PositionForm",
    "MarketForm",
    "StrategiesForm",
    "OrganisationForm",
    "RevisionForm",
    "PerformanceForm",
    "DirectionForm",
    "ActivityForm",
    "SpreadForm",
    "CopyLastYearForm",
    "SplitTotalForm",
    "ProfileForm",
    "TodoForm",
    "EventForm",
    "RemoveForm",
    "MonthNoteForm",
    "OpenRoundForm",
    "ConfirmRoundForm",
    "NotificationSettingsForm",
    "PrintOptionsForm",
)
for _name in PLAIN_FORMS:
    setattr(FormsFuzzTests, _well_formed_test(_name).__name__, _well_formed_test(_name))
