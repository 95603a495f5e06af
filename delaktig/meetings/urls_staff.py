"""Meetings for staff, under /hantera/moten/ (documentation has its own prefix)."""

from django.urls import path

from . import views_staff as views

app_name = "meeting_staff"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("aktivitet/<int:activity_pk>/", views.meeting_edit, name="edit"),
]
