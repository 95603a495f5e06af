"""Residents answering surveys, under /enkater/."""

from django.urls import path

from . import views_public as views

app_name = "surveys"

urlpatterns = [
    path("<int:pk>/", views.start, name="start"),
    path("<int:pk>/del/<int:page>/", views.page, name="page"),
    path("<int:pk>/skicka-lank/", views.email_resume_link, name="email_resume_link"),
    path("<int:pk>/tack/", views.thanks, name="thanks"),
    path("inbjudan/<str:token>/", views.invitation, name="invitation"),
    path("fortsatt/<str:secret>/", views.resume, name="resume"),
]
