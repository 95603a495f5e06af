from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("enheter/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("installningar/", views.settings_index, name="settings"),
    path("installningar/kommun/", views.municipality_edit, name="municipality_edit"),
    path("installningar/enheter/", views.unit_list, name="unit_list"),
    path("installningar/enheter/ny/", views.unit_create, name="unit_create"),
    path("installningar/enheter/<slug:slug>/", views.unit_edit, name="unit_edit"),
    path("installningar/kommundelar/", views.district_list, name="district_list"),
    path("installningar/kommundelar/ny/", views.district_create, name="district_create"),
    path("installningar/kommundelar/<slug:slug>/", views.district_edit, name="district_edit"),
    path("installningar/roller/", views.role_list, name="role_list"),
    path("installningar/roller/ny/", views.role_create, name="role_create"),
    path("installningar/roller/<int:pk>/ta-bort/", views.role_delete, name="role_delete"),
]
