import importlib

import pytest
from django.urls import reverse

from delaktig.core.registry import ActivitySummary, registry
from delaktig.methods.models import Method
from delaktig.municipality.tests.factories import UserFactory
from delaktig.surveys.manifest import manifest, participate_url, personal_data
from delaktig.surveys.models import Response
from delaktig.surveys.tests.factories import SurveyActivityFactory, SurveyFactory

migration = importlib.import_module("delaktig.surveys.migrations.0002_link_catalogue")


def test_registered():
    assert registry.get("surveys") is manifest
    assert manifest.online and not manifest.offline
    # A survey asks residents for their views: the konsultation level.
    assert manifest.ladder_levels == frozenset({2})
    assert [t.key for t in manifest.contribution_types] == ["answer"]


@pytest.mark.django_db
def test_catalogue_entry_links_to_the_manifest():
    from django.apps import apps

    migration.link(apps, None)
    migration.link(apps, None)
    method = Method.objects.get(slug="enkat")
    assert method.manifest is manifest
    assert set(method.ladder_levels) <= manifest.ladder_levels


@pytest.mark.django_db
def test_urls():
    activity = SurveyActivityFactory()
    assert manifest.manage_url(activity) == reverse("survey_staff:create", args=[activity.pk])
    assert participate_url(activity) == ""
    survey = SurveyFactory(activity=activity)
    assert manifest.manage_url(activity) == reverse("survey_staff:detail", args=[survey.pk])
    try:
        expected = reverse("surveys:start", kwargs={"pk": survey.pk})
    except Exception:
        expected = ""
    assert participate_url(activity) == expected


@pytest.mark.django_db
def test_summarise_returns_a_summary():
    survey = SurveyFactory()
    assert isinstance(manifest.summarise(survey.activity), ActivitySummary)


@pytest.mark.django_db
def test_personal_data_lists_only_named_submitted_responses():
    person = UserFactory()
    named = SurveyFactory(title="Parken", anonymous=False)
    Response.objects.create(
        survey=named, user=person, status=Response.Status.SUBMITTED, submitted_on="2026-05-02"
    )
    started = SurveyFactory(title="Skolan", anonymous=False)
    Response.objects.create(survey=started, user=person)
    anonymous = SurveyFactory(title="Hamnen")
    Response.objects.create(survey=anonymous, status=Response.Status.SUBMITTED)
    assert personal_data(person) == {
        "survey_responses": [{"survey": "Parken", "submitted_on": "2026-05-02"}]
    }
