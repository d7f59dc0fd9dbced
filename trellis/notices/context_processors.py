from trellis.notices.selectors import unread_count


def unread_notices(request):
    """Give every page the number of notices the signed-in person has not opened."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notice_count": unread_count(user)}
