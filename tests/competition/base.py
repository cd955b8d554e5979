"""Shanghai's and Jiangsu's rivals on top of the personas, and helpers to reach the worksheets."""

from django.urls import reverse

from competition.models import CapabilityFactor, Competitor
from tests.base import PersonasTestCase


class CompetitionTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hongda = Competitor.objects.create(region=cls.shanghai, name="宏达科技")
        cls.hongda.products.add(cls.product_a)
        cls.yuanjing = Competitor.objects.create(region=cls.shanghai, name="远景电子")
        cls.yuanjing.products.add(cls.product_a)
        cls.suan = Competitor.objects.create(region=cls.jiangsu, name="苏安设备")
        cls.suan.products.add(cls.product_a)
        cls.factors = list(CapabilityFactor.objects.filter(active=True))

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def url(self, name: str, *args, region=None) -> str:
        region = region or self.shanghai
        return reverse(name, args=[region.code, self.period.year, *args])
