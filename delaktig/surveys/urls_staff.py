"""The survey builder for staff, under /hantera/enkater/."""

from django.urls import path

from . import views_staff as views

app_name = "survey_staff"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("ny/<int:activity_pk>/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/installningar/", views.survey_edit, name="edit"),
    path("<int:pk>/status/", views.survey_state, name="state"),
    path("<int:pk>/kopiera/", views.survey_copy, name="copy"),
    path("<int:pk>/forhandsvisning/", views.preview, name="preview"),
    path("<int:pk>/oversattning/<str:language>/", views.translations, name="translations"),
    path("<int:pk>/delar/ny/", views.section_create, name="section_create"),
    path("delar/<int:pk>/", views.section_edit, name="section_edit"),
    path("delar/<int:pk>/flytta/", views.section_move, name="section_move"),
    path("delar/<int:pk>/ta-bort/", views.section_delete, name="section_delete"),
    path("delar/<int:section_pk>/fragor/ny/", views.question_create, name="question_create"),
    path("fragor/<int:pk>/", views.question_edit, name="question_edit"),
    path("fragor/<int:pk>/flytta/", views.question_move, name="question_move"),
    path("fragor/<int:pk>/ta-bort/", views.question_delete, name="question_delete"),
]
