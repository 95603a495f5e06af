from auditlog.models import LogEntry
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from delaktig.core.pagination import paginate
from delaktig.core.permissions import staff_required

from .forms import LogFilterForm
from .selectors import changes_of, log_entries


@staff_required("audit.view_log")
@require_safe
def log_list(request):
    form = LogFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    entries = log_entries(
        actor_query=criteria.get("who", ""),
        content_type_id=criteria.get("object_type") or None,
        action=int(criteria["action"]) if criteria.get("action") else None,
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
    )
    page = paginate(request, entries, per_page=50)
    for entry in page.object_list:
        entry.change_rows = changes_of(entry)
    return render(request, "audit/log_list.html", {"form": form, "page": page})


@staff_required("audit.view_log")
@require_safe
def log_detail(request, pk):
    entry = get_object_or_404(LogEntry.objects.select_related("actor", "content_type"), pk=pk)
    return render(
        request, "audit/log_detail.html", {"entry": entry, "change_rows": changes_of(entry)}
    )
