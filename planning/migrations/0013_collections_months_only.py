# The collections plan holds months 1–12 only: its opening balances moved (0012).

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0012_opening_balance_by_age'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='collectionplan',
            name='collection_month',
        ),
        migrations.AlterField(
            model_name='collectionplan',
            name='month',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month'),
        ),
        migrations.AlterField(
            model_name='historicalcollectionplan',
            name='month',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='month'),
        ),
        migrations.AddConstraint(
            model_name='collectionplan',
            constraint=models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='collection_month'),
        ),
    ]
