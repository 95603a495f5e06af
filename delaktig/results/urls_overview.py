app_name = "overview"

urlpatterns = []
