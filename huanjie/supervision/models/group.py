"""The leading group (its member units and members, its office), the streets' contact cadres and the
liaison officers it stations with the streets, with their reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.units.models import Division


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
