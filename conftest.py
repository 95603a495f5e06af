import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# in the same tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from delaktig.municipality.selectors import forget_current_municipality  # noqa: E402
from delaktig.municipality.tests.factories import MunicipalityFactory  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_municipality_cache():
    forget_current_municipality()
    yield
    forget_current_municipality()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()
