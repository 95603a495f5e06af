from django.urls import path

from . import views_staff as views

app_name = "evaluation_staff"

urlpatterns = [
    path("dialog/<int:pk>/", views.dialogue, name="dialogue"),
    path("dialog/<int:pk>/sla-pa/", views.attach, name="attach"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/oppna-stang/", views.set_open, name="set_open"),
    path("<int:pk>/blankett/", views.sheet, name="sheet"),
    path("<int:pk>/blankett.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/mata-in/", views.enter, name="enter"),
]
