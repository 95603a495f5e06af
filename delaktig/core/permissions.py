from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def staff_required(permission: str):
    """Protect a staff view: anonymous visitors go to login, others without it get 403.

    The view is marked so that the URL-walking test can prove every staff URL
    carries a check. Object-level checks follow inside the view with
    ``require_object_permission`` once the object is loaded.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.delaktig_permission = permission
        return wrapped

    return decorator


def require_object_permission(request, permission: str, obj) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
