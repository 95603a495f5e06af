"""Background work: the theme analysis runs in the task worker (``make run``)."""

try:  # Django 6 has the task framework built in; 5.2 uses the django-tasks backport.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


@task()
def run_theme_analysis(analysis_id: int) -> str:
    from .services import theme_analysis_run

    run = theme_analysis_run(analysis_id=analysis_id)
    return run.status if run else "missing"
