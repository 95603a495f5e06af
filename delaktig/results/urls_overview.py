"""The municipality overview, under /hantera/oversikt/: every staff member reads it."""

from django.urls import path

from . import views_overview as views

app_name = "overview"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export_csv, name="csv"),
    path("export.xlsx", views.export_xlsx, name="xlsx"),
]
