app_name = "privacy_account"

urlpatterns = []
