"""The elected member's details page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.polling.elected import ElectedForm, do_update_elected
from huanjie.polling.forms import post_label
from huanjie.polling.models import ElectedMember
from huanjie.web.request import require, staff


@login_required
@require_http_methods(["GET", "POST"])
def elected(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    member = get_visible(user, ElectedMember.objects.select_related("election__unit"), pk=pk)
    form = ElectedForm(request.POST or None, instance=member)
    if not can(
        user, Capability.VIEW_ID_NUMBERS
    ):  # the date of birth beside the resident's masked number (issue 15)
        del form.fields["birth_date"]
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        if form.is_valid():
            do_update_elected(member, details=form.cleaned_data, actor=user)
            messages.success(request, _("Saved."))
            return redirect("polling:polling", pk=member.election_id)
    shown = form if can(user, Capability.EDIT_UNITS) else None
    return render(
        request, "polling/elected.html", {"member": member, "form": shown, "label": post_label(member.post)}
    )
