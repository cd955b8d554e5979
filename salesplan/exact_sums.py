"""Sums of decimal columns that stay exact on SQLite too, whose SUM() adds floating-point numbers.

SQLite keeps a DecimalField value as an 8-byte float (NUMERIC affinity) and SUM() adds floats:
3,600 target cells of up to a trillion each came out wrong by up to a yuan in every month, and
any total past 10^13 lost its cents when Django read it back with 15 significant digits. Each
value of two places is exact as a float, and exact again times 100 rounded to an integer (below
2^53), so `ExactSum` adds integer cents there as a 64-bit integer. PostgreSQL's numeric SUM is
exact already and is used as it is.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Func, Sum

from salesplan.money import MONEY_PLACES


class _ExactDecimalField(models.DecimalField):
    """The output of `ExactSum`: a decimal that no backend converter rounds through a float."""

    def get_internal_type(self):
        # Not "DecimalField": the SQLite backend would read the integer cents through a float
        # with 15 significant digits. `ExactSum.convert_value` makes the Decimal instead.
        return "ExactDecimalField"


class ExactSum(Sum):
    """SUM(field) of a decimal field with `places` decimal places, as an exact Decimal."""

    def __init__(self, expression, *, places: int = MONEY_PLACES, **extra):
        if "default" in extra:
            raise TypeError("ExactSum takes no default: use `or Decimal(0)` on the result.")
        super().__init__(
            expression,
            output_field=_ExactDecimalField(max_digits=28, decimal_places=places),
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        scale = 10**self.output_field.decimal_places
        copy = self.copy()
        source, *others = copy.get_source_expressions()
        cents = Func(
            source,
            template=f"CAST(ROUND((%(expressions)s) * {scale}) AS INTEGER)",
            output_field=models.BigIntegerField(),
        )
        copy.set_source_expressions([cents, *others])
        return super(ExactSum, copy).as_sql(compiler, connection, **extra_context)

    def convert_value(self, value, expression, connection):
        if value is None:
            return None
        places = self.output_field.decimal_places
        if connection.vendor == "sqlite":
            return Decimal(int(value)).scaleb(-places)
        return Decimal(value).quantize(Decimal(1).scaleb(-places))


def grouped_sums(queryset, *keys: str, field: str = "amount"):
    """(*keys, SUM(field)) rows of the queryset, GROUP BY keys, exactly (`ExactSum`)."""
    return (
        queryset.order_by()
        .values(*keys)
        .annotate(total=ExactSum(field))
        .values_list(*keys, "total")
    )
