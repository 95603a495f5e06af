"""The meeting evaluation, under /moten/utvardering/.

``form`` and ``thanks`` are public (participants, no login); ``paper``,
``paper_pdf``, ``enter`` and ``results`` are staff views that check permission.
"""

from django.urls import path

from . import views_evaluation as views

app_name = "meeting_evaluation"

urlpatterns = [
    path("<int:pk>/", views.form, name="form"),
    path("<int:pk>/tack/", views.thanks, name="thanks"),
    path("<int:pk>/blankett/", views.paper, name="paper"),
    path("<int:pk>/blankett.pdf", views.paper_pdf, name="paper_pdf"),
    path("<int:pk>/mata-in/", views.enter, name="enter"),
    path("<int:pk>/resultat/", views.results, name="results"),
]
