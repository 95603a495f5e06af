from django.urls import path

from delaktig.core.pagecache import cache_public_page

from .feeds import NewDialoguesFeed
from .views import public

app_name = "dialogues"

urlpatterns = [
    path("", public.public_list, name="public_list"),
    path("flode.atom", cache_public_page(NewDialoguesFeed()), name="feed"),
    path("<slug:slug>/", public.public_detail, name="public_detail"),
    path("<slug:slug>/bevaka/", public.follow, name="follow"),
    path("<slug:slug>/sluta-bevaka/", public.unfollow, name="unfollow"),
]
