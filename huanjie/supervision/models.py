"""The leading group's work in a round: its members and office, contact cadres, liaison officers, the
streets' work plans, the deadlines the district or a street sets, training, publicity, inspection and
assessment teams, and petitions.

Every record belongs to a round and to a division (the district, a street or a unit); each model declares
where that division's `path` lies and how far a user's scope reaches it (`scope_path`, `scope_reach`), and
core/scope.py reads by it. Inspection findings are `elections.Finding` rows (source "inspection",
reference "visit:<pk>"), so that the review and the summary report read one list of problems.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.elections.stages import label
from huanjie.units.models import Division

# Regulations on Letters and Visits (信访工作条例 2022, Art. 31–32; 信访条例 2005, Art. 22, 33):
# whether to accept is decided within 15 days of receipt; an accepted petition is concluded within 60.
ACCEPT_DAYS = 15
CONCLUDE_DAYS = 60
# Five or more petitioners on one matter make a collective petition (集体访).
COLLECTIVE_FROM = 5


class MemberUnit(models.Model):
    """A department that is a member unit of the leading group (organisation, discipline inspection, …)."""

    scope_path = "round__district__path"
    scope_reach = Reach.ABOVE

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation department")
        DISCIPLINE = "discipline", _("discipline inspection")
        PETITIONS = "petitions", _("letters and visits")
        CIVIL_AFFAIRS = "civil_affairs", _("civil affairs")
        AGRICULTURE = "agriculture", _("agriculture and forestry")
        OTHER = "other", _("other")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="member_units")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    duties = models.TextField(_("duties"), blank=True)
    objects = ScopedQuerySet["MemberUnit"].as_manager()

    class Meta:
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="one_member_unit_per_name")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A member of the leading group or of its office."""

    scope_path = "round__district__path"
    scope_related = ("member_unit",)
    scope_reach = Reach.ABOVE

    class Post(models.TextChoices):
        LEADER = "leader", _("group leader")
        DEPUTY = "deputy", _("deputy group leader")
        MEMBER = "member", _("group member")
        OFFICE_DIRECTOR = "office_director", _("office director")
        OFFICE_STAFF = "office_staff", _("office staff")

    OFFICE_POSTS = (Post.OFFICE_DIRECTOR, Post.OFFICE_STAFF)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="group_members")
    name = models.CharField(_("name"), max_length=40)
    title = models.CharField(_("position"), max_length=80)
    post = models.CharField(_("post in the group"), max_length=16, choices=Post.choices)
    member_unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    objects = ScopedQuerySet["GroupMember"].as_manager()

    class Meta:
        ordering = ["round", "post", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_office(self) -> bool:
        return self.post in self.OFFICE_POSTS


class ContactCadre(models.Model):
    """A street cadre responsible for guiding one unit's election (包村干部)."""

    scope_path = "unit__path"
    scope_related = ("unit__parent",)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="contact_cadres")
    unit = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    title = models.CharField(_("position"), max_length=80)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    since = models.DateField(_("responsible since"))
    objects = ScopedQuerySet["ContactCadre"].as_manager()

    class Meta:
        ordering = ["unit__code", "pk"]

    def __str__(self) -> str:
        return self.name


class LiaisonOfficer(models.Model):
    """A cadre the leading group stations with a street to guide and report (联络员)."""

    scope_path = "street__path"
    scope_related = ("street",)
    scope_reach = Reach.AROUND
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="liaison_officers")
    street = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    department = models.CharField(_("sent by"), max_length=80)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    since = models.DateField(_("stationed since"))
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objects = ScopedQuerySet["LiaisonOfficer"].as_manager()

    class Meta:
        ordering = ["street__code", "pk"]

    def __str__(self) -> str:
        return self.name


class LiaisonReport(models.Model):
    scope_path = "officer__street__path"
    scope_reach = Reach.AROUND
    officer = models.ForeignKey(LiaisonOfficer, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    unit = models.ForeignKey(Division, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    progress = models.TextField(_("progress"))
    problems = models.TextField(_("problems"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["LiaisonReport"].as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.officer} {self.reported_on}"


def _upload_path(kind: str, instance: models.Model, sha256: str) -> str:
    rnd = getattr(instance, "round_id", None) or "x"
    return f"supervision/{rnd}/{kind}/{sha256}"


def plan_path(instance: WorkPlan, filename: str) -> str:
    return _upload_path("plans", instance, instance.sha256)


class WorkPlan(models.Model):
    """A street's work plan or detailed rules for the round, due to the leading group's office by a date."""

    scope_path = "street__path"
    scope_related = ("street", "round")
    scope_reach = Reach.AROUND

    class Status(models.TextChoices):
        DUE = "due", _("not filed")
        FILED = "filed", _("filed, under review")
        RETURNED = "returned", _("returned for revision")
        ACCEPTED = "accepted", _("approved")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="work_plans")
    street = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE)
    title = models.CharField(_("title"), max_length=200, blank=True)
    document = models.FileField(upload_to=plan_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    comments = models.TextField(_("review comments"), blank=True)
    objects = ScopedQuerySet["WorkPlan"].as_manager()

    class Meta:
        ordering = ["street__code"]
        constraints = [models.UniqueConstraint(fields=["round", "street"], name="one_work_plan_per_street")]

    def __str__(self) -> str:
        return self.title or self.street.name

    @property
    def late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.due_on


class Deadline(models.Model):
    """A date the district or a street sets beyond the statute.

    A stage deadline (`stage` set) is written to the affected elections' `ElectionStage.district_due`,
    which the round's progress and the review's `stage_late` check read. A task deadline (`stage` empty,
    e.g. "candidates for secretary and director reported") is tracked by a report per street or unit.
    """

    scope_path = "division__path"
    scope_related = ("division", "round")
    scope_reach = Reach.AROUND

    class Reporter(models.TextChoices):
        STREET = "street", _("each street")
        UNIT = "unit", _("each unit")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # district or street
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    body_kind = models.CharField(_("body"), max_length=24, blank=True)
    reporter = models.CharField(
        _("reported by"), max_length=8, choices=Reporter.choices, default=Reporter.STREET
    )
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Deadline"].as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_stage(self) -> bool:
        return bool(self.stage)

    @property
    def stage_label(self) -> str:
        return str(label(self.stage)) if self.stage else ""


class DeadlineReport(models.Model):
    """A street's or unit's report that a task deadline's work is done."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reports")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["division__code"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "division"], name="one_report_per_deadline_division")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.division}"


class StaffMember(models.Model):
    """A person of a street or unit who runs or guides the election and must be trained."""

    scope_path = "division__path"
    scope_related = ("division__parent",)

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("secretary")
        DIRECTOR = "director", _("director")
        COMMITTEE = "committee", _("election committee member")
        CLERK = "clerk", _("election clerk")
        LIAISON = "liaison", _("liaison officer")
        OTHER = "other", _("other")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="staff")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=40)
    post = models.CharField(_("post"), max_length=12, choices=Post.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    objects = ScopedQuerySet["StaffMember"].as_manager()

    class Meta:
        ordering = ["division__code", "post", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "division", "name"], name="one_staff_entry_per_person")
        ]

    def __str__(self) -> str:
        return self.name


def materials_path(instance: Training, filename: str) -> str:
    return _upload_path("training", instance, instance.materials_sha256)


class Training(models.Model):
    scope_path = "division__path"
    scope_related = ("division", "round")
    scope_reach = Reach.AROUND
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="trainings")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # who organised it
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    audience = models.TextField(_("audience"))
    topics = models.TextField(_("topics"))
    materials = models.TextField(_("materials"), blank=True)
    materials_file = models.FileField(upload_to=materials_path, blank=True)
    materials_name = models.CharField(max_length=200, blank=True)
    materials_sha256 = models.CharField(max_length=64, blank=True)
    attendees = models.ManyToManyField(StaffMember, through="Attendance", related_name="trainings")
    objects = ScopedQuerySet["Training"].as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["training", "staff"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.training}"


class Publicity(models.Model):
    """Publicity for the round in a unit, a street or the whole district, counted by kind."""

    scope_path = "division__path"
    scope_related = ("division__parent", "round")
    scope_reach = Reach.AROUND

    class Kind(models.TextChoices):
        BANNER = "banner", _("banners")
        LARGE_SLOGAN = "large_slogan", _("large slogans")
        SLOGAN = "slogan", _("posted slogans")
        BLACKBOARD = "blackboard", _("blackboard newspapers")
        BROADCAST = "broadcast", _("broadcasts")
        MEETING = "meeting", _("meetings")
        PRINTED = "printed", _("printed material")
        ONLINE = "online", _("online posts")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="publicity")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Publicity"].as_manager()

    class Meta:
        ordering = ["-started_on", "division__code", "pk"]
        verbose_name_plural = "publicity"

    def __str__(self) -> str:
        return f"{self.division} · {self.get_kind_display()} × {self.count}"


def photo_path(instance: PublicityPhoto, filename: str) -> str:
    return f"supervision/{instance.publicity.round_id}/publicity/{instance.sha256}"


class PublicityPhoto(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Team(models.Model):
    """An inspection team (督导检查组) or an assessment team (考察组) of the leading group."""

    scope_path = "round__district__path"
    scope_related = ("round",)
    scope_reach = Reach.ABOVE

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection team")
        ASSESSMENT = "assessment", _("assessment team")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="teams")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    name = models.CharField(_("name"), max_length=120)
    leader = models.CharField(_("team leader"), max_length=40)
    members = models.TextField(_("members"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    remit = models.TextField(_("remit"), blank=True)
    objects = ScopedQuerySet["Team"].as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A team's visit to a street or a unit."""

    scope_path = "division__path"
    scope_related = ("team", "division")
    scope_reach = Reach.AROUND
    scope_also = (("team__round__district__path", Reach.ABOVE),)  # and its team's round
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visits")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited on"))
    units_seen = models.ManyToManyField(Division, blank=True, related_name="+")
    summary = models.TextField(_("what the team saw"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Visit"].as_manager()

    class Meta:
        ordering = ["visited_on", "division__code", "pk"]

    def __str__(self) -> str:
        return f"{self.team} · {self.division} · {self.visited_on}"

    @property
    def reference(self) -> str:
        return f"visit:{self.pk}"


class Question(models.Model):
    """A question the visited street or unit raised, and the team's answer."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.CharField(_("asked by"), max_length=80, blank=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.question[:60]


class Petition(models.Model):
    """A letter, visit, call or online message about the election (信访)."""

    scope_path = "division__path"
    scope_related = ("division__parent", "round")
    scope_capability = "see_petitions"

    class Channel(models.TextChoices):
        LETTER = "letter", _("letter")
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone")
        ONLINE = "online", _("online")

    class Decision(models.TextChoices):
        PENDING = "", _("not decided")
        ACCEPTED = "accepted", _("accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")

    class Satisfaction(models.TextChoices):
        UNKNOWN = "", _("not asked")
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="petitions")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # unit or street
    term_label = models.CharField(_("earlier term"), max_length=60, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"))
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    petitioners = models.TextField(_("petitioners"))
    petitioner_count = models.PositiveIntegerField(_("number of petitioners"))
    contact = models.CharField(_("contact"), max_length=80, blank=True)
    handler = models.CharField(_("handler"), max_length=80, blank=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, blank=True, default=""
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Petition"].as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def collective(self) -> bool:
        return self.petitioner_count >= COLLECTIVE_FROM

    @property
    def previous_term(self) -> bool:
        return bool(self.term_label) or self.received_on < self.round.starts_on

    @property
    def accept_by(self) -> dt.date:
        return self.received_on + dt.timedelta(days=ACCEPT_DAYS)

    @property
    def conclude_by(self) -> dt.date | None:
        if self.decision != self.Decision.ACCEPTED or self.decided_on is None:
            return None
        return self.decided_on + dt.timedelta(days=CONCLUDE_DAYS)

    @property
    def open(self) -> bool:
        return self.decision == self.Decision.PENDING or (
            self.decision == self.Decision.ACCEPTED and self.concluded_on is None
        )

    def overdue(self, today: dt.date) -> str:
        """'' when on time; 'accept' or 'conclude' naming the statutory deadline that has passed."""
        if self.previous_term:
            return ""
        if self.decision == self.Decision.PENDING:
            return "accept" if today > self.accept_by else ""
        conclude_by = self.conclude_by
        if conclude_by is not None and self.concluded_on is None and today > conclude_by:
            return "conclude"
        return ""
