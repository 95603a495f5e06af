"""Settings for `make bench`: production settings plus a bare view as the ceiling."""

from delaktig.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The in-process measurement of queries and bytes uses Django's test client.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
# Every benchmark request comes from one address (wrk, the soak run), which the
# posting limits would hold to a few posts a minute; the results say they are off.
DELAKTIG_RATELIMIT_ENABLED = False
ACCOUNT_RATE_LIMITS = False
