from django.urls import path

from . import views

app_name = "privacy_account"

urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-ner/", views.download, name="download"),
    path("samtycke/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
    # Consents another app keeps (the citizen panel …), named by its provider key.
    path(
        "samtycke/<slug:source>/<slug:ref>/aterkalla/",
        views.withdraw_other,
        name="withdraw_other",
    ),
    path("ta-bort-kontot/", views.delete, name="delete"),
]
