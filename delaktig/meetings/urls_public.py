"""Public meeting pages, under /moten/."""

from django.urls import path

from . import views_public as views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("kalender.ics", views.meeting_feed, name="feed"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/mote.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/anmalan/", views.register, name="register"),
    path("<int:pk>/redan-anmald/", views.already_registered, name="already_registered"),
    path("anmalan/<str:token>/", views.registered, name="registered"),
    path("avboka/<str:token>/", views.cancel, name="cancel"),
]
