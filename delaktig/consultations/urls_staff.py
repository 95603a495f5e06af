app_name = "consultation_staff"

urlpatterns = []
