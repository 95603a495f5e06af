app_name = "meeting_evaluation"

urlpatterns: list = []
