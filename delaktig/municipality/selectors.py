from django.core.cache import cache
from django.db.models import Count, Prefetch, Q

from .models import District, Municipality, RoleAssignment, Unit

MUNICIPALITY_CACHE_KEY = "delaktig:municipality"


def current_municipality() -> Municipality | None:
    """The deployment's municipality, cached because every page shows its name."""
    municipality = cache.get(MUNICIPALITY_CACHE_KEY)
    if municipality is None:
        municipality = Municipality.objects.order_by("pk").first()
        if municipality is not None:
            cache.set(MUNICIPALITY_CACHE_KEY, municipality, 300)
    return municipality


def forget_current_municipality() -> None:
    cache.delete(MUNICIPALITY_CACHE_KEY)


def user_roles(*, user) -> frozenset[tuple[int, str]]:
    """All (unit id, role) pairs of a user, loaded once per user object (per request)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_delaktig_roles", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user=user, unit__is_active=True).values_list(
                "unit_id", "role"
            )
        )
        user._delaktig_roles = cached
    return cached


def user_has_staff_role(*, user) -> bool:
    return bool(user_roles(user=user)) or bool(user and user.is_authenticated and user.is_superuser)


def units_for_user(*, user):
    """The units where the user has a role, each with the user's roles there."""
    unit_ids = {unit_id for unit_id, _role in user_roles(user=user)}
    units = list(Unit.objects.filter(pk__in=unit_ids).select_related("parent").order_by("name"))
    roles_by_unit: dict[int, list[str]] = {}
    for unit_id, role in user_roles(user=user):
        roles_by_unit.setdefault(unit_id, []).append(RoleAssignment.Role(role).label)
    for unit in units:
        unit.my_roles = sorted(str(label) for label in roles_by_unit.get(unit.pk, []))
    return units


def unit_list(*, municipality: Municipality):
    return (
        Unit.objects.filter(municipality=municipality)
        .select_related("parent")
        .annotate(
            official_count=Count("role_assignments", filter=Q(role_assignments__role="official")),
            representative_count=Count(
                "role_assignments", filter=Q(role_assignments__role="representative")
            ),
        )
        .order_by("name")
    )


def unit_with_people(*, unit: Unit) -> Unit:
    return (
        Unit.objects.select_related("parent", "municipality")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("user").order_by(
                    "role", "user__name", "user__email"
                ),
            )
        )
        .get(pk=unit.pk)
    )


def district_list(*, municipality: Municipality):
    return District.objects.filter(municipality=municipality).order_by("name")


def role_assignment_list(*, municipality: Municipality, unit_id=None, role=None, query=""):
    qs = RoleAssignment.objects.filter(unit__municipality=municipality).select_related(
        "user", "unit"
    )
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if role:
        qs = qs.filter(role=role)
    if query:
        qs = qs.filter(Q(user__email__icontains=query) | Q(user__name__icontains=query))
    return qs.order_by("unit__name", "role", "user__email")
