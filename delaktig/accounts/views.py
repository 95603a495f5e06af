from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from delaktig.results.selectors import my_contributions

from .forms import ProfileForm
from .services import user_update_profile


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {"profile_user": request.user, "my_contributions": my_contributions(request.user)},
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            actor=request.user,
            user=request.user,
            data={field: form.cleaned_data[field] for field in form.Meta.fields},
        )
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})
