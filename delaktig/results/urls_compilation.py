app_name = "compilation"

urlpatterns = []
