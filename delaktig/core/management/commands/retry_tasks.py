from django.core.management.base import BaseCommand

from delaktig.core.taskretry import requeue_tasks


class Command(BaseCommand):
    help = "Queue failed background tasks again, and those whose worker died (core/taskretry.py)."

    def handle(self, *args, **options):
        counts = requeue_tasks()
        self.stdout.write(
            f"{counts['retried']} failed tasks queued again, {counts['recovered']} from dead "
            f"workers recovered, {counts['given_up']} given up."
        )
