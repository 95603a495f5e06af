"""The benchmark's data set, built once and restored for every run.

Building (migrate, the demo, ``large_data.py`` and the survey session pool of
``actions.py``) takes about a minute per database; restoring a copy takes about a
second. The copies are kept under a key that changes whenever what the build
writes may change:

- the source of ``bench/large_data.py``, ``bench/actions.py`` and this file,
- every migration file (name and content), every app's ``demo.py`` and the
  ``load_demo`` command.

The demo places meetings and surveys relative to the day it is loaded, and the
survey sessions of the action pool expire, so a copy is used for at most
``MAX_AGE_DAYS`` days after it was built (kept beside it in ``var/bench-cache``);
then it is built again. Within that, runs on different days compare: the data's
size and shape are the same, only its dates have moved.

SQLite: ``var/bench-cache/sqlite-<key>.sqlite3``, copied to ``var/bench.sqlite3``.
PostgreSQL: a template database ``delaktig_httpbench_tpl_<key>``, restored with
``CREATE DATABASE ... TEMPLATE``. Older copies are removed when a new one is built.
``BENCH_REBUILD=1`` (or ``http_bench.py --rebuild``) builds anew regardless.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "var" / "bench-cache"
SQLITE_FILE = ROOT / "var" / "bench.sqlite3"
PG_DATABASE = "delaktig_httpbench"
PG_TEMPLATE_PREFIX = "delaktig_httpbench_tpl_"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TIME_ZONE = "Europe/Stockholm"
# Less than the session lifetime (7 days), with a day to spare.
MAX_AGE_DAYS = 5

BUILD_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
import bench.actions
import bench.large_data
call_command("migrate", "--noinput", verbosity=0)
call_command("load_demo")
bench.large_data.load()
bench.actions.load_pool()
"""


def key_sources() -> list[Path]:
    app = ROOT / "delaktig"
    files = [
        ROOT / "bench" / "large_data.py",
        ROOT / "bench" / "actions.py",
        Path(__file__).resolve(),
        *app.glob("*/migrations/*.py"),
        *app.glob("*/demo.py"),
        *app.glob("*/management/commands/load_demo.py"),
    ]
    return sorted(set(files))


def _today() -> datetime.date:
    return datetime.datetime.now(ZoneInfo(TIME_ZONE)).date()


def cache_key() -> str:
    digest = hashlib.sha256()
    for path in key_sources():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _stamp(key: str, database: str) -> Path:
    return CACHE_DIR / f"built-{database}-{key}.txt"


def _young_enough(key: str, database: str, today: datetime.date | None = None) -> bool:
    try:
        built = datetime.date.fromisoformat(_stamp(key, database).read_text().strip())
    except (OSError, ValueError):
        return False
    return 0 <= ((today or _today()) - built).days <= MAX_AGE_DAYS


def _record_build(key: str, database: str) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob(f"built-{database}-*.txt"):
        old.unlink()
    _stamp(key, database).write_text(_today().isoformat())


def _build(env: dict) -> None:
    subprocess.run([sys.executable, "-c", BUILD_SCRIPT], env=env, check=True, cwd=ROOT)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sqlite(env: dict, key: str, rebuild: bool) -> str:
    cached = CACHE_DIR / f"sqlite-{key}.sqlite3"
    _remove_sqlite(SQLITE_FILE)
    if cached.exists() and not rebuild:
        shutil.copyfile(cached, SQLITE_FILE)
        return "restored"
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    _build(env)
    # The build runs in WAL mode: fold the log into the file so one file is the copy.
    with sqlite3.connect(SQLITE_FILE) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for old in CACHE_DIR.glob("sqlite-*.sqlite3"):
        old.unlink()
    partial = cached.with_suffix(".partial")
    shutil.copyfile(SQLITE_FILE, partial)
    partial.replace(cached)
    return "built"


def _pg(env: dict, key: str, rebuild: bool) -> str:
    import psycopg

    template = f"{PG_TEMPLATE_PREFIX}{key}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [template]
        ).fetchone()
        if exists and not rebuild:
            admin.execute(f'CREATE DATABASE "{PG_DATABASE}" TEMPLATE "{template}"')
            return "restored"
        admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    _build(env)
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
        # Statistics and the visibility map as a production database has them after
        # autovacuum; the template keeps both, so every run starts from the same state.
        db.execute("VACUUM (ANALYZE)")
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        old = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [PG_TEMPLATE_PREFIX + "%"]
        ).fetchall()
        for (name,) in old:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{PG_DATABASE}"')
    return "built"


def restore(database: str, env: dict, *, rebuild: bool = False) -> dict:
    """A fresh copy of the data set in the bench database; builds it first if needed."""
    rebuild = rebuild or os.environ.get("BENCH_REBUILD", "") not in ("", "0")
    started = time.monotonic()
    key = cache_key()
    rebuild = rebuild or not _young_enough(key, database)
    how = _sqlite(env, key, rebuild) if database == "sqlite" else _pg(env, key, rebuild)
    if how == "built":
        _record_build(key, database)
    if env.get("REDIS_URL"):
        # Sessions and cached pages of the previous run must not carry over.
        subprocess.run(["redis-cli", "-n", "7", "FLUSHDB"], capture_output=True, check=False)
    return {"data_set": how, "key": key, "seconds": round(time.monotonic() - started, 1)}
