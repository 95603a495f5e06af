"""Consultations for staff, under /hantera/konsultationer/."""

from django.urls import path

from . import views_staff as views

app_name = "consultation_staff"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("aktivitet/<int:activity_pk>/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/installningar/", views.consultation_edit, name="edit"),
    path("<int:pk>/status/<slug:move>/", views.consultation_state, name="state"),
    path("<int:pk>/alternativ/nytt/", views.alternative_add, name="alternative_add"),
    path("<int:pk>/resultat/", views.consultation_results, name="results"),
    path("<int:pk>/export/<slug:what>.<slug:fmt>", views.consultation_export, name="export"),
    path("alternativ/<int:pk>/", views.alternative_edit, name="alternative_edit"),
    path("alternativ/<int:pk>/ta-bort/", views.alternative_delete, name="alternative_delete"),
    path("alternativ/<int:pk>/flytta/", views.alternative_move, name="alternative_move"),
    path("alternativ/<int:pk>/dokument/", views.document_add, name="document_add"),
    path("dokument/<int:pk>/ta-bort/", views.document_delete, name="document_delete"),
]
