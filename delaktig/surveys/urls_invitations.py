"""Staff: a survey's personal invitations, under /hantera/enkater/inbjudningar/."""

from django.urls import path

from . import views_invitations as views

app_name = "survey_invitations"

urlpatterns = [
    path("<int:pk>/", views.invitations, name="manage"),
    path("<int:pk>/skicka/", views.send, name="send"),
    path("<int:pk>/paminn/", views.remind, name="remind"),
]
