"""An Atom feed of newly published dialogues, for feed readers and other sites."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from delaktig.municipality.selectors import current_municipality

from .models import PUBLIC_STATES, Dialogue

FEED_SIZE = 20


class NewDialoguesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return current_municipality()

    def title(self, municipality):
        if municipality is None:
            return _("New dialogues")
        return _("New dialogues in %(municipality)s") % {"municipality": municipality.name}

    def subtitle(self, municipality):
        return _("Dialogues where the municipality asks residents to take part, newest first.")

    def link(self, municipality):
        return reverse("dialogues:public_list")

    def author_name(self, municipality):
        return municipality.name if municipality else ""

    def items(self, municipality):
        return (
            Dialogue.objects.filter(
                municipality=municipality, state__in=PUBLIC_STATES, published_at__isnull=False
            )
            .select_related("unit", "owner_committee")
            .prefetch_related("topics")
            .order_by("-published_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, dialogue):
        return dialogue.title

    def item_description(self, dialogue):
        return dialogue.summary or dialogue.purpose

    def item_link(self, dialogue):
        return reverse("dialogues:public_detail", args=[dialogue.slug])

    def item_pubdate(self, dialogue):
        return dialogue.published_at

    def item_updateddate(self, dialogue):
        return dialogue.updated_at

    def item_author_name(self, dialogue):
        committee = dialogue.owner_committee or dialogue.unit
        return committee.name

    def item_categories(self, dialogue):
        return [topic.name for topic in dialogue.topics.all()]
