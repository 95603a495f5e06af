from django.urls import path

from . import views_compilation

app_name = "compilation"

urlpatterns = [
    path("dialog/<int:pk>/", views_compilation.dialogue, name="dialogue"),
]
