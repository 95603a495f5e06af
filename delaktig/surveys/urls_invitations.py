app_name = "survey_invitations"

urlpatterns = []
