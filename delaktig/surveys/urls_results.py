"""Survey results for staff, under /hantera/enkatresultat/."""

from django.urls import path

from . import views_results as views

app_name = "survey_results"

urlpatterns = [
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/korstabell/", views.crosstab_page, name="crosstab"),
    path("<int:pk>/fritext/", views.texts, name="texts"),
    path("<int:pk>/svar.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/svar.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/sammanstallning.csv", views.summary_csv, name="summary_csv"),
]
