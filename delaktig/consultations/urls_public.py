"""Public consultation pages, under /konsultationer/."""

from django.urls import path

from . import views_public as views

app_name = "consultations"

urlpatterns = [
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/tack/", views.thanks, name="thanks"),
    path("alternativ/<int:pk>/bild/", views.alternative_image, name="image"),
    path("dokument/<int:pk>/", views.document, name="document"),
]
