from django.conf import settings

STAFF_NAMESPACES = (
    "staff",
    "audit",
    "dialogue_staff",
    "calendar",
    "methods",
    "meeting_staff",
    "meeting_docs",
    "outreach",
    "reach",
)


def site(request):
    """What the base layout needs on every page, without a query per use."""
    from delaktig.municipality.selectors import current_municipality, user_has_staff_role

    user = getattr(request, "user", None)
    is_staff_member = bool(user and user.is_authenticated and user_has_staff_role(user=user))
    return {
        "municipality": current_municipality(),
        "is_staff_member": is_staff_member,
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "staff_namespaces": STAFF_NAMESPACES,
    }
