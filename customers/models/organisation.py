"""People, regions and their managers, and the planning periods."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models.names import LocalizedNameMixin


class User(AbstractUser):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Regional manager (区域经理)")
        REVIEWER = "reviewer", _("HQ reviewer (总部)")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MANAGER)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    language = models.CharField(
        _("interface language"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
    )
    email_notifications = models.BooleanField(
        _("email notifications"),
        default=True,
        help_text=_("Send the notifications by email too; they are always listed in the app."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def is_reviewer(self) -> bool:
        return self.role == self.Role.REVIEWER

    @property
    def sees_all_regions(self) -> bool:
        """Reviewers and administrators read every region; managers only their own."""
        return self.role in (self.Role.REVIEWER, self.Role.ADMIN) or self.is_superuser


class Region(LocalizedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    managers = models.ManyToManyField(
        User, through="RegionMembership", related_name="regions", verbose_name=_("managers")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return f"{self.display_name} ({self.code})"

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A region cannot be its own ancestor.")})
            ancestor = ancestor.parent

    def descendants_and_self(self) -> list["Region"]:
        found, frontier = [self], [self]
        while frontier:
            frontier = list(Region.objects.filter(parent__in=frontier))
            found.extend(frontier)
        return found


class RegionMembership(models.Model):
    """A regional manager assigned to a region; a manager may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("region assignment")
        verbose_name_plural = _("region assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} → {self.region}"


class Period(models.Model):
    """A planning period: a calendar year, with the date of its half-year review meeting."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    submission_due = models.DateField(_("plans due"), null=True, blank=True)
    review_meeting = models.DateField(
        _("half-year review meeting (半年调整会)"), null=True, blank=True
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("planning period")
        verbose_name_plural = _("planning periods")
        constraints = [models.CheckConstraint(condition=Q(year__gte=2000), name="period_year_sane")]

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.review_meeting and self.review_meeting.year != self.year:
            raise ValidationError(
                {"review_meeting": _("The review meeting must fall within the period's year.")}
            )

    def previous(self):
        return Period.objects.filter(year=self.year - 1).first()
