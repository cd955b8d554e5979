"""The roll-up thresholds' single row, with the defaults (achievement 100 / 90 %, growth 10 / 0 %)."""

from decimal import Decimal

from django.db import migrations


def add_thresholds(apps, schema_editor):
    RollupThresholds = apps.get_model("planning", "RollupThresholds")
    RollupThresholds.objects.get_or_create(
        pk=1,
        defaults={
            "achievement_green": Decimal("100.00"),
            "achievement_amber": Decimal("90.00"),
            "growth_green": Decimal("10.00"),
            "growth_amber": Decimal("0.00"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("planning", "0016_rollup_thresholds")]

    operations = [migrations.RunPython(add_thresholds, migrations.RunPython.noop)]
