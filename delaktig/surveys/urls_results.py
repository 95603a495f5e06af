app_name = "survey_results"

urlpatterns = []
