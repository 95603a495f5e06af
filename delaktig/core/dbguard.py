"""A clear answer when the database goes away in the middle of a request.

Every write runs in a transaction, so a lost connection leaves nothing half
written; what remains is to tell the visitor so (503, a page that needs no
database, ``Retry-After``) instead of a generic error, and to let the next
request reconnect. Django closes an unusable connection when the request ends,
and ``CONN_HEALTH_CHECKS`` makes a persistent connection prove itself before reuse.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("delaktig.database")

RETRY_AFTER_SECONDS = 30


def _connection_lost(exception) -> bool:
    if isinstance(exception, (OperationalError, InterfaceError)):
        return True
    # psycopg reports a terminated server connection as a plain DatabaseError
    # when it happens mid-statement; the connection then says it is unusable.
    return isinstance(exception, DatabaseError) and any(
        conn.connection is not None and not conn.is_usable() for conn in connections.all()
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _connection_lost(exception):
            return None
        logger.error(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        for conn in connections.all():
            conn.close_if_unusable_or_obsolete()
        response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
