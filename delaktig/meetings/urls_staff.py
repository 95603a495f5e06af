app_name = "meeting_staff"

urlpatterns: list = []
