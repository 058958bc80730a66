"""`make backup` / `make restore` (scripts/backup.py): a round trip finds every row and every file
byte-identical, and restore refuses a database or media folder that is not empty, or an archive
whose hashes do not match.

The PostgreSQL test works on a scratch database of its own (never the run's test database): it
migrates it and makes the data in subprocesses, as an operator's machine would."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "backup.py"


@pytest.fixture(autouse=True)
def _real_clock_only(request):
    if request.config.getoption("fake_now"):
        pytest.skip("no dates here; the subprocesses keep the real clock anyway")


def portal_env(database_url, media_root):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PORTAL_"))}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), CELERY_BROKER_URL="", DEBUG="true")
    env.pop("SECRET_KEY", None)
    return env


def run(env, *args, check=True):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def backup(env, backup_dir):
    output = run(env, str(SCRIPT), "backup", "--dir", str(backup_dir)).stdout
    archives = sorted(Path(backup_dir).glob("portal-*.tar.gz"))
    assert archives, output
    return archives[-1]


def files_under(folder):
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def archive_manifest(archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        return names, json.load(tar.extractfile("manifest.json"))


# --- PostgreSQL: the real portal, its data and files ---------------------------------------

MAKE_DATA = """
from django.core.files.uploadedfile import SimpleUploadedFile
from contracts import services
from contracts.models import ContractState, ContractType, SignatureKind
from tests.contracts import PDF, contract_of, rendered, sent, signatory_of, today
from tests.factories import PartnerFactory, StaffFactory, ThesisFactory

staff = StaffFactory()
partner = PartnerFactory(name="ООО «Уралмаш-Резерв»")
signatory_of(partner)
contract = sent(contract_of(ContractType.COOPERATION, partner, staff), staff)
contract.refresh_from_db()
if not contract.pdf:
    contract = rendered(contract)
for party in services.required_parties(contract):
    services.signature_record(
        contract=contract, party=party, signer_name="Громов И. О.", signed_on=today(), kind=SignatureKind.SCAN,
        recorded_by=staff, file=SimpleUploadedFile("Скан договора.pdf", PDF + party.encode()),
    )
contract.refresh_from_db()
assert contract.state in (ContractState.SIGNED, ContractState.ACTIVE), contract.state
assert contract.pdf and contract.signatures.exclude(file="").exists()
ThesisFactory(file=SimpleUploadedFile("ВКР Иванов.pdf", PDF + b"thesis"))
"""

SEQUENCES = "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"
TABLES = "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"


def every_row(query):
    """Every table's rows, each as its text form, sorted: a deterministic dump of the database."""
    tables = sorted(query(TABLES))
    return {
        f"{schema}.{table}": query(f'SELECT t::text FROM "{schema}"."{table}" t ORDER BY 1') for schema, table in tables
    }


@pytest.fixture
def scratch_postgres():
    """A database of this test's own on the local server, dropped afterwards."""
    import psycopg2

    db = settings.DATABASES["default"]
    name = f"portal_backup_test_{uuid.uuid4().hex[:12]}"
    server = {"user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"], "port": db["PORT"] or 5432}

    def admin(statement):
        connection = psycopg2.connect(dbname="postgres", **server)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def query(statement):
        connection = psycopg2.connect(dbname=name, **server)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall()
        finally:
            connection.close()

    admin(f'CREATE DATABASE "{name}"')
    credentials = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    url = f"postgres://{credentials}@{db['HOST']}:{server['port']}/{name}"
    try:
        yield url, lambda: admin(f'DROP DATABASE "{name}" WITH (FORCE)') or admin(f'CREATE DATABASE "{name}"'), query
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgres_round_trip_restores_every_row_and_file_byte_identical(scratch_postgres, tmp_path):
    url, recreate_database, query = scratch_postgres
    media = tmp_path / "media"
    env = portal_env(url, media)
    run(env, "manage.py", "migrate", "--noinput", "--verbosity", "0")
    run(env, "manage.py", "shell", "-c", MAKE_DATA)
    rows = every_row(query)
    assert len(rows["public.contracts_signature"]) >= 2 and len(rows["public.partners_partner"]) >= 1
    sequences = query(SEQUENCES)
    files = files_under(media)
    assert {path.split("/")[0] for path in files} >= {"contracts", "practice"}, sorted(files)
    assert any("ВКР" in path for path in files) and sum("Скан" in path for path in files) >= 2, sorted(files)

    archive = backup(env, tmp_path / "backups")
    names, manifest = archive_manifest(archive)
    assert manifest["engine"] == "postgresql" and manifest["media_file_count"] == len(files)
    assert "database.dump" in names and {f"media/{path}" for path in files} <= set(names)

    recreate_database()
    for path in media.iterdir():
        subprocess.run(["rm", "-rf", str(path)], check=True)
    assert query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]

    print(run(env, str(SCRIPT), "restore", str(archive)).stdout)
    assert every_row(query) == rows
    assert query(SEQUENCES) == sequences
    assert files_under(media) == files

    refused = run(env, str(SCRIPT), "restore", str(archive), check=False)
    assert refused.returncode == 2 and "Refusing to restore" in refused.stderr and "has tables" in refused.stderr
    assert files_under(media) == files

    run(env, str(SCRIPT), "restore", str(archive), "--force")
    assert every_row(query) == rows
    assert files_under(media) == files


# --- SQLite: the file of `make run`, copied while a connection holds it open -----------------


def make_sqlite(path):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("CREATE TABLE partner (id INTEGER PRIMARY KEY, name TEXT, logo BLOB)")
    connection.executemany(
        "INSERT INTO partner (name, logo) VALUES (?, ?)",
        [(f"ООО «Партнёр {n}»", bytes(range(n % 256)) * 3) for n in range(500)],
    )
    connection.commit()
    return connection


def sqlite_rows(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT * FROM partner ORDER BY id").fetchall()
    finally:
        connection.close()


def make_media(media):
    files = {
        "contracts/2026/Договор 1-2026-СП.pdf": b"%PDF-1.4 contract",
        "contracts/2026/signatures/scan.pdf": os.urandom(4096),
        "practice/theses/ВКР Иванов.pdf": b"%PDF-1.4 thesis",
        "empty.txt": b"",
    }
    for name, data in files.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    return files


def test_sqlite_round_trip_copies_a_live_database_and_media_byte_identical(tmp_path):
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    live = make_sqlite(database)  # left open in WAL mode: committed rows sit in the -wal file
    files = make_media(media)
    env = portal_env(f"sqlite:///{database}", media)
    rows = sqlite_rows(database)
    try:
        archive = backup(env, tmp_path / "backups")
    finally:
        live.close()
    names, manifest = archive_manifest(archive)
    assert archive.name.startswith("portal-") and manifest["engine"] == "sqlite"
    assert manifest["file_count"] == len(files) + 1 and manifest["media_file_count"] == len(files)
    assert {entry["path"] for entry in manifest["files"]} == {"database.sqlite3"} | {f"media/{n}" for n in files}

    refused = run(env, str(SCRIPT), "restore", str(archive), check=False)
    assert refused.returncode == 2 and "has tables" in refused.stderr and "has files" in refused.stderr

    for path in tmp_path.glob("db.sqlite3*"):
        path.unlink()
    subprocess.run(["rm", "-rf", str(media)], check=True)
    run(env, str(SCRIPT), "restore", str(archive))
    assert sqlite_rows(database) == rows
    assert files_under(media) == files

    # FORCE replaces what is there: rows added and files dropped in since are gone.
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM partner WHERE id > 10")
    connection.close()
    (media / "stray.pdf").write_bytes(b"stray")
    run(env, str(SCRIPT), "restore", str(archive), "--force")
    assert sqlite_rows(database) == rows
    assert files_under(media) == files


def test_restore_refuses_a_tampered_archive_and_writes_nothing(tmp_path):
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    make_sqlite(database).close()
    make_media(media)
    env = portal_env(f"sqlite:///{database}", media)
    archive = backup(env, tmp_path / "backups")

    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "media/practice/theses/ВКР Иванов.pdf":
                data = data.replace(b"thesis", b"THESIS")
            target.addfile(member, io.BytesIO(data))

    database.unlink()
    subprocess.run(["rm", "-rf", str(media)], check=True)
    refused = run(env, str(SCRIPT), "restore", str(tampered), check=False)
    assert refused.returncode == 2, refused.stderr
    assert "hash mismatch: media/practice/theses/ВКР Иванов.pdf" in refused.stderr
    assert not database.exists() and not files_under(media)
    assert not list(tmp_path.glob(".restore-*"))


def test_with_files_in_a_bucket_the_archive_holds_the_database_only_and_says_so(tmp_path):
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    make_sqlite(database).close()
    make_media(media)  # a folder left from before the move to the bucket: not the portal's files now
    env = {**portal_env(f"sqlite:///{database}", media), "STORAGE_URL": "s3://key:secret@127.0.0.1:1/portal-files"}
    rows = sqlite_rows(database)
    output = run(env, str(SCRIPT), "backup", "--dir", str(tmp_path / "backups")).stdout
    assert "database only: the files are in the object storage bucket (STORAGE_URL)" in output
    [archive] = sorted((tmp_path / "backups").glob("portal-*.tar.gz"))
    names, manifest = archive_manifest(archive)
    assert sorted(names) == ["database.sqlite3", "manifest.json"]
    assert (manifest["media_root"], manifest["media_file_count"]) == (None, 0)

    database.unlink()
    subprocess.run(["rm", "-rf", str(media)], check=True)
    restored = run(env, str(SCRIPT), "restore", str(archive)).stdout
    assert "database only" in restored
    assert sqlite_rows(database) == rows
    assert not media.exists()  # restore wrote no files of its own
