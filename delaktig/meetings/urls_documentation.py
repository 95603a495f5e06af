app_name = "meeting_docs"

urlpatterns: list = []
