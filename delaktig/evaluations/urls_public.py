"""The public evaluation form: participants answer without an account."""

from django.urls import path

from . import views_public as views

app_name = "evaluation"

urlpatterns = [
    path("<str:token>/", views.form, name="form"),
    path("<str:token>/tack/", views.thanks, name="thanks"),
]
