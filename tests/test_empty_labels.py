"""A select's empty choice says what to do (#20): "— choose —" in the person's language, never
Django's "---------", on the app's form pages; the admin keeps its own."""

from django import forms
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from competition.models import Competitor
from customers.models import Action, CommittedAction, Product
from planning.models import MonthlyProfile
from salesplan.forms import EmptyLabelMixin
from tests.base import PersonasTestCase


class CommitmentForm(EmptyLabelMixin, forms.ModelForm):
    class Meta:
        model = CommittedAction
        fields = ["action", "status", "note"]

    status = forms.ChoiceField(choices=[("", "---------"), ("open", "Open")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.none()  # no database here


class MixinTests(SimpleTestCase):
    def test_model_and_plain_choices_get_the_translated_label(self):
        for language in ("en", "zh-hans"):
            with self.subTest(language=language), translation.override(language):
                html = str(CommitmentForm(auto_id=False))
                self.assertNotIn("---------", html)
                label = translation.gettext("— choose —")  # the label follows the language
                self.assertEqual(html.count(f'<option value="" selected>{label}</option>'), 2)

    def test_a_label_the_form_chose_stays(self):
        class Chosen(EmptyLabelMixin, forms.Form):
            product = forms.ModelChoiceField(
                queryset=Product.objects.none(), required=False, empty_label="All products"
            )

        self.assertEqual(Chosen().fields["product"].empty_label, "All products")


class FormPagesTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        MonthlyProfile.objects.create(region=cls.shanghai, name="旺季", weights=[1] * 12)
        Competitor.objects.create(region=cls.shanghai, name="宏达科技")

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def test_the_apps_form_pages_show_no_dashes(self):
        sheet = {"region_code": self.shanghai.code, "year": self.period.year}
        pages = [
            reverse("customer_detail", args=[self.langtong.pk]),  # the three steps
            reverse("customer_create", args=[self.shanghai.pk]),
            reverse("customer_price_create", args=[self.langtong.pk]),
            reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk]),  # fill tools
            reverse("competition_overview", kwargs=sheet),
            reverse("competitor_move_create", kwargs=sheet),
            reverse("strategy_create", kwargs=sheet) + "?kind=challenger",
            reverse("plan_actions_edit", args=[self.plan.pk]),
            reverse("plan_control_edit", args=[self.plan.pk]),
        ]
        self.login(self.alice)
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "---------")
        self.assertContains(self.client.get(pages[0]), "— choose —")

    def test_the_admin_keeps_its_own_empty_label(self):
        self.login(self.adam)

        response = self.client.get(reverse("admin:customers_committedaction_add"))

        self.assertContains(response, "---------")
        self.assertNotContains(response, "— choose —")
