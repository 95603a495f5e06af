app_name = "panel_staff"

urlpatterns = []
