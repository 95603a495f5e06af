app_name = "report_staff"

urlpatterns = []
