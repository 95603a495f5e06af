from .base import *  # noqa: F403

# Fast hashing and no manifest: the suite builds many users and never runs collectstatic.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, because tests run inside transactions that never commit (and so never make
# stored pages old); core/tests/test_pagecache.py switches it on where it tests it.
DELAKTIG_PAGE_CACHE_SECONDS = 0
ACCOUNT_RATE_LIMITS = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests never run collectstatic; the live server serves static files from the apps.
STATIC_ROOT = None
# Posting limits would trip tests that post many times; their own tests switch them on.
DELAKTIG_RATELIMIT_ENABLED = False
# The staff session clock writes to the session once a minute, which would make
# query counts of staff pages depend on timing; its own tests switch it on.
DELAKTIG_STAFF_SESSION_LIMITS = False
