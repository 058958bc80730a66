"""Backs up and restores the portal: the database and every uploaded or generated file.

    python scripts/backup.py backup [--dir BACKUP_DIR]
    python scripts/backup.py restore FILE [--force]

Settings come from the environment exactly as the portal reads them (DATABASE_URL, MEDIA_ROOT,
with the same defaults: ``db.sqlite3`` and ``media/`` in the project folder).

The archive ``portal-YYYYmmdd-HHMMSS.tar.gz`` holds
- ``database.dump``: ``pg_dump --format=custom`` of a PostgreSQL database, or
  ``database.sqlite3``: a consistent copy of a SQLite file taken with SQLite's backup API;
- ``media/…``: every file under MEDIA_ROOT;
- ``manifest.json``: when, which engine, how many files, and the size and SHA-256 of each.

Restore checks every hash before it writes anything, and only writes into an empty database
and an empty media folder unless ``--force`` (then both are emptied first).

With ``STORAGE_URL`` set (files in an object storage bucket, README "Several hosts"), the archive
holds the database only and restore writes the database only: the bucket is backed up where it
lives (the provider's versioning, replication or bucket copy), not through one host's disk.
"""

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zlib
from datetime import datetime
from pathlib import Path, PurePosixPath

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from partnership_portal.settings.env import env_db, env_str  # noqa: E402

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure to report in one line, without a traceback."""


def settings_from_env():
    """The database and media folder the portal itself would use (see settings/base.py); the
    media folder is None when the files live in an object storage bucket (STORAGE_URL)."""
    database = env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    engine = "sqlite" if database["ENGINE"] == "django.db.backends.sqlite3" else "postgresql"
    if env_str("STORAGE_URL", None):
        return database, engine, None
    media_root = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
    return database, engine, media_root


IN_BUCKET = "database only: the files are in the object storage bucket (STORAGE_URL), backed up by its provider"


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_env(database):
    """libpq variables for pg_dump/pg_restore (a password never appears in the process list)."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[name] = str(database[key])
    env["PGDATABASE"] = database["NAME"]
    return env


def pg_connect(database, dbname=None):
    import psycopg2

    return psycopg2.connect(
        dbname=dbname or database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )


def pg_ensure_database(database):
    """Creates the target database when it does not exist yet (a fresh server)."""
    from psycopg2 import sql

    connection = pg_connect(database, "postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
    finally:
        connection.close()


USER_SCHEMAS = "nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%%'"


def pg_relations(database):
    """Tables, views and sequences outside the system schemas: what makes a database not empty."""
    connection = pg_connect(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                f"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {USER_SCHEMAS}"
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def pg_empty(database):
    """Drops every user schema and recreates ``public`` (restore --force)."""
    from psycopg2 import sql

    connection = pg_connect(database)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"SELECT nspname FROM pg_namespace WHERE {USER_SCHEMAS}")
            for (schema,) in cursor.fetchall():
                cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            cursor.execute("CREATE SCHEMA public")
    finally:
        connection.close()


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}):\n{result.stderr.strip()}")


def pg_backup(database, target):
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump not found: install postgresql-client (make system-deps).")
    run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], pg_env(database))


def pg_restore(database, source):
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore not found: install postgresql-client (make system-deps).")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    run([*command, f"--dbname={database['NAME']}", str(source)], pg_env(database))


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_copy(source_path, target_path):
    """A consistent copy of a possibly live database (SQLite's online backup API)."""
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def sqlite_tables(path):
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return 0
    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        return connection.execute(query).fetchone()[0]
    finally:
        connection.close()


# --- files ----------------------------------------------------------------------------------


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(media_root):
    """Every regular file under MEDIA_ROOT, sorted, as (path on disk, path relative to it)."""
    if not media_root.is_dir():
        return []
    found = []
    for folder, folders, files in os.walk(media_root):
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path, path.relative_to(media_root).as_posix()))
    return found


def safe_member_path(name):
    """The archive path as a relative path inside the target, or None for anything else."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


# --- backup ---------------------------------------------------------------------------------


def backup(backup_dir):
    database, engine, media_root = settings_from_env()
    backup_dir = Path(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now().astimezone()
    stem = f"portal-{created:%Y%m%d-%H%M%S}"
    archive = backup_dir / f"{stem}.tar.gz"
    suffix = 1
    while archive.exists():
        suffix += 1
        archive = backup_dir / f"{stem}-{suffix}.tar.gz"

    with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".backup-") as work:
        work = Path(work)
        if engine == "postgresql":
            dump_name = PG_DUMP
            pg_backup(database, work / dump_name)
        else:
            dump_name = SQLITE_COPY
            if not Path(database["NAME"]).is_file():
                raise BackupError(f"No SQLite database at {database['NAME']}.")
            sqlite_copy(database["NAME"], work / dump_name)

        entries = [(work / dump_name, dump_name)]
        if media_root is not None:
            entries += [(path, f"{MEDIA}/{relative}") for path, relative in media_files(media_root)]
        files = []
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            for path, name in entries:
                files.append(add_file(tar, path, name))
            manifest = {
                "format": FORMAT,
                "created": created.isoformat(timespec="seconds"),
                "engine": engine,
                "database": Path(database["NAME"]).name if engine == "sqlite" else database["NAME"],
                "media_root": str(media_root) if media_root is not None else None,
                "file_count": len(files),
                "media_file_count": len(files) - 1,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o644
            tar.addfile(info, _BytesReader(data))
        os.replace(partial, archive)  # the dated name appears only once the archive is complete
    return archive, manifest


class _BytesReader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


class _HashingReader:
    """Reads a file into the archive and hashes exactly the bytes archived."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def add_file(tar, path, name):
    with open(path, "rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


# --- restore --------------------------------------------------------------------------------


def unpack(archive, work):
    """Extracts the archive's regular files into ``work`` and checks them against its manifest;
    returns the manifest. Nothing outside ``work`` is written."""
    found = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                path = safe_member_path(member.name)
                if path is None or not member.isfile():
                    raise BackupError(f"{archive}: unexpected entry {member.name!r}; not a portal backup.")
                target = work / path
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[member.name] = digest.hexdigest()
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from None
    if MANIFEST not in found:
        raise BackupError(f"{archive} has no {MANIFEST}; not a portal backup.")
    manifest = json.loads((work / MANIFEST).read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}.")
    expected = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    found.pop(MANIFEST)
    problems = [f"missing: {name}" for name in sorted(expected.keys() - found.keys())]
    problems += [f"not in the manifest: {name}" for name in sorted(found.keys() - expected.keys())]
    problems += [
        f"hash mismatch: {name}" for name in sorted(expected.keys() & found.keys()) if found[name] != expected[name]
    ]
    if problems:
        raise BackupError(f"{archive} fails verification, nothing restored:\n  " + "\n  ".join(problems))
    return manifest


def restore(archive, force=False):
    database, engine, media_root = settings_from_env()
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")

    # Refuse before unpacking anything when a target holds data.
    if engine == "postgresql":
        pg_ensure_database(database)
        not_empty = pg_relations(database) > 0
    else:
        not_empty = sqlite_tables(database["NAME"]) > 0
    media_not_empty = media_root is not None and bool(media_files(media_root))
    if (not_empty or media_not_empty) and not force:
        what = [f"the database {database['NAME']} has tables"] if not_empty else []
        what += [f"the media folder {media_root} has files"] if media_not_empty else []
        raise BackupError(
            f"Refusing to restore: {' and '.join(what)}. Restore needs an empty database and an empty "
            "media folder; FORCE=1 (--force) deletes what is there first."
        )

    staging_parent = media_root.parent if media_root is not None else archive.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_parent, prefix=".restore-") as work:
        work = Path(work)
        manifest = unpack(archive, work)
        if manifest["engine"] != engine:
            raise BackupError(f"{archive} holds a {manifest['engine']} database but DATABASE_URL points to {engine}.")
        if engine == "postgresql":
            if not_empty:
                pg_empty(database)
            pg_restore(database, work / PG_DUMP)
        else:
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            sqlite_copy(work / SQLITE_COPY, database["NAME"])  # replaces the whole target database

        if media_root is None:
            return manifest
        if media_not_empty:
            for child in media_root.iterdir():  # empties the folder, keeps it (it may be a mount)
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        media_root.mkdir(parents=True, exist_ok=True)
        staged = work / MEDIA
        if staged.is_dir():
            for child in staged.iterdir():
                shutil.move(str(child), str(media_root / child.name))
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write a dated archive of the database and MEDIA_ROOT")
    make.add_argument("--dir", default=os.environ.get("BACKUP_DIR") or "backups", help="folder (default backups/)")
    back = commands.add_parser("restore", help="restore an archive into an empty database and media folder")
    back.add_argument("file")
    back.add_argument("--force", action="store_true", help="empty the database and media folder first")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            archive, manifest = backup(args.dir)
            files = IN_BUCKET if manifest["media_root"] is None else f"{manifest['media_file_count']} media files"
            print(f"Backup written: {archive} ({manifest['engine']}, {files})")
        else:
            manifest = restore(args.file, force=args.force)
            if settings_from_env()[2] is None:
                print(f"Restored {args.file} (taken {manifest['created']}, {manifest['engine']}), {IN_BUCKET}.")
                if manifest["media_file_count"]:
                    print(
                        f"The archive also holds {manifest['media_file_count']} media files, not restored: copy its "
                        "media/ folder into the bucket with an S3 client if they are needed there."
                    )
                return 0
            print(
                f"Restored {args.file} (taken {manifest['created']}, {manifest['engine']}, "
                f"{manifest['media_file_count']} media files); every file matched its SHA-256."
            )
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
