import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from delaktig.municipality.models import District, Municipality, RoleAssignment, Unit

PASSWORD = "Ett-langt-testlosenord-1"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = "Exempelkommun"
    slug = "exempelkommun"
    contact_email = "kontakt@exempelkommun.example"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Unit.Kind.ADMINISTRATION
    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    slug = factory.Sequence(lambda n: f"forvaltning-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kommundel {n}")
    slug = factory.Sequence(lambda n: f"kommundel-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@exempel.example")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = RoleAssignment.Role.OFFICIAL


def official(unit=None, **kwargs):
    return RoleAssignmentFactory(unit=unit or UnitFactory(), role="official", **kwargs).user


def representative(unit=None, **kwargs):
    return RoleAssignmentFactory(unit=unit or UnitFactory(), role="representative", **kwargs).user


def administrator(unit=None, **kwargs):
    return RoleAssignmentFactory(unit=unit or UnitFactory(), role="administrator", **kwargs).user


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipality.TargetGroup"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Målgrupp {n}")
    slug = factory.Sequence(lambda n: f"malgrupp-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipality.Topic"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ämne {n}")
    slug = factory.Sequence(lambda n: f"amne-{n}")
