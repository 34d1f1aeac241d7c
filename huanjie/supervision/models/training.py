"""The people of the streets and units who run the election, and the training they attend."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.supervision.models.files import materials_path
from huanjie.units.models import Division


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
