import pytest

from .factories import report_world


@pytest.fixture
def world(municipality):
    return report_world(municipality)


@pytest.fixture
def survey_method(world):
    """A method whose summariser gives a question with one small count (3, hidden)
    and one count hidden with it (47), so that 3 cannot be worked out."""
    import datetime

    from delaktig.core.registry import (
        ActivitySummary,
        MethodManifest,
        SummaryBlock,
        SummaryFigure,
        registry,
    )
    from delaktig.dialogues.models import Activity
    from delaktig.methods.models import Method
    from delaktig.results.disclosure import suppress_counts

    def summarise(activity):
        counts = suppress_counts({"yes": 112, "no": 3, "maybe": 47})
        return ActivitySummary(
            figures=[SummaryFigure(key="responses", label="Svar", value=162)],
            blocks=[
                SummaryBlock(
                    key="q1",
                    title="Vill du ha en ny lekplats?",
                    kind="counts",
                    counts=counts,
                    labels={"yes": "Ja", "no": "Nej", "maybe": "Kanske"},
                    text_summary="De flesta vill ha en ny lekplats.",
                )
            ],
        )

    registry.register(
        MethodManifest(
            key="testsurvey",
            name="Testenkät",
            ladder_levels=frozenset({2}),
            online=True,
            summarise=summarise,
        )
    )
    method = Method.objects.filter(registry_key="").first()
    method.registry_key = "testsurvey"
    method.save(update_fields=["registry_key"])
    activity = Activity.objects.create(
        dialogue=world["dialogue"],
        method=method,
        title="Enkät om lekplatsen",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    yield activity
    registry.unregister("testsurvey")
