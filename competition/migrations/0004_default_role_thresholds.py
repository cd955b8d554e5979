"""The role thresholds' single row, with today's defaults (10 % share, 0.5 capability points)."""

from decimal import Decimal

from django.db import migrations


def add_thresholds(apps, schema_editor):
    RoleThresholds = apps.get_model("competition", "RoleThresholds")
    RoleThresholds.objects.get_or_create(
        pk=1, defaults={"niche_share": Decimal("10.00"), "challenger_gap": Decimal("0.50")}
    )


class Migration(migrations.Migration):
    dependencies = [("competition", "0003_follower_nicher_strategies_and_role_thresholds")]

    operations = [migrations.RunPython(add_thresholds, migrations.RunPython.noop)]
