import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.dialogues.models import Dialogue

from .forms import DeleteAccountForm
from .models import Consent
from .selectors import account_export, consent_list
from .services import (
    account_delete,
    account_deletion_blockers,
    consent_withdraw,
    provider_consent_withdraw,
)


@login_required
def index(request):
    return render(request, "privacy/index.html", {"consents": consent_list(request.user)})


@login_required
def download(request):
    data = account_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def withdraw(request, pk):
    consent = get_object_or_404(Consent, pk=pk, user=request.user)
    if consent.purpose == Consent.Purpose.FOLLOW_DIALOGUE:
        # Withdrawing consent to the e-mails is the same as no longer following.
        from delaktig.dialogues.services import dialogue_unfollow

        dialogue = Dialogue.objects.filter(slug=consent.reference).first()
        if dialogue is not None:
            dialogue_unfollow(user=request.user, dialogue=dialogue)
    consent_withdraw(user=request.user, purpose=consent.purpose, reference=consent.reference)
    messages.success(request, _("Your consent has been withdrawn."))
    return redirect("privacy_account:index")


@login_required
@require_POST
def withdraw_other(request, source, ref):
    # The provider checks that ``ref`` is the person's own: anyone else's is a 404.
    if not provider_consent_withdraw(user=request.user, source=source, ref=ref):
        raise Http404
    messages.success(request, _("Your consent has been withdrawn."))
    return redirect("privacy_account:index")


@login_required
def delete(request):
    blockers = account_deletion_blockers(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            account_delete(actor=request.user, user=request.user)
        except ValidationError as error:
            blockers = error.messages
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("core:home")
    return render(request, "privacy/delete.html", {"form": form, "blockers": blockers})
