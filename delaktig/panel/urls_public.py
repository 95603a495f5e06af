from django.urls import path

from . import views_public

app_name = "panel"

urlpatterns = [
    path("", views_public.about, name="about"),
    path("ga-med/", views_public.join, name="join"),
    path("min-profil/", views_public.profile, name="profile"),
    path("min-profil/andra/", views_public.edit, name="edit"),
    path("min-profil/lamna/", views_public.leave, name="leave"),
]
