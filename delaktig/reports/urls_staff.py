from django.urls import path

from . import views_staff

app_name = "report_staff"

urlpatterns = [
    path("", views_staff.report_list, name="list"),
    path("dialog/<int:pk>/", views_staff.edit, name="edit"),
]
