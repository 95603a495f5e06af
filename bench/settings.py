"""Settings for `make bench`: production settings plus a bare view as the ceiling."""

from delaktig.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The in-process measurement of queries and bytes uses Django's test client.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
