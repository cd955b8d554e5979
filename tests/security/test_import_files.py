"""Over a hundred bad spreadsheet files: no server error, nothing imported, each refused cell
named by row and column, memory bounded (issue 9, item 10)."""

import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from customers.models import Customer, Product
from planning.models import (
    ActualSale,
    CollectionPlan,
    ExpenseBudget,
    Target,
)
from planning.spreadsheets import imports as spreadsheet_imports
from planning.spreadsheets import layouts as spreadsheets
from tests.base import PersonasTestCase
from tests.security.bad_files import TARGETS, corpus, csv_file

MEMORY_LIMIT_KB = 200 * 1024
# Messages about the heading row as a whole: they name row 1, not one column.
WHOLE_ROW = ("first row must hold", "No column of figures")


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"{key}:\s+(\d+)", status.read()).group(1))


def with_peak_memory_growth_kb(action, *args):
    """(result, how far resident memory rose above its level before) of `action(*args)`.
    Linux: the peak is reset through /proc/self/clear_refs, so C allocations count too."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = _status_kb("VmRSS")
    result = action(*args)
    return result, _status_kb("VmHWM") - before


class BadImportFilesTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taiyue = Customer.objects.create(region=cls.shanghai, name="泰岳")
        Customer.objects.create(region=cls.jiangsu, name="金陵科技")
        Product.objects.create(code="B", name="产品B", list_price=Decimal("50.00"))
        Target.objects.create(
            plan=cls.plan,
            customer=cls.langtong,
            product=cls.product_a,
            month=1,
            quantity=Decimal("7.00"),
            amount=Decimal("700.00"),
        )

    def setUp(self):
        media = tempfile.mkdtemp(prefix="salesplan-bad-imports-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.media = Path(media)
        self.login(self.alice)

    def figures(self):
        return (
            sorted(Target.objects.values_list("customer", "product", "month", "quantity")),
            sorted(CollectionPlan.objects.values_list("customer", "month", "amount")),
            sorted(ExpenseBudget.objects.values_list("line", "month", "amount")),
            ActualSale.objects.count(),
            Target.history.count(),
            CollectionPlan.history.count(),
        )

    def upload(self, name: str, data: bytes, kind: str):
        return self.client.post(
            reverse("numbers_import", args=[self.plan.pk]),
            {"sheet": kind, "file": SimpleUploadedFile(name, data)},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    def test_the_corpus_holds_more_than_a_hundred_files(self):
        self.assertGreaterEqual(len(corpus()), 100)

    def test_every_bad_file_is_refused_whole_without_a_server_error(self):
        before = self.figures()
        problems = []
        files = corpus()
        for label, name, data, kind in files:
            response, growth = with_peak_memory_growth_kb(self.upload, name, data, kind)
            if growth > MEMORY_LIMIT_KB:
                problems.append(f"{label}: {growth // 1024} MB of memory")
            if response.status_code != 422:
                problems.append(f"{label}: status {response.status_code}, not 422")
                continue
            context = response.context
            if context.get("token"):
                problems.append(f"{label}: a preview ready to apply")
            result = context.get("result")
            if result is not None:
                problems += self.unnamed_errors(label, result)
            elif not context["form"].errors:
                problems.append(f"{label}: refused without a message")
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertEqual(self.figures(), before, "a bad file changed figures")
        self.assertEqual(self.client.session.get("spreadsheet_imports", {}), {})
        self.assertFalse(list(self.media.rglob("*.json")), "a preview was stored")

    def unnamed_errors(self, label: str, result) -> list[str]:
        problems = []
        if not result.errors:
            problems.append(f"{label}: a preview with no error")
        for error in result.errors:
            if error.row < 1:
                problems.append(f"{label}: an error without a row: {error.message}")
            if not error.column and not any(text in error.message for text in WHOLE_ROW):
                problems.append(f"{label}: row {error.row} without a column: {error.message}")
        return problems

    def test_a_refused_cell_is_named_by_row_column_and_heading(self):
        data = csv_file([TARGETS, ["朗通", "A", "10"], ["泰岳", "A", "1", "NaN"]])

        response = self.upload("targets.csv", data, "targets")

        errors = response.context["result"].errors
        self.assertEqual([(e.row, e.column) for e in errors], [(3, "D · 二月 Feb")])
        self.assertContains(response, "D · 二月 Feb", status_code=422)

    def test_a_preview_whose_cells_changed_meanwhile_applies_nothing(self):
        data = csv_file([TARGETS, ["朗通", "A", "8", "9"], ["泰岳", "A", "3", "4"]])
        response = self.upload("targets.csv", data, "targets")
        self.assertEqual(response.status_code, 200)
        token = response.context["token"]
        # Someone saves January of 朗通 between the preview and "Apply".
        Target.objects.filter(plan=self.plan, customer=self.langtong, month=1).update(revision=9)
        before = self.figures()

        response = self.client.post(
            reverse("numbers_import_apply", args=[self.plan.pk]), {"token": token}
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.figures(), before, "part of a conflicting import was applied")

    def test_reading_a_bad_file_is_refused_the_same_through_the_service(self):
        layout = spreadsheets.LAYOUTS["targets"]
        refused = 0
        for _label, name, data, kind in corpus()[:40]:
            if kind != "targets":
                continue
            try:
                result = spreadsheet_imports.read_import(layout, self.plan, name=name, data=data)
            except spreadsheet_imports.UploadRefused:
                refused += 1
            else:
                refused += not result.ok
        self.assertEqual(refused, len([f for f in corpus()[:40] if f[3] == "targets"]))
