"""Documenting meetings, for staff, under /hantera/moten/dokumentation/."""

from django.urls import path

from . import views_documentation as views

app_name = "meeting_docs"

urlpatterns = [
    path("<int:pk>/", views.index, name="index"),
    path("<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("<int:pk>/anteckningar/", views.notes, name="notes"),
    path("<int:pk>/anteckningar/<int:note_pk>/andra/", views.note_edit, name="note_edit"),
    path("<int:pk>/anteckningar/<int:note_pk>/ta-bort/", views.note_remove, name="note_remove"),
]
