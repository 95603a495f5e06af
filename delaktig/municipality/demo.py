"""Exempelkommun: a fictional municipality with units, districts and demo people."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import District, Municipality, RoleAssignment, Unit
from .selectors import forget_current_municipality

K = Unit.Kind
R = RoleAssignment.Role

UNITS = [
    # slug, name, short name, kind, parent slug
    ("kommunfullmaktige", "Kommunfullmäktige", "KF", K.COUNCIL, None),
    (
        "kf-presidiet",
        "Kommunfullmäktiges presidium",
        "KF-presidiet",
        K.PRESIDIUM,
        "kommunfullmaktige",
    ),
    ("kommunstyrelsen", "Kommunstyrelsen", "KS", K.BOARD, None),
    ("samhallsbyggnadsnamnden", "Samhällsbyggnadsnämnden", "SBN", K.COMMITTEE, None),
    ("barn-och-utbildningsnamnden", "Barn- och utbildningsnämnden", "BUN", K.COMMITTEE, None),
    ("kultur-och-fritidsnamnden", "Kultur- och fritidsnämnden", "KFN", K.COMMITTEE, None),
    ("socialnamnden", "Socialnämnden", "SN", K.COMMITTEE, None),
    (
        "kommunledningsforvaltningen",
        "Kommunledningsförvaltningen",
        "KLF",
        K.ADMINISTRATION,
        "kommunstyrelsen",
    ),
    (
        "samhallsbyggnadsforvaltningen",
        "Samhällsbyggnadsförvaltningen",
        "SBF",
        K.ADMINISTRATION,
        "samhallsbyggnadsnamnden",
    ),
    (
        "barn-och-utbildningsforvaltningen",
        "Barn- och utbildningsförvaltningen",
        "BUF",
        K.ADMINISTRATION,
        "barn-och-utbildningsnamnden",
    ),
    (
        "kultur-och-fritidsforvaltningen",
        "Kultur- och fritidsförvaltningen",
        "KFF",
        K.ADMINISTRATION,
        "kultur-och-fritidsnamnden",
    ),
    ("socialforvaltningen", "Socialförvaltningen", "SOF", K.ADMINISTRATION, "socialnamnden"),
    ("framtidsberedningen", "Framtidsberedningen", "", K.DRAFTING_GROUP, "kommunfullmaktige"),
    ("demokratiberedningen", "Demokratiberedningen", "", K.DRAFTING_GROUP, "kommunfullmaktige"),
]

DISTRICTS = [
    ("centrum", "Centrum", "0001"),
    ("hamnen", "Hamnen", "0002"),
    ("norrby", "Norrby", "0003"),
    ("ekbacken", "Ekbacken", "0004"),
    ("lillsjo", "Lillsjö", "0005"),
    ("ostra-asen", "Östra Åsen", "0006"),
    ("bjorkdalen", "Björkdalen", "0007"),
]

DEMO_PASSWORD = "Exempel-demo-2026"  # noqa: S105 - printed for the fictional demo only

PEOPLE = [
    # e-mail, name, district, [(unit slug, role, title)], description
    (
        "admin@exempelkommun.example",
        "Alva Systemsson",
        "centrum",
        [("kommunledningsforvaltningen", R.ADMINISTRATOR, "Systemförvaltare")],
        "administratör",
    ),
    (
        "sara.lind@exempelkommun.example",
        "Sara Lind",
        "hamnen",
        [("samhallsbyggnadsforvaltningen", R.OFFICIAL, "Processledare")],
        "tjänsteperson, Samhällsbyggnadsförvaltningen",
    ),
    (
        "omar.haddad@exempelkommun.example",
        "Omar Haddad",
        "norrby",
        [("kultur-och-fritidsforvaltningen", R.OFFICIAL, "Utvecklingsledare")],
        "tjänsteperson, Kultur- och fritidsförvaltningen",
    ),
    (
        "per.holm@exempelkommun.example",
        "Per Holm",
        "ekbacken",
        [
            ("samhallsbyggnadsnamnden", R.REPRESENTATIVE, "Ordförande"),
            ("demokratiberedningen", R.REPRESENTATIVE, "Ledamot"),
        ],
        "förtroendevald, Samhällsbyggnadsnämnden och Demokratiberedningen",
    ),
    (
        "maria.berg@exempelkommun.example",
        "Maria Berg",
        "lillsjo",
        [
            ("kultur-och-fritidsnamnden", R.REPRESENTATIVE, "Ledamot"),
            ("framtidsberedningen", R.REPRESENTATIVE, "Ledamot"),
        ],
        "förtroendevald, Kultur- och fritidsnämnden och Framtidsberedningen",
    ),
    (
        "invanare@exempelkommun.example",
        "Kim Andersson",
        "bjorkdalen",
        [],
        "invånare",
    ),
]


@transaction.atomic
def load(*, log) -> None:
    municipality, _ = Municipality.objects.get_or_create(
        slug="exempelkommun",
        defaults={
            "name": "Exempelkommun",
            "contact_email": "kontakt@exempelkommun.example",
            "contact_phone": "0123-45 67 00",
        },
    )
    forget_current_municipality()
    units = {}
    for slug, name, short_name, kind, parent_slug in UNITS:
        units[slug], _ = Unit.objects.get_or_create(
            municipality=municipality,
            slug=slug,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "parent": units.get(parent_slug),
            },
        )
    districts = {}
    for slug, name, code in DISTRICTS:
        districts[slug], _ = District.objects.get_or_create(
            municipality=municipality, slug=slug, defaults={"name": name, "code": code}
        )
    User = get_user_model()
    for email, name, district, roles, _description in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, name=name, district=districts[district]
            )
            _mark_email_verified(user)
        for unit_slug, role, title in roles:
            RoleAssignment.objects.get_or_create(
                user=user, unit=units[unit_slug], role=role, defaults={"title": title}
            )
    log(f"Demo municipality: {municipality.name}, {len(units)} units, {len(districts)} districts.")


def _mark_email_verified(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def logins() -> list[tuple[str, str, str]]:
    """(e-mail, password, who) for the demo people that exist."""
    User = get_user_model()
    existing = set(
        User.objects.filter(email__in=[p[0] for p in PEOPLE]).values_list("email", flat=True)
    )
    return [(email, DEMO_PASSWORD, desc) for email, _n, _d, _r, desc in PEOPLE if email in existing]
