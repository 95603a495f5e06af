from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("aterkoppling/", views.overdue, name="overdue"),
    path("dialog/<int:pk>/beslut/", views.decision, name="decision"),
    path("dialog/<int:pk>/aterkoppling/", views.feedback, name="feedback"),
]
