from django.urls import path

from .views.calendar import calendar_view

app_name = "calendar"

urlpatterns = [
    path("", calendar_view, name="calendar"),
]
