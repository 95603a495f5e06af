from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("inloggad/", views.after_login, name="after_login"),
    path("tvastegsinloggning-kravs/", views.mfa_required, name="mfa_required"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("tillganglighet/synpunkter/", views.accessibility_feedback, name="accessibility_feedback"),
    # The statement's settings page sits with the other settings under hantera/;
    # it lives here because core is included at the root.
    path(
        "hantera/installningar/tillganglighet/",
        views.accessibility_edit,
        name="accessibility_edit",
    ),
    path("personuppgifter/", views.privacy, name="privacy"),
]
