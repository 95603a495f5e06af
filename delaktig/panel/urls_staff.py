from django.urls import path

from . import views_staff

app_name = "panel_staff"

urlpatterns = [
    path("", views_staff.overview, name="overview"),
    path("medlemmar/", views_staff.members, name="members"),
    path("installningar/", views_staff.settings, name="settings"),
    path("enkat/<int:survey_pk>/", views_staff.survey, name="survey"),
    path("enkat/<int:survey_pk>/paminn/", views_staff.remind, name="remind"),
]
