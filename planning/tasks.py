"""Background tasks (django-tasks, database backend; run `manage.py db_worker`)."""

from django_tasks import task

from planning.printing import packs


@task()
def render_pack_part(part_id: int) -> None:
    packs.render_part(part_id)
