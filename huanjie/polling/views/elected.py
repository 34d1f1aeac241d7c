"""The elected member's details page: the person's record (issue 17), and the post in the previous term."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.polling.elected import ElectedForm, do_update_elected
from huanjie.polling.models import ElectedMember
from huanjie.voters.people import office_label
from huanjie.web.forms import submit
from huanjie.web.labels import post_name
from huanjie.web.request import require, staff


@login_required
@require_http_methods(["GET", "POST"])
def elected(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    member = get_visible(
        user, ElectedMember.objects.select_related("election__unit", "resident", "member"), pk=pk
    )
    form = ElectedForm(request.POST or None, member=member)

    def page(status: int = 200) -> HttpResponse:
        record = member.resident or member.member
        group = getattr(record, "group", "") if record is not None else ""
        return render(
            request,
            "polling/elected.html",
            {
                "member": member,
                "form": form if can(user, Capability.EDIT_UNITS) else None,
                "label": post_name(member.post),
                "person": office_label(member.name, group, member.birth_year) if record else "",
            },
            status=status,
        )

    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            form,
            lambda d: do_update_elected(member, details=d, actor=user),
            _("Saved."),
            reverse("polling:polling", args=[member.election_id]),
            render=page,
        )
    return page()
