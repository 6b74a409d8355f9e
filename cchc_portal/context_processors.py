from .navigation import navigation_for


def navigation(request):
    """The role's menu and the unread-notification count (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from inspections.models import Notification

    return {
        "nav_items": navigation_for(user, request.path),
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count,
    }
