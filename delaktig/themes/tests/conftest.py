import pytest
from django.conf import settings

from delaktig.dialogues.tests.factories import DialogueFactory
from delaktig.municipality.tests import factories as f

from .corpus import generate
from .factories import contributions


@pytest.fixture
def world(municipality):
    unit = f.UnitFactory(municipality=municipality, name="Samhällsbyggnadsförvaltningen")
    other_unit = f.UnitFactory(municipality=municipality, name="Kulturförvaltningen")
    return {
        "unit": unit,
        "official": f.official(unit),
        "other_official": f.official(other_unit),
        "administrator": f.administrator(f.UnitFactory(municipality=municipality)),
        "resident": f.UserFactory(),
    }


@pytest.fixture
def dialogue(world, municipality):
    return DialogueFactory(municipality=municipality, unit=world["unit"], title="Stadsdelen")


@pytest.fixture
def corpus():
    return generate(per_topic=15, seed=4)


@pytest.fixture
def analysed(dialogue, world, corpus, django_capture_on_commit_callbacks):
    """The dialogue with the generated answers, analysed once."""
    from delaktig.themes import services

    texts, labels = corpus
    rows = contributions(dialogue, texts)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.theme_analysis_start(actor=world["official"], dialogue=dialogue)
    run.refresh_from_db()
    labels = dict(zip([r.pk for r in rows], labels, strict=True))
    return {"run": run, "rows": rows, "labels": labels}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
