"""The P&L's computed expense line for the action plan's activities (区域市场活动).

Its planned amounts come from the activities' budgets, never from the expense budget grid; its
actual amounts are entered with the other actual expenses.
"""

from django.db import migrations


def add_line(apps, schema_editor):
    ExpenseLine = apps.get_model("planning", "ExpenseLine")
    ExpenseLine.objects.get_or_create(
        code="market-activities",
        defaults={"name": "区域市场活动", "name_en": "Market activities", "order": 40},
    )


class Migration(migrations.Migration):
    dependencies = [("planning", "0005_control_means_catalogue")]

    operations = [migrations.RunPython(add_line, migrations.RunPython.noop)]
