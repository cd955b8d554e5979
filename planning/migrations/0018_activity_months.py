"""An activity runs in any months of the year, not only from a start month to an end month (the
deck's activity table has a column per month): `month_bits`, twelve bits, January the lowest,
replaces `start_month` and `end_month`, on the activities and their history alike.

Forward, each row's months are its start to its end; backward, a row's start and end are its
first and last month (the months between are filled in: contiguous is all the old model knew).
"""

import django.db.models.expressions
from django.db import migrations, models

import salesplan.month_sets

MODELS = ("Activity", "HistoricalActivity")


def _bits(start: int, end: int) -> int:
    return salesplan.month_sets.month_bits(range(start, end + 1))


def months_from_start_and_end(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("planning", name)
        pairs = model.objects.order_by().values_list("start_month", "end_month").distinct()
        for start, end in list(pairs):
            model.objects.filter(start_month=start, end_month=end).update(
                month_bits=_bits(start, end)
            )


def start_and_end_from_months(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("planning", name)
        for bits in list(model.objects.order_by().values_list("month_bits", flat=True).distinct()):
            months = salesplan.month_sets.months_of(bits)
            model.objects.filter(month_bits=bits).update(
                start_month=min(months), end_month=max(months)
            )


def _nullable_month(verbose_name: str):
    return models.PositiveSmallIntegerField(null=True, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0017_default_rollup_thresholds"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="month_bits",
            field=salesplan.month_sets.MonthsField(null=True, verbose_name="months"),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="month_bits",
            field=salesplan.month_sets.MonthsField(null=True, verbose_name="months"),
        ),
        migrations.RemoveConstraint(
            model_name="activity",
            name="activity_months_in_order",
        ),
        # Nullable while they go, so that going back can add them to rows before filling them.
        *(
            migrations.AlterField(
                model_name=model_name,
                name=field_name,
                field=_nullable_month(verbose_name),
            )
            for model_name in ("activity", "historicalactivity")
            for field_name, verbose_name in (
                ("start_month", "start month"),
                ("end_month", "end month"),
            )
        ),
        migrations.RunPython(months_from_start_and_end, start_and_end_from_months),
        *(
            migrations.RemoveField(model_name=model_name, name=field_name)
            for model_name in ("activity", "historicalactivity")
            for field_name in ("start_month", "end_month")
        ),
        migrations.AlterField(
            model_name="activity",
            name="month_bits",
            field=salesplan.month_sets.MonthsField(verbose_name="months"),
        ),
        migrations.AlterField(
            model_name="historicalactivity",
            name="month_bits",
            field=salesplan.month_sets.MonthsField(verbose_name="months"),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(("month_bits__gte", 1), ("month_bits__lte", 4095)),
                name="activity_runs_in_some_month",
            ),
        ),
        migrations.AlterModelOptions(
            name="activity",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.expressions.CombinedExpression(
                            models.F("month_bits"),
                            "&",
                            django.db.models.expressions.CombinedExpression(
                                models.F("month_bits"), "*", models.Value(-1)
                            ),
                        )
                    ),
                    "month_bits",
                    "pk",
                ],
                "verbose_name": "activity",
                "verbose_name_plural": "activities",
            },
        ),
    ]
