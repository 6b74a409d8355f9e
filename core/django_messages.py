"""Django's and third-party packages' own messages, named here so that the project's catalogue translates them.

Django, its admin and auth, django-axes, django-simple-history and DRF's authtoken ship Vietnamese
catalogues that lack these messages (or, for axes and simple_history, no Vietnamese catalogue at all),
so administrators and users would read them in English. The project's `locale/` comes first in
LOCALE_PATHS, so its entries win; naming the msgids here lets `makemessages` keep them there. The
msgids must be the packages' exactly (curly quotes, placeholders, plural pairs):
`core/tests/test_django_messages.py` checks that each reads Vietnamese.

Left out because no user of the portal sees them: language names, the welcome page of a project
without URLs, Http404 texts shown only with DEBUG, admin templates the project overrides or does not
route (password reset e-mail, "Forgotten your login credentials?"), and texts that read the same in
Vietnamese ("IPv4", "…"). The admin's JavaScript strings live in the djangojs domain, not here.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

MESSAGES = (
    # django.contrib.admin: its pages and templates.
    _("Add link"),
    _("Added:"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("Breadcrumbs"),
    _("Change or view list link"),
    _("Changed:"),
    _("Deleted:"),
    _("Disable password-based authentication"),
    _("Enable password-based authentication"),
    _("Error:"),
    _("Filter navigation items"),
    _("Hide counts"),
    _("Model name"),
    _("Select all objects on this page for an action"),
    _("Select this object for an action - {}"),
    _("Set password"),
    _("Show counts"),
    _("Sidebar"),
    _("Skip to main content"),
    _("This action will <strong>enable</strong> password-based authentication for this user."),
    _("Toggle navigation"),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: dark)"),
    _("Toggle theme (current theme: light)"),
    _("View selected %(model)s"),
    # django.contrib.auth: the user admin's password forms and the password validators.
    _("Conflicting form data submitted. Please try again."),
    _("Disabled"),
    _("Enable password-based authentication for this user by setting a password."),
    _("Enabled"),
    _("Password-based authentication"),
    _("Password-based authentication was disabled."),
    _("Raw passwords are not stored, so there is no way to see the user’s password."),
    _("Reset password"),
    _("Set password: %s"),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    # django.contrib.sessions: its app name, shown with the content type in the permission lists.
    _("Sessions"),
    # Django itself (django/conf/locale): form and model field validation, formsets, pagination, the CSRF failure page.
    _(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    _("%(from)s-%(to)s relationship"),
    _("%(from)s-%(to)s relationships"),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    _("Constraint “%(name)s” is violated."),
    _("CSRF verification failed. Request aborted."),
    _(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    _("Ensure this value is a multiple of step size %(limit_value)s."),
    _("Enter a complete value."),
    _("Enter a valid %(protocol)s address."),
    _("Enter a valid domain name."),
    _("Enter a valid duration."),
    _("Enter a valid JSON."),
    _("Enter a valid UUID."),
    _("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    _("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),
    _("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    _("Forbidden"),
    _(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    _(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    _(
        "If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    _("IPv4 or IPv6"),
    _(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    ),
    _("More information is available with DEBUG=True."),
    _("Null characters are not allowed."),
    _("That page contains no results"),
    _("That page number is less than 1"),
    _("That page number is not an integer"),
    _("The inline value did not match the parent instance."),
    _("This is not a valid IPv6 address."),
    _(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    _(
        "You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    _("“%(pk)s” is not a valid value."),
    _("“%(value)s” is not a valid UUID."),
    _("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    _("“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."),
    _("“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format."),
    _("“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."),
    _("“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."),
    _("“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."),
    _("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
    _("“%(value)s” value must be a decimal number."),
    _("“%(value)s” value must be a float."),
    _("“%(value)s” value must be an integer."),
    _("“%(value)s” value must be either None, True or False."),
    _("“%(value)s” value must be either True or False."),
    _("“%(value)s” value must be either True, False, or None."),
    # rest_framework.authtoken: its app and model names in the admin.
    _("Auth Token"),
    _("Token"),
    _("Tokens"),
    # django-axes: its models, their fields and its admin.
    _("Access Attempt"),
    _("access attempt"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("Access lock out"),
    _("access log"),
    _("access logs"),
    _("Account locked: too many login attempts. Contact an admin to unlock your account."),
    _("Account locked: too many login attempts. Please try again later."),
    _("Attempt Remaining"),
    _("Attempt Time"),
    _("Clean up expired attempts"),
    _("Cleaned up {count} expired access attempts."),
    _("Expires At"),
    _("Failed Logins"),
    _("Form Data"),
    _("GET Data"),
    _("HTTP Accept"),
    _("IP Address"),
    _("Locked Out"),
    _("Logout Time"),
    _("Meta Data"),
    _("Not set"),
    _("Path"),
    _("POST Data"),
    _("Session key hash (sha256)"),
    _("The time when access attempt expires and is no longer valid."),
    _("User Agent"),
    # django-simple-history: its admin views and templates.
    _("Change History"),
    _("Change reason"),
    _("Changed"),
    _("Changed by"),
    _("Changes"),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("Comment"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("Object"),
    _("Press the 'Change History' button below to edit the history."),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Revert"),
    _("Revert %(verbose_name)s"),
    _("Revert %s"),
    _('The %(name)s "%(obj)s" was changed successfully.'),
    _("This object doesn't have a change history."),
    _("View %(verbose_name)s"),
    _("View history: %s"),
    _("You may edit it again below"),
)

# Plural messages: ngettext_lazy so that makemessages extracts the pair; 1 is any number.
PLURALS = (
    # django.contrib.admin and simple_history: the count of a history page.
    ngettext_lazy("entry", "entries", 1),
    # django.contrib.auth: MinimumLengthValidator (Django 5.2's msgid has %d).
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    # Django itself: formsets, and timesince/timeuntil.
    ngettext_lazy("%(num)d day", "%(num)d days", 1),
    ngettext_lazy("%(num)d hour", "%(num)d hours", 1),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", 1),
    ngettext_lazy("%(num)d month", "%(num)d months", 1),
    ngettext_lazy("%(num)d week", "%(num)d weeks", 1),
    ngettext_lazy("%(num)d year", "%(num)d years", 1),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1),
)
