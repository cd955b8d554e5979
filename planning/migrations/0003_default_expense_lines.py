"""The deck's expense lines of the projected P&L: 区域广告, 人员工资, 业务往来."""

from django.db import migrations

LINES = [
    ("advertising", "区域广告", "Regional advertising", 10),
    ("salaries", "人员工资", "Staff salaries", 20),
    ("relations", "业务往来", "Business relations", 30),
]


def add_lines(apps, schema_editor):
    ExpenseLine = apps.get_model("planning", "ExpenseLine")
    for code, name, name_en, order in LINES:
        ExpenseLine.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_figures_and_actuals")]

    operations = [migrations.RunPython(add_lines, migrations.RunPython.noop)]
