from django.urls import path

from . import views_reach

app_name = "reach"

urlpatterns = [
    path("", views_reach.overview, name="overview"),
    path("grupper/<int:pk>/", views_reach.group_report, name="group_report"),
    path("grupper/<int:pk>/pdf/", views_reach.group_report_pdf, name="group_report_pdf"),
    path("befolkning/", views_reach.population, name="population"),
]
