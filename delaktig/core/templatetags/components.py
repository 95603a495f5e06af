"""Template helpers for the reusable components in templates/components/."""

from django import template

register = template.Library()


@register.simple_tag
def widget_with_aria(field):
    """Render a bound field's widget tied to its hint and error texts.

    aria-describedby points at the hint and the error message, and aria-invalid
    marks a field with errors, so a screen reader announces both with the field.
    """
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    if field.errors:
        describedby.append(f"{field.auto_id}_error")
    # Labels carry the instructions; placeholders vanish while typing and fail contrast.
    attrs = {"placeholder": False}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return getattr(field.field.widget, "input_type", None) == "checkbox"


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*args):
    """{% breadcrumbs "Start" home_url "Settings" settings_url "This page" %}: label/url pairs."""
    items = list(args)
    crumbs = [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
    if len(items) % 2:
        crumbs.append((items[-1], None))
    return {"crumbs": crumbs}
