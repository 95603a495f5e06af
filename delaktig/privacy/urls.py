from django.urls import path

from . import views

app_name = "privacy_account"

urlpatterns = [
    path("", views.index, name="index"),
    path("ladda-ner/", views.download, name="download"),
    path("samtycke/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
    path("ta-bort-kontot/", views.delete, name="delete"),
]
