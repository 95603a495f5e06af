from django.urls import path

from . import views

app_name = "methods"

urlpatterns = [
    path("", views.method_list, name="list"),
    path("ny/", views.method_create, name="create"),
    path("<slug:slug>/", views.method_detail, name="detail"),
    path("<slug:slug>/andra/", views.method_edit, name="edit"),
]
