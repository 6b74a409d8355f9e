"""Users of the portal, each with a home unit and one role (DOMAIN.md §5)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from simple_history.models import HistoricalRecords

from core.choices import QuickChoiceLabels


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    HOME_AFFAIRS = "home_affairs", _("Home Affairs staff")
    INSPECTOR = "inspector", _("Inspector")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    CLERK = "clerk", _("Clerk")


# Roles whose scope is the whole province of their home unit.
PROVINCE_WIDE_ROLES = frozenset({Role.HOME_AFFAIRS, Role.INSPECTOR, Role.CLERK})
# Roles whose scope is their home unit and its subtree.
UNIT_ROLES = frozenset({Role.UNIT_HEAD, Role.UNIT_STAFF})


class User(QuickChoiceLabels, AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    title = models.CharField(_("job title"), max_length=150, blank=True, help_text=_("e.g. Phó Giám đốc"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.UNIT_STAFF)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("home unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name()

    def save(self, *args, **kwargs):
        # A new password revokes the API tokens handed out under the old one.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            Token.objects.filter(user=self).delete()

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_unit_user(self) -> bool:
        return self.role in UNIT_ROLES
