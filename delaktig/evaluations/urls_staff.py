app_name = "evaluation_staff"

urlpatterns = []
