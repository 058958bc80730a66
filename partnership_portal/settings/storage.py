"""Where stored files live: the local MEDIA_ROOT, or a private bucket of an S3-compatible object
storage (Yandex Object Storage, VK Cloud, MinIO, AWS) when ``STORAGE_URL`` is set.

    STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@storage.yandexcloud.net/portal-files?region=ru-central1
    STORAGE_URL=s3://minio:minio-secret@10.0.0.5:9000/portal-files/college-a?secure=false

- the host (and port) is the S3 endpoint; ``https`` unless ``secure=false``;
- the first path segment is the bucket, the rest (optional) a folder inside it for this portal;
- the key and secret are percent-encoded (a ``/`` in a secret is ``%2F``); left out, boto3 reads
  ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (or an instance role) instead;
- ``region`` (default ``us-east-1``; Yandex and VK: ``ru-central1``, ``ru-msk``), ``addressing``
  (``path``, the default, works with MinIO and every cloud; ``virtual`` for bucket-name hosts).

Every web and worker host must have the same value: a worker renders a PDF into the bucket and
any web process serves it (README, "Several hosts").
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
QUERY_KEYS = {"region", "secure", "addressing"}
# Uploads above this many bytes are sent in parts; reads above it spool to a temporary file.
SPOOL_BYTES = 5 * 1024 * 1024


def _fail(name, problem):
    raise ImproperlyConfigured(
        f"Environment variable {name}: {problem} Expected s3://KEY:SECRET@host[:port]/bucket[/folder]"
        "[?region=...&secure=true|false&addressing=path|virtual]."
    )


def _flag(name, raw, key):
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    return _fail(name, f"{key}={raw!r} is not true or false.")


def env_storage(name="STORAGE_URL"):
    """The ``OPTIONS`` of the S3 storage backend read from ``name``, or None when it is unset."""
    value = env_str(name, None)
    return None if value is None else parse_storage_url(value, name=name)


def parse_storage_url(value, *, name="STORAGE_URL"):
    """The ``OPTIONS`` of the S3 storage backend for a STORAGE_URL ``value``. Fails with
    ``ImproperlyConfigured`` (naming the variable ``name``) on anything it does not understand."""
    parts = urlsplit(value)
    if parts.scheme != "s3":
        _fail(name, f"the scheme must be s3://, got {parts.scheme!r}.")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        _fail(name, "the port is not a number.")
    if not host:
        _fail(name, "the endpoint host is missing.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        _fail(name, "the bucket name is missing.")
    bucket, folder = segments[0], "/".join(segments[1:])
    if not (3 <= len(bucket) <= 63) or not all(c.islower() or c.isdigit() or c in ".-" for c in bucket):
        _fail(name, f"{bucket!r} is not a bucket name (3-63 lower-case letters, digits, dots and hyphens).")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - QUERY_KEYS
    if unknown:
        _fail(name, f"unknown parameter {', '.join(sorted(unknown))}.")
    option = {key: values[-1] for key, values in query.items()}
    secure = _flag(name, option["secure"], "secure") if "secure" in option else True
    addressing = option.get("addressing", "path")
    if addressing not in {"path", "virtual"}:
        _fail(name, f"addressing={addressing!r} is not path or virtual.")
    access_key = unquote(parts.username) if parts.username else None
    secret_key = unquote(parts.password) if parts.password else None
    if bool(access_key) != bool(secret_key):
        _fail(name, "give both the access key and the secret (KEY:SECRET@), or neither.")
    netloc = f"[{host}]" if ":" in host else host
    return {
        "endpoint_url": f"{'https' if secure else 'http'}://{netloc}{f':{port}' if port else ''}",
        "bucket_name": bucket,
        "location": folder,
        "region_name": option.get("region") or "us-east-1",
        "access_key": access_key,
        "secret_key": secret_key,
        "addressing_style": addressing,
    }


def default_storage_setting(options):
    """``STORAGES["default"]``: the local MEDIA_ROOT, or the private bucket of ``options``."""
    if options is None:
        return dict(FILESYSTEM)
    from botocore.config import Config

    options = dict(options)
    addressing = options.pop("addressing_style")
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            **options,
            # Objects are private: nobody reads them but the portal, whose views check the
            # permission and stream the file. A URL the storage might hand out is signed and short.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            # A taken name gets a suffix, as on a local disk: an upload never replaces a file by
            # accident. Documents re-rendered in place delete their old file first
            # (partnership_portal/files.py), so they keep their stable name.
            "file_overwrite": False,
            "max_memory_size": SPOOL_BYTES,
            "client_config": Config(
                signature_version="s3v4",
                s3={"addressing_style": addressing},
                # An unreachable storage fails a request in seconds (and /healthz says so).
                connect_timeout=3,
                read_timeout=30,
                retries={"mode": "standard", "total_max_attempts": 3},
                # Checksums only where S3 requires them: newer boto3 adds them to every upload by
                # default, which several S3-compatible services refuse.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }
