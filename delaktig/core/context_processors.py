from django.conf import settings


def _in_staff_area(request) -> bool:
    """Whether the page is a staff page: under hantera/, or a view marked by
    ``staff_required`` wherever it is mounted (so new apps need no list here)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.route.startswith("hantera/") or hasattr(match.func, "delaktig_permission")


def site(request):
    """What the base layout needs on every page, without a query per use."""
    from delaktig.municipality.selectors import current_municipality, user_has_staff_role

    user = getattr(request, "user", None)
    is_staff_member = bool(user and user.is_authenticated and user_has_staff_role(user=user))
    return {
        "municipality": current_municipality(),
        "is_staff_member": is_staff_member,
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "in_staff_area": _in_staff_area(request),
    }
