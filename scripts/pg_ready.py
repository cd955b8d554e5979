"""Exit 0 when the PostgreSQL server named by the URL answers, 1 otherwise.

With --create, also create the URL's database when it does not exist yet.
"""

import sys

import psycopg
from psycopg import sql

create = "--create" in sys.argv
url = [arg for arg in sys.argv[1:] if arg != "--create"][0]
server_url, _sep, database = url.rpartition("/")
try:
    with psycopg.connect(server_url + "/postgres", connect_timeout=3, autocommit=True) as conn:
        if create:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
except psycopg.Error:
    sys.exit(1)
