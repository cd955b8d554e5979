"""Print one region's plan to a PDF file: manage.py render_plan REGION_CODE YEAR -o FILE.pdf"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planning.models import Plan
from planning.printing import pdf
from planning.printing.options import add_arguments, options_of


class Command(BaseCommand):
    help = "Print a region's plan for a year (the latest version) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("region_code")
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument("--plan-version", type=int, help="a plan version (default: the latest)")
        add_arguments(parser)

    def handle(self, *args, region_code, year, output, plan_version, **options):
        plans = Plan.objects.filter(region__code=region_code, period__year=year)
        if plan_version:
            plans = plans.filter(version=plan_version)
        plan = plans.order_by("-version").select_related("region", "period").first()
        if plan is None:
            raise CommandError(f"No plan for region {region_code!r} in {year}.")
        data = pdf.plan_pdf(plan, options=options_of(options))
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {plan} · {len(data):,} bytes")
