from django.contrib import messages


def success_once(request, text) -> None:
    """Queue a success message unless the same one is already waiting.

    With one-time submission keys a resend (a double click, or a retry after the
    first answer was lost on a weak connection) finds the first send's message
    still waiting in the session; a second copy would read as if the thing had
    been stored twice.
    """
    text = str(text)
    waiting = messages.get_messages(request)
    already = any(str(message) == text for message in waiting)
    waiting.used = False  # looking at them must not use them up
    if not already:
        messages.success(request, text)
