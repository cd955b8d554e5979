"""Default factors of enterprise capability (企业能力), equal weights; administrators edit them."""

from django.db import migrations

FACTORS = [
    ("产品与技术", "Product and technology", 10),
    ("渠道与销售网络", "Channels and sales network", 20),
    ("服务能力", "Service capability", 30),
    ("品牌与客户关系", "Brand and customer relations", 40),
    ("成本与规模", "Cost and scale", 50),
]


def add_factors(apps, schema_editor):
    CapabilityFactor = apps.get_model("competition", "CapabilityFactor")
    for name, name_en, order in FACTORS:
        CapabilityFactor.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("competition", "0001_competitors_worksheets_and_strategies")]

    operations = [migrations.RunPython(add_factors, migrations.RunPython.noop)]
