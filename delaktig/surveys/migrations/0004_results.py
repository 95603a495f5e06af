"""Partial covering indexes for the results' GROUP BY queries (summaries.py).

Each summary query reads one index only (no table rows): chosen options and ranks,
scale and matrix values, numbers, dates, districts and written texts. Partial, so
each holds only the answers of its kind.
"""

from django.db import migrations, models
from django.db.models import Q

NEW_INDEXES = [
    models.Index(
        fields=["survey", "question", "option", "value"],
        condition=Q(option__isnull=False),
        name="answer_results_options",
    ),
    # People who answered a multiple-choice question: DISTINCT over this index's order.
    models.Index(
        fields=["survey", "question", "response"],
        condition=Q(option__isnull=False),
        name="answer_results_respondents",
    ),
    models.Index(
        fields=["survey", "question"],
        condition=Q(option__isnull=False) & ~Q(text=""),
        name="answer_results_other_texts",
    ),
    # ``option`` is always NULL here; it is in the index so that the index covers the
    # query's condition too (SQLite reads no table row then).
    models.Index(
        fields=["survey", "question", "item", "value", "dont_know", "option"],
        condition=Q(option__isnull=True) & (Q(value__isnull=False) | Q(dont_know=True)),
        name="answer_results_values",
    ),
    models.Index(
        fields=["survey", "question", "number"],
        condition=Q(number__isnull=False),
        name="answer_results_numbers",
    ),
    models.Index(
        fields=["survey", "question", "date"],
        condition=Q(date__isnull=False),
        name="answer_results_dates",
    ),
    models.Index(
        fields=["survey", "question", "district"],
        condition=Q(district__isnull=False),
        name="answer_results_districts",
    ),
    models.Index(
        fields=["survey", "question"],
        condition=Q(option__isnull=True) & ~Q(text=""),
        name="answer_results_texts",
    ),
]


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_link_catalogue")]

    operations = [migrations.AddIndex(model_name="answer", index=index) for index in NEW_INDEXES]
