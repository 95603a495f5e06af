"""The feedback e-mail carries the address of the dialogue's evaluation."""

from delaktig.dialogues.models import Follow
from delaktig.evaluations import services
from delaktig.municipality.tests import factories as f
from delaktig.results import services as results_services


def _publish(world, django_capture_on_commit_callbacks):
    Follow.objects.create(dialogue=world["dialogue"], user=f.UserFactory(email="a@exempel.example"))
    with django_capture_on_commit_callbacks(execute=True):
        results_services.feedback_publish(
            actor=world["official"], dialogue=world["dialogue"], text="Det här hände."
        )


def test_feedback_mail_links_to_the_dialogue_evaluation(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    evaluation = services.evaluation_attach(actor=world["official"], dialogue=world["dialogue"])
    _publish(world, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert services.form_url(evaluation) in mailoutbox[0].body


def test_no_link_without_a_dialogue_evaluation(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    # An activity's evaluation is not the dialogue's: no link.
    services.evaluation_attach(
        actor=world["official"], dialogue=world["dialogue"], activity=world["activity"]
    )
    _publish(world, django_capture_on_commit_callbacks)
    assert "/utvardering/" not in mailoutbox[0].body
