from delaktig.contributions.models import Contribution


def contribution(dialogue, text, **kwargs):
    """A free-text contribution as any method would store it."""
    kwargs.setdefault("method_key", "survey")
    kwargs.setdefault("kind", "answer")
    return Contribution.objects.create(dialogue=dialogue, text=text, **kwargs)


def contributions(dialogue, texts):
    return Contribution.objects.bulk_create(
        Contribution(dialogue=dialogue, text=text, method_key="survey", kind="answer")
        for text in texts
    )
