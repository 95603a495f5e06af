import factory

from delaktig.methods.models import Level, Method, Mode


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Metod {n}")
    slug = factory.Sequence(lambda n: f"metod-{n}")
    summary = "En metod för test."
    description = "Beskrivning."
    ladder_levels = [2, 3]
    mode = Mode.OFFLINE
    effort = Level.MEDIUM
    cost_level = Level.LOW
