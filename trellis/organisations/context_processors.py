from trellis.organisations.selectors import roles_for_user


def current_roles(request):
    """Expose the signed-in person's roles to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_roles": roles_for_user(user)}
