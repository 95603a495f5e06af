from django.urls import path

from . import views_participation

app_name = "participation"

urlpatterns = [
    path("dialog/<int:pk>/", views_participation.dialogue, name="dialogue"),
]
