"""Background tasks (django-tasks, database backend; run `manage.py db_worker`)."""

from django.utils import timezone
from django_tasks import task

from planning.notifications import reminders
from planning.printing import packs, plan_jobs


@task()
def render_pack_part(part_id: int) -> None:
    packs.render_part(part_id)


@task()
def render_plan_print(job_id: int) -> None:
    """One plan's PDF, too large to print while the browser waits (plan_jobs.in_background)."""
    plan_jobs.render_print_job(job_id)


@task()
def send_reminders() -> int:
    """Today's reminders of plans due soon and late, as `manage.py send_reminders` sends them;
    returns how many plans were reminded."""
    sent = reminders.send_reminders(timezone.localdate())
    return len(sent.due_soon) + len(sent.late)
