"""Review packs: ordered by a reviewer, printed by the background worker, merged with bookmarks."""

import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from planning.models import PackJob, Plan
from planning.printing import packs
from tests.base import PersonasTestCase


def outline_titles(reader, outline=None, depth=0):
    titles = []
    for item in reader.outline if outline is None else outline:
        if isinstance(item, list):
            titles += outline_titles(reader, item, depth + 1)
        else:
            titles.append((depth, item.title))
    return titles


class PackTests(PersonasTestCase):
    def setUp(self):
        self.media = tempfile.TemporaryDirectory()
        self.addCleanup(self.media.cleanup)
        override = override_settings(MEDIA_ROOT=self.media.name)
        override.enable()
        self.addCleanup(override.disable)

    def order(self, **extra):
        self.login(self.rita)
        data = {"regions": [self.shanghai.pk, self.jiangsu.pk], "language": "zh-hans", **extra}
        response = self.client.post("/packs/2027/new/", data)
        self.assertEqual(response.status_code, 302, response.content[:500])
        return PackJob.objects.get()

    def test_the_worker_prints_each_region_and_merges_a_pack_with_bookmarks(self):
        job = self.order()
        self.assertEqual(job.parts.count(), 2)
        page = self.client.get(f"/packs/{job.pk}/")
        self.assertContains(page, 'max="2" value="0"')  # 0 of 2 regions printed
        queued = DBTaskResult.objects.filter(task_path="planning.tasks.render_pack_part")
        self.assertEqual(
            sorted(r.args_kwargs["args"][0] for r in queued),
            sorted(job.parts.values_list("pk", flat=True)),
        )
        if connection.vendor == "sqlite":
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        else:
            # On PostgreSQL the worker closes its connection after each task, which would end
            # this test's transaction; run the queued tasks as the worker would.
            for result in queued:
                packs.render_part(*result.args_kwargs["args"])
        job.refresh_from_db()
        self.assertEqual(job.status, PackJob.Status.DONE)
        download = self.client.get(f"/packs/{job.pk}/download/")
        reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
        titles = outline_titles(reader)
        self.assertIn((0, "上海"), titles)
        self.assertIn((0, "江苏"), titles)
        self.assertTrue(any(depth >= 1 and "计划摘要" in title for depth, title in titles))
        text = reader.pages[1].extract_text()
        self.assertIn("上海", text)  # the roll-up page lists the regions of the pack

    def test_a_region_that_fails_is_named_and_the_others_still_print(self):
        job = self.order()
        real = packs.pdf.plan_pdf

        def failing(plan, **kwargs):
            if plan.region_id == self.jiangsu.pk:
                raise RuntimeError("the printer jammed")
            return real(plan, **kwargs)

        with mock.patch.object(packs.pdf, "plan_pdf", side_effect=failing):
            packs.render_pack_now(job)
        job.refresh_from_db()
        self.assertEqual(job.status, PackJob.Status.DONE)
        page = self.client.get(f"/packs/{job.pk}/").content.decode()
        self.assertIn("江苏", page)
        self.assertIn("the printer jammed", page)
        cover = PdfReader(job.file).pages[1].extract_text()
        self.assertIn("江苏", cover)  # named among the regions not included

    def test_only_plans_in_the_chosen_states_are_printed(self):
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.APPROVED)
        job = self.order(states=["approved"])
        self.assertEqual([part.region.code for part in job.parts.all()], ["SH"])

    def test_managers_cannot_order_packs(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/packs/2027/new/").status_code, 403)

    def test_the_command_prints_a_pack_to_a_file(self):
        target = Path(self.media.name) / "pack.pdf"
        call_command(
            "render_pack",
            "2027",
            "-o",
            str(target),
            "--regions",
            "SH",
            "--language",
            "en",
            stdout=io.StringIO(),
        )
        reader = PdfReader(target)
        self.assertIn((0, "Shanghai"), outline_titles(reader))

    def test_the_command_prints_one_plan(self):
        target = Path(self.media.name) / "plan.pdf"
        call_command("render_plan", "SH", "2027", "-o", str(target), stdout=io.StringIO())
        self.assertIn("计划摘要", "".join(p.extract_text() for p in PdfReader(target).pages))
