# Collections are planned and recorded per customer × product (the deck's 帐款回收规划表 rows).
# Existing collections are split over the customer's products in proportion to its sales (the
# plan's targets; for actual collections, the year's actual sales, else the targets), in whole
# cents that add up to the amount; a customer with neither goes to the first product.

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

CENT = Decimal("0.01")


def split(amount, weights):
    """`amount` over `weights` (product → weight > 0), largest remainder, exact cents."""
    total = sum(weights.values())
    cents = int(amount / CENT)
    shares = {p: cents * w / total for p, w in weights.items()}
    whole = {p: int(share) for p, share in shares.items()}
    left = cents - sum(whole.values())
    for p in sorted(shares, key=lambda p: (-(shares[p] - whole[p]), p))[:left]:
        whole[p] += 1
    return {p: Decimal(c) * CENT for p, c in whole.items() if c}


def weights_from(rows):
    weights = {}
    for key, product, amount in rows:
        if amount and amount > 0:
            weights.setdefault(key, {})
            weights[key][product] = weights[key].get(product, Decimal(0)) + amount
    return weights


def split_collections(apps, schema_editor):
    Product = apps.get_model("customers", "Product")
    Target = apps.get_model("planning", "Target")
    ActualSale = apps.get_model("planning", "ActualSale")
    CollectionPlan = apps.get_model("planning", "CollectionPlan")
    ActualCollection = apps.get_model("planning", "ActualCollection")
    first = Product.objects.order_by("-active", "code").values_list("pk", flat=True).first()
    if first is None:
        return
    by_plan = weights_from(
        ((plan, customer), product, amount)
        for plan, customer, product, amount in Target.objects.values_list(
            "plan_id", "customer_id", "product_id", "amount"
        )
    )
    by_sales = weights_from(
        ((period, customer), product, amount)
        for period, customer, product, amount in ActualSale.objects.values_list(
            "period_id", "customer_id", "product_id", "amount"
        )
    )
    by_targets = weights_from(
        ((period, customer), product, amount)
        for period, customer, product, amount in Target.objects.values_list(
            "plan__period_id", "customer_id", "product_id", "amount"
        )
    )
    for model, weights_of in (
        (CollectionPlan, lambda c: by_plan.get((c.plan_id, c.customer_id))),
        (
            ActualCollection,
            lambda c: by_sales.get((c.period_id, c.customer_id))
            or by_targets.get((c.period_id, c.customer_id)),
        ),
    ):
        created = []
        for cell in model.objects.filter(product__isnull=True).iterator():
            parts = split(cell.amount, weights_of(cell) or {first: Decimal(1)})
            parts = parts or {first: cell.amount}
            products = sorted(parts)
            for product in products[1:]:
                created.append(
                    model(
                        **{
                            f.attname: getattr(cell, f.attname)
                            for f in model._meta.concrete_fields
                            if not f.primary_key
                        }
                        | {"product_id": product, "amount": parts[product], "revision": 1}
                    )
                )
            cell.product_id, cell.amount = products[0], parts[products[0]]
            cell.save(update_fields=["product", "amount"])
        model.objects.bulk_create(created, batch_size=2000)


def join_collections(apps, schema_editor):
    for name in ("CollectionPlan", "ActualCollection"):
        model = apps.get_model("planning", name)
        keys = ("plan_id",) if name == "CollectionPlan" else ("region_id", "period_id")
        totals = {}
        for cell in model.objects.order_by("pk").iterator():
            key = (*(getattr(cell, k) for k in keys), cell.customer_id, cell.month)
            if key in totals:
                totals[key].amount += cell.amount
                cell.delete()
            else:
                totals[key] = cell
        for cell in totals.values():
            cell.product_id = None
            cell.save(update_fields=["product", "amount"])


class Migration(migrations.Migration):

    dependencies = [
        ("customers", "0007_price_schedules"),
        ("planning", "0013_collections_months_only"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="actualcollection",
            name="one_actual_collection_per_cell",
        ),
        migrations.RemoveConstraint(
            model_name="collectionplan",
            name="one_collection_per_cell",
        ),
        migrations.AddField(
            model_name="actualcollection",
            name="product",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="customers.product",
            ),
        ),
        migrations.AddField(
            model_name="collectionplan",
            name="product",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="customers.product",
            ),
        ),
        migrations.AddField(
            model_name="historicalactualcollection",
            name="product",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="customers.product",
            ),
        ),
        migrations.AddField(
            model_name="historicalcollectionplan",
            name="product",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="customers.product",
            ),
        ),
        migrations.RunPython(split_collections, join_collections),
    ]
