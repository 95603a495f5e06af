from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.index, name="index"),
    path("dialog/<int:pk>/paket/", views.package, name="package"),
    path("dialog/<int:pk>/gallra/", views.dispose, name="dispose"),
]
