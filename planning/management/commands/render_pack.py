"""Print a half-year review pack to a PDF file: manage.py render_pack YEAR -o FILE.pdf"""

import shutil

from django.core.management.base import BaseCommand, CommandError

from customers.models import Period, Region, User
from planning.printing import packs
from planning.printing.options import add_arguments, options_of


class Command(BaseCommand):
    help = "Print the review pack of a period: a headquarters roll-up, then each region's plan."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument("--regions", default="", help="region codes, comma-separated")
        parser.add_argument(
            "--states",
            default="",
            help="plan states to include, e.g. submitted,approved (default: all)",
        )
        add_arguments(
            parser
        )  # the print options: --language, --comments, --annex, --chapter, --unit
        parser.add_argument(
            "--as-user", default="", help="print as this user (default: the first reviewer)"
        )

    def handle(self, *args, year, output, regions, states, as_user, **options):
        period = Period.objects.filter(year=year).first()
        if period is None:
            raise CommandError(f"No planning period {year}.")
        user = (
            User.objects.filter(username=as_user).first()
            if as_user
            else User.objects.filter(role=User.Role.REVIEWER, is_active=True).first()
        )
        if user is None:
            raise CommandError("No reviewer to print as; pass --as-user.")
        codes = [code.strip() for code in regions.split(",") if code.strip()]
        chosen = Region.objects.filter(code__in=codes) if codes else Region.objects.all()
        unknown = set(codes) - set(chosen.values_list("code", flat=True))
        if unknown:
            raise CommandError(f"Unknown regions: {', '.join(sorted(unknown))}")
        job = packs.pack_create(
            user=user,
            period=period,
            regions=list(chosen),
            states=[s.strip() for s in states.split(",") if s.strip()],
            options=options_of(options),
        )
        if not job.parts.exists():
            raise CommandError("No plan matches these regions and states.")
        job = packs.render_pack_now(job)
        for part in job.parts.select_related("region"):
            self.stdout.write(
                f"  {part.region.code:<6} {part.get_status_display():<8} "
                f"{part.pages:>3} pages {part.seconds:5.1f} s {part.error}"
            )
        if job.status != job.Status.DONE:
            raise CommandError(f"The pack failed: {job.error}")
        shutil.copyfile(job.file, output)
        self.stdout.write(f"{output}: {job.parts.count()} regions")
