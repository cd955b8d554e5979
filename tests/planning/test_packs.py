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
        real = packs.front.part_pdf

        def failing(plan, **kwargs):
            if plan.region_id == self.jiangsu.pk:
                raise RuntimeError("the printer jammed")
            return real(plan, **kwargs)

        with mock.patch.object(packs.front, "part_pdf", side_effect=failing):
            packs.render_pack_now(job)
        job.refresh_from_db()
        self.assertEqual(job.status, PackJob.Status.DONE)
        page = self.client.get(f"/packs/{job.pk}/").content.decode()
        self.assertIn("江苏", page)
        self.assertIn("the printer jammed", page)
        cover = PdfReader(job.file).pages[0].extract_text()
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


class PackChoiceTests(PersonasTestCase):
    """Which plans a pack prints, and what it says about the regions it leaves out."""

    def setUp(self):
        self.media = tempfile.TemporaryDirectory()
        self.addCleanup(self.media.cleanup)
        override = override_settings(MEDIA_ROOT=self.media.name)
        override.enable()
        self.addCleanup(override.disable)
        self.rita.language = "en"  # the messages asserted below, whatever the catalogue holds
        self.rita.save(update_fields=["language"])
        self.login(self.rita)

    def test_a_pack_that_matches_no_plan_is_refused_next_to_the_form_and_nothing_is_queued(self):
        data = {"regions": [self.shanghai.pk, self.jiangsu.pk], "language": "en"}
        data["states"] = ["submitted", "approved"]  # both plans are drafts

        response = self.client.post("/packs/2027/new/", data)

        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "No plan matches these regions and states", status_code=422)
        self.assertContains(response, "<form", status_code=422)
        self.assertFalse(PackJob.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())

    def test_the_pack_page_and_its_cover_name_the_regions_left_out_and_why(self):
        Plan.objects.filter(pk=self.plan.pk).update(state=Plan.State.SUBMITTED)
        data = {"regions": [self.shanghai.pk, self.jiangsu.pk], "language": "en"}
        data["states"] = ["submitted", "approved"]
        self.assertEqual(self.client.post("/packs/2027/new/", data).status_code, 302)
        job = PackJob.objects.get()
        self.assertEqual([part.region.code for part in job.parts.all()], ["SH"])

        page = self.client.get(f"/packs/{job.pk}/").content.decode()
        # What the pack holds, as asked for: English, every chapter, no comments or annex, yuan.
        held = page.split('class="small text-muted mb-2 print-job-options">')[1].split("</p>")[0]
        self.assertEqual(held, "English · every chapter · yuan")
        left_out = page.split('class="pack-left-out')[1].split("</div>")[0]
        self.assertIn("Jiangsu", left_out)
        self.assertIn("draft, not submitted", left_out)
        self.assertNotIn("Shanghai", left_out)

        parts = list(job.parts.select_related("region"))
        cover = packs.front.front_html(job, parts, left_out=packs.left_out(job, parts))
        self.assertIn("Jiangsu: draft, not submitted", cover)
