from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from delaktig.core.views import language_switch

# The system admin logs in through allauth, so two-factor login and the login
# rate limits apply there too; Django's own admin login checks only the password.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("delaktig.core.urls")),
    path("konto/", include("allauth.urls")),
    path("mina-sidor/mina-uppgifter/", include("delaktig.privacy.urls")),
    path("mina-sidor/", include("delaktig.accounts.urls")),
    path("hantera/", include("delaktig.municipality.urls")),
    path("hantera/logg/", include("delaktig.audit.urls")),
    path("hantera/dialoger/", include("delaktig.dialogues.urls_staff")),
    path("hantera/dialogkalender/", include("delaktig.dialogues.urls_calendar")),
    path("hantera/metodbank/", include("delaktig.methods.urls")),
    path("hantera/moten/dokumentation/", include("delaktig.meetings.urls_documentation")),
    path("hantera/moten/", include("delaktig.meetings.urls_staff")),
    path("hantera/bidrag/", include("delaktig.contributions.urls")),
    path("hantera/resultat/", include("delaktig.results.urls")),
    path("hantera/deltagande/", include("delaktig.results.urls_participation")),
    path("hantera/teman/", include("delaktig.themes.urls")),
    path("hantera/sammanstallning/", include("delaktig.results.urls_compilation")),
    path("hantera/oversikt/", include("delaktig.results.urls_overview")),
    path("hantera/enkater/inbjudningar/", include("delaktig.surveys.urls_invitations")),
    path("hantera/enkater/", include("delaktig.surveys.urls_staff")),
    path("hantera/enkatresultat/", include("delaktig.surveys.urls_results")),
    path("hantera/konsultationer/", include("delaktig.consultations.urls_staff")),
    path("hantera/medborgarpanelen/", include("delaktig.panel.urls_staff")),
    path("hantera/rapporter/", include("delaktig.reports.urls_staff")),
    path("hantera/utvardering/", include("delaktig.evaluations.urls_staff")),
    path("hantera/arkiv/", include("delaktig.records.urls")),
    path("hantera/uppsokande/", include("delaktig.outreach.urls")),
    path("hantera/rackvidd/", include("delaktig.outreach.urls_reach")),
    path("dialoger/", include("delaktig.dialogues.urls_public")),
    path("moten/utvardering/", include("delaktig.meetings.urls_evaluation")),
    path("moten/", include("delaktig.meetings.urls_public")),
    path("enkater/", include("delaktig.surveys.urls_public")),
    path("konsultationer/", include("delaktig.consultations.urls_public")),
    path("medborgarpanelen/", include("delaktig.panel.urls_public")),
    path("rapporter/", include("delaktig.reports.urls_public")),
    path("utvardering/", include("delaktig.evaluations.urls_public")),
    # Outside the core namespace: Django's own name for the language switch.
    path("sprak/", language_switch, name="set_language"),
    path("systemadmin/", admin.site.urls),
]

handler403 = "delaktig.core.errors.permission_denied"
handler404 = "delaktig.core.errors.page_not_found"
handler500 = "delaktig.core.errors.server_error"
