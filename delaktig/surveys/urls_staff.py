app_name = "survey_staff"

urlpatterns = []
