"""The plan editor and the dialogue's life for staff, under /hantera/dialoger/."""

from django.urls import path

from .views import editor, summary

app_name = "dialogue_staff"

urlpatterns = [
    path("", editor.dialogue_list, name="list"),
    path("ny/", editor.dialogue_create, name="create"),
    path("<int:pk>/", summary.summary, name="summary"),
    path("<int:pk>/plan.pdf", summary.plan_pdf, name="pdf"),
    path("<int:pk>/steg/<slug:step>/", editor.step, name="step"),
    path("<int:pk>/flytta/<slug:move>/", summary.transition, name="transition"),
]
