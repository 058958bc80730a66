"""Users and roles.

Three roles: the administrator (Django admin), college staff (finer roles through Django
groups, see ``StaffGroup``) and the employer representative, bound to exactly one partner
organisation. What an employer may do there (supervise practice, review theses, sign) follows
the roles of their contact record (``partners.Contact.user``). The e-mail address is the login.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership_portal.models import full_name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("College staff")
    EMPLOYER = "employer", _("Employer representative")


class StaffGroup(models.TextChoices):
    """Django groups that refine the college staff role (created by a data migration)."""

    PARTNERSHIP_MANAGER = "partnership_manager", _("Partnership manager")
    PRACTICE_COORDINATOR = "practice_coordinator", _("Practice coordinator")
    TEACHER = "teacher", _("Teacher")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("The e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("role", Role.STAFF)
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(role=Role.ADMIN, is_superuser=True, is_staff=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Required for an employer representative, empty for everyone else."),
    )

    is_active = models.BooleanField(_("active"), default=True)
    deactivated_by_staff = models.BooleanField(
        _("deactivated by the college"),
        default=False,
        help_text=_("Only the college can restore this account; the employer cannot re-invite it."),
    )
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Lets the user open the Django admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(role="employer", partner__isnull=False)
                    | (~models.Q(role="employer") & models.Q(partner__isnull=True))
                ),
                name="accounts_user_partner_iff_employer",
                violation_error_message=_(
                    "An employer representative needs a partner organisation; other roles have none."
                ),
            ),
        ]
        indexes = [models.Index(fields=["role", "partner"])]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    def get_full_name(self):
        return full_name(self)

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_employer(self):
        return self.role == Role.EMPLOYER

    @property
    def is_college_staff(self):
        return self.role in (Role.STAFF, Role.ADMIN)
