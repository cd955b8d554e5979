# Every collection names its product (0014 split the existing ones): one per cell again.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("customers", "0007_price_schedules"),
        ("planning", "0014_collections_by_product"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actualcollection",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="customers.product",
            ),
        ),
        migrations.AlterField(
            model_name="collectionplan",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="customers.product",
            ),
        ),
        migrations.AddConstraint(
            model_name="actualcollection",
            constraint=models.UniqueConstraint(
                fields=("period", "customer", "product", "month"),
                name="one_actual_collection_per_cell",
            ),
        ),
        migrations.AddConstraint(
            model_name="collectionplan",
            constraint=models.UniqueConstraint(
                fields=("plan", "customer", "product", "month"), name="one_collection_per_cell"
            ),
        ),
    ]
