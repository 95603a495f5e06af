from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("ny/", views.entry_create, name="new"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/andra/", views.entry_edit, name="edit"),
    path("<int:pk>/ta-bort/", views.entry_delete, name="delete"),
]
