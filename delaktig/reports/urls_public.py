from django.urls import path

from . import views_public

app_name = "reports"

urlpatterns = [
    path("<slug:slug>/", views_public.latest, name="detail"),
    path("<slug:slug>/version/<int:number>/", views_public.version, name="version"),
    path("<slug:slug>/version/<int:number>/rapport.pdf", views_public.pdf, name="pdf"),
    path("<slug:slug>/version/<int:number>/siffror.csv", views_public.csv_figures, name="csv"),
    path("<slug:slug>/version/<int:number>/siffror.xlsx", views_public.xlsx_figures, name="xlsx"),
    path("<slug:slug>/version/<int:number>/oppna-data.json", views_public.json_data, name="json"),
]
