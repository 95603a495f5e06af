"""URL classification for evaluations and the municipality overview (overview:*)."""

PUBLIC = {
    # Participants answer without an account; the address carries a random code.
    "evaluation:form",
    "evaluation:thanks",
}
# The overview is aggregate figures after disclosure control, for every staff member.
ALL_STAFF_READ = {"overview:index", "overview:csv", "overview:xlsx"}


def url_kwargs(world) -> dict[str, dict]:
    from delaktig.evaluations.models import Evaluation

    dialogue = world["dialogue"]
    evaluation = Evaluation.objects.create(dialogue=dialogue, activity=world["meeting"].activity)
    return {
        "evaluation_staff:dialogue": {"pk": dialogue.pk},
        "evaluation_staff:attach": {"pk": dialogue.pk},
        "evaluation_staff:detail": {"pk": evaluation.pk},
        "evaluation_staff:set_open": {"pk": evaluation.pk},
        "evaluation_staff:sheet": {"pk": evaluation.pk},
        "evaluation_staff:sheet_pdf": {"pk": evaluation.pk},
        "evaluation_staff:enter": {"pk": evaluation.pk},
        "evaluation:form": {"token": evaluation.token},
        "evaluation:thanks": {"token": evaluation.token},
    }
