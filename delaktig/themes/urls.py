from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("dialog/<int:pk>/", views.dialogue_themes, name="dialogue"),
    path("dialog/<int:pk>/status/", views.analysis_status, name="status"),
    path("dialog/<int:pk>/analysera/", views.analysis_run, name="run"),
    path("dialog/<int:pk>/sla-ihop/", views.theme_merge, name="merge"),
    path("dialog/<int:pk>/publicera/", views.themes_publish, name="publish"),
    path("dialog/<int:pk>/utan-tema/", views.unassigned, name="unassigned"),
    path("<int:pk>/", views.theme_detail, name="theme"),
    path("<int:pk>/dela/", views.theme_split, name="split"),
    path("<int:pk>/ta-bort/", views.theme_delete, name="delete"),
    path("<int:pk>/avpublicera/", views.theme_unpublish, name="unpublish"),
    path("bidrag/<int:pk>/flytta/", views.contribution_move, name="move"),
]
