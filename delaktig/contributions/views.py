"""Contribution photos, served only to staff who may see the dialogue.

Photos from meetings show people and places; they are not published under a
public media address. This view checks the viewer on every request and streams
the stored (metadata-free) file.
"""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from delaktig.core.permissions import require_object_permission, staff_required

from .models import Contribution


@staff_required("municipality.access_staff_area")
@require_safe
def photo(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("dialogue").exclude(image=""), pk=pk
    )
    require_object_permission(request, "dialogues.view_dialogue", contribution.dialogue)
    try:
        file = contribution.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(contribution.image.name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    # Not for shared caches: the next viewer may not be allowed to see it.
    response["Cache-Control"] = "private, max-age=3600"
    return response
