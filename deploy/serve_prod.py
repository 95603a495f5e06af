"""`make serve-prod`: the production stack on this machine.

PostgreSQL and Redis (both on loopback), production settings, two app "hosts"
(gunicorn instances with two workers each, on their own ports, sharing nothing
but the database, Redis and the media folder) behind nginx as the load balancer,
and the background-task worker. It shows that the app is stateless: a request
may land on either host. Ctrl+C stops everything.

Plain HTTP on loopback only: SECURE_SSL_REDIRECT is off here; browsers accept the
Secure cookies on 127.0.0.1/localhost. docs/deploy.md gives the real set-up with TLS.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "var" / "serve-prod"
BIN = Path(sys.executable).parent
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8000"))
APP_PORTS = (8001, 8002)
DATABASE = os.environ.get("PROD_DATABASE", "delaktig_prod")


def _secret_key() -> str:
    path = ROOT / "var" / "prod_secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="delaktig.settings.production",
        DATABASE_URL=os.environ.get(
            "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
        ),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        SECRET_KEY=os.environ.get("SECRET_KEY") or _secret_key(),
        ALLOWED_HOSTS=os.environ.get("ALLOWED_HOSTS", f"{HOST},localhost"),
        SECURE_SSL_REDIRECT="0",
        BASE_URL=os.environ.get("BASE_URL", f"http://{HOST}:{PORT}"),
        MEDIA_ROOT=os.environ.get("MEDIA_ROOT", str(ROOT / "var" / "media")),
    )
    return env


def _create_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        found = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not found:
            db.execute(f'CREATE DATABASE "{DATABASE}"')


def main() -> int:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        print("nginx is missing (Debian package nginx-light; `make serve-prod` installs it).")
        return 2
    env = environment()
    if "postgres" in env["DATABASE_URL"]:
        _create_database()
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "load_demo", "--if-empty"], env=env, check=True)
    RUN.mkdir(parents=True, exist_ok=True)
    template = (ROOT / "deploy" / "nginx-local.conf.template").read_text()
    upstreams = "\n".join(f"        server 127.0.0.1:{port};" for port in APP_PORTS)
    (RUN / "nginx.conf").write_text(
        template.format(run=RUN, upstreams=upstreams, host=HOST, port=PORT)
    )
    processes = []
    for port in APP_PORTS:
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "delaktig.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                    "--error-logfile",
                    "-",
                    "--forwarded-allow-ips",
                    "127.0.0.1",
                ],
                env=env,
                cwd=ROOT,
            )
        )
    processes.append(
        subprocess.Popen([*manage, "db_worker", "--queue-name", "*", "--no-reload"], env=env)
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    processes.append(
        subprocess.Popen(
            [nginx, "-c", str(RUN / "nginx.conf"), "-p", str(RUN), "-g", "daemon off;"]
        )
    )
    print(
        f"Delaktig (production settings, PostgreSQL + Redis) on http://{HOST}:{PORT} — "
        f"nginx → app hosts on ports {', '.join(map(str, APP_PORTS))}, plus the task worker. "
        "Ctrl+C stops all.",
        flush=True,
    )

    def stop(*_args):
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while all(process.poll() is None for process in processes):
        time.sleep(1)
    stop()
    return 1


if __name__ == "__main__":
    sys.exit(main())
