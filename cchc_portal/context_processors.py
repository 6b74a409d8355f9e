from core.notifications import unread_count

from .navigation import navigation_for


def navigation(request):
    """The role's menu and the unread-notification count (one query, only if a template asks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": navigation_for(user, request.path),
        "unread_notifications": lambda: unread_count(user),
    }
