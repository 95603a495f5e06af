"""Contribution files for staff, under /hantera/bidrag/."""

from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("<int:pk>/foto/", views.photo, name="photo"),
]
