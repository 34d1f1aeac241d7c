"""Forms of the leading group's pages. Division choices are limited to the user's scope by the view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from huanjie.elections.models import Finding
from huanjie.elections.stages import LABELS
from huanjie.supervision.models import (
    Deadline,
    GroupMember,
    MemberUnit,
    Petition,
    Publicity,
    StaffMember,
    Team,
)
from huanjie.units.models import BodyKind, Division
from huanjie.voters.models import Resident
from huanjie.voters.picker import ResidentPickerField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def _text(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def _divisions(label: Any, required: bool = True) -> forms.ModelChoiceField[Division]:
    return forms.ModelChoiceField(
        label=label, queryset=Division.objects.none(), to_field_name="code", required=required
    )


STAGE_CHOICES = [("", "—"), *[(k, v) for k, v in LABELS.items()]]


def _division_label(division: Division) -> str:
    return division.display_name(get_language() or "zh-hans")


class ScopedForm(forms.Form):
    """A form whose division fields list only what the view passes (the user's scope)."""

    def __init__(self, *args: Any, divisions: QuerySet[Division] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("division", "unit", "street"):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField) and divisions is not None:
                field.queryset = divisions
                field.label_from_instance = _division_label  # type: ignore[method-assign, assignment]


class MemberUnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=MemberUnit.Kind.choices)
    duties = _text(_("Duties"), required=False)


class GroupMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40)
    title = forms.CharField(label=_("Position"), max_length=80)
    post = forms.ChoiceField(label=_("Post in the group"), choices=GroupMember.Post.choices)
    member_unit = forms.ModelChoiceField(
        label=_("Member unit"), queryset=MemberUnit.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def __init__(self, *args: Any, units: QuerySet[MemberUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class ContactCadreForm(ScopedForm):
    unit = _divisions(_("Unit"))
    name = forms.CharField(label=_("Name"), max_length=40)
    title = forms.CharField(label=_("Position"), max_length=80)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    since = _date(_("Responsible since"))


class LiaisonOfficerForm(ScopedForm):
    street = _divisions(_("Street"))
    name = forms.CharField(label=_("Name"), max_length=40)
    department = forms.CharField(label=_("Sent by"), max_length=80)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    since = _date(_("Stationed since"))


class LiaisonReportForm(ScopedForm):
    reported_on = _date(_("Reported on"))
    unit = _divisions(_("Unit"), required=False)
    progress = _text(_("Progress"))
    problems = _text(_("Problems"), required=False)


class PlanDueForm(forms.Form):
    due_on = _date(_("Due on"))


class PlanFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    filed_on = _date(_("Filed on"))
    file = forms.FileField(label=_("Document (PDF, Word, text or photo)"))


class PlanReviewForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("approve")), ("0", _("return for revision"))],
        coerce=lambda v: v == "1",
    )
    reviewed_on = _date(_("Reviewed on"))
    comments = _text(_("Review comments"), required=False)


class DeadlineForm(ScopedForm):
    division = _divisions(_("Set for"))
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = _date(_("Due on"))
    stage = forms.ChoiceField(label=_("Stage (leave empty for a task reported by a date)"), choices=STAGE_CHOICES,
                              required=False)  # fmt: skip
    body_kind = forms.ChoiceField(
        label=_("Body"), choices=[("", _("all")), *BodyKind.choices], required=False
    )
    reporter = forms.ChoiceField(label=_("Reported by"), choices=Deadline.Reporter.choices, required=False)
    basis = forms.CharField(label=_("Basis"), max_length=200, required=False)


class DeadlineReportForm(ScopedForm):
    division = _divisions(_("Street or unit"))
    done_on = _date(_("Done on"))
    note = _text(_("Note"), required=False, rows=2)


class StaffForm(ScopedForm):
    division = _divisions(_("Street or unit"))
    name = forms.CharField(label=_("Name"), max_length=40)
    post = forms.ChoiceField(label=_("Post"), choices=StaffMember.Post.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class TrainingForm(ScopedForm):
    division = _divisions(_("Organised by"))
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = _date(_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=200)
    audience = _text(_("Audience"), rows=2)
    topics = _text(_("Topics"))
    materials = _text(_("Materials"), required=False, rows=2)
    file = forms.FileField(label=_("Materials file"), required=False)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=_("Sign-in sheet (CSV or XLSX)"))


class PublicityForm(ScopedForm):
    division = _divisions(_("Unit, street or district"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Publicity.Kind.choices)
    count = forms.IntegerField(label=_("Count"), min_value=1)
    started_on = _date(_("From"))
    ended_on = _date(_("Until"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = _text(_("Description"), required=False, rows=2)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG or PNG)"))


class TeamForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Team.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    leader = forms.CharField(label=_("Team leader"), max_length=40)
    members = _text(_("Members"), required=False, rows=2)
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))
    remit = _text(_("Remit"), required=False, rows=2)


class VisitForm(ScopedForm):
    division = _divisions(_("Street or unit visited"))
    visited_on = _date(_("Visited on"))
    summary = _text(_("What the team saw"), required=False)


class QuestionForm(forms.Form):
    asked_by = forms.CharField(label=_("Asked by"), max_length=80, required=False)
    question = _text(_("Question"), rows=2)
    answer = _text(_("Answer"), required=False, rows=2)


class FindingForm(ScopedForm):
    unit = _divisions(_("Where"))
    text = _text(_("Finding"), rows=2)
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices,
                                 initial=Finding.Severity.MEDIUM)  # fmt: skip
    stage = forms.ChoiceField(label=_("Stage"), choices=STAGE_CHOICES, required=False)
    rectification_due = _date(_("Rectify by"), required=False)


class CloseFindingForm(forms.Form):
    closed_on = _date(_("Closed on"))
    resolution = _text(_("What was done"), rows=2)


class PetitionForm(ScopedForm):
    division = _divisions(_("Street or unit concerned"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Petition.Channel.choices)
    received_on = _date(_("Received on"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = _text(_("Content"))
    stage = forms.ChoiceField(label=_("Stage concerned"), choices=STAGE_CHOICES, required=False)
    petitioners = _text(_("Petitioners (one name a line)"), rows=2)
    petitioner_count = forms.IntegerField(label=_("Number of petitioners"), min_value=1)
    contact = forms.CharField(label=_("Contact"), max_length=80, required=False)
    handler = forms.CharField(label=_("Handler"), max_length=80, required=False)
    term_label = forms.CharField(label=_("Earlier term (for a petition of a previous term)"), max_length=60,
                                 required=False)  # fmt: skip


class PetitionerForm(forms.Form):
    """Which resident of the petition's unit the petitioner is (voters/picker.py: chosen by search)."""

    resident = ResidentPickerField(label=_("Petitioner (a resident of the unit)"))

    def __init__(self, *args: Any, residents: QuerySet[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resident"]
        assert isinstance(field, ResidentPickerField)
        field.queryset = residents


class DecideForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("accept")), ("0", _("do not accept"))],
        coerce=lambda v: v == "1",
    )
    decided_on = _date(_("Decided on"))
    handler = forms.CharField(label=_("Handler"), max_length=80, required=False)
    note = _text(_("Note"), required=False, rows=2)


class ConcludeForm(forms.Form):
    concluded_on = _date(_("Concluded on"))
    reply = _text(_("Reply"))
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Petition.Satisfaction.choices, required=False
    )


class SatisfactionForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=[c for c in Petition.Satisfaction.choices if c[0]]
    )


# Filters of the list pages.


class FilterForm(ScopedForm):
    q = forms.CharField(label=_("Search"), required=False)
    street = _divisions(_("Street"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["street"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = _("all")


class PublicityFilter(FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *Publicity.Kind.choices], required=False
    )
    since = _date(_("From"), required=False)
    until = _date(_("Until"), required=False)


class FindingFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("all")), ("open", _("open")), ("overdue", _("overdue")), ("closed", _("closed"))],
        required=False,
    )


class PetitionFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("all")), ("open", _("in progress")), ("overdue", _("overdue")), ("concluded", _("concluded")),
                 ("previous", _("previous term"))],
        required=False,
    )  # fmt: skip
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("all")), *Petition.Channel.choices], required=False
    )
    collective = forms.BooleanField(label=_("Collective only"), required=False)


class CoverageFilter(FilterForm):
    untrained = forms.BooleanField(label=_("Only people not trained in time"), required=False)
