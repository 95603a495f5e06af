"""Create or drop a scratch PostgreSQL database for a benchmark: ``pgdb.py create NAME``."""

import sys

import psycopg

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def main(action: str, name: str) -> None:
    if not name.startswith("delaktig_bench"):
        raise SystemExit("Only databases named delaktig_bench* are touched here.")
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
