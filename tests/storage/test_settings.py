"""STORAGE_URL: what each part of the URL becomes, and the mistakes refused at start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership_portal.settings.storage import default_storage_setting, env_storage, parse_storage_url


def test_unset_storage_url_keeps_files_under_media_root(monkeypatch):
    monkeypatch.delenv("STORAGE_URL", raising=False)
    assert env_storage("STORAGE_URL") is None
    assert default_storage_setting(None) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_yandex_url_with_a_folder_and_an_encoded_secret():
    options = parse_storage_url(
        "s3://YCAJE0x1:abc%2Fdef%2Bg@storage.yandexcloud.net/portal-files/college-12?region=ru-central1"
    )
    assert options == {
        "endpoint_url": "https://storage.yandexcloud.net",
        "bucket_name": "portal-files",
        "location": "college-12",
        "region_name": "ru-central1",
        "access_key": "YCAJE0x1",
        "secret_key": "abc/def+g",
        "addressing_style": "path",
    }


def test_a_minio_url_over_plain_http_with_a_port_and_no_keys():
    options = parse_storage_url("s3://10.0.0.5:9000/portal?secure=false&addressing=virtual")
    assert options["endpoint_url"] == "http://10.0.0.5:9000"
    assert (options["bucket_name"], options["location"], options["region_name"]) == ("portal", "", "us-east-1")
    # No keys in the URL: boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an instance role.
    assert (options["access_key"], options["secret_key"], options["addressing_style"]) == (None, None, "virtual")


def test_the_storage_is_private_signed_and_never_overwrites_by_accident():
    setting = default_storage_setting(parse_storage_url("s3://k:s@minio.local:9000/portal?secure=false"))
    assert setting["BACKEND"] == "storages.backends.s3.S3Storage"
    options = setting["OPTIONS"]
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == ("private", True, False)
    config = options["client_config"]
    assert (config.signature_version, config.s3) == ("s3v4", {"addressing_style": "path"})


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://storage.yandexcloud.net/portal", "the scheme must be s3://"),
        ("s3:///portal", "the endpoint host is missing"),
        ("s3://storage.yandexcloud.net", "the bucket name is missing"),
        ("s3://storage.yandexcloud.net/Portal_Files", "is not a bucket name"),
        ("s3://storage.yandexcloud.net/portal?regoin=ru-central1", "unknown parameter regoin"),
        ("s3://storage.yandexcloud.net/portal?secure=maybe", "secure='maybe' is not true or false"),
        ("s3://storage.yandexcloud.net/portal?addressing=dns", "addressing='dns' is not path or virtual"),
        ("s3://key-only@storage.yandexcloud.net/portal", "give both the access key and the secret"),
        ("s3://storage.yandexcloud.net:port/portal", "the port is not a number"),
    ],
)
def test_a_mistake_in_storage_url_stops_the_start_naming_the_variable(monkeypatch, url, problem):
    monkeypatch.setenv("STORAGE_URL", url)
    with pytest.raises(ImproperlyConfigured) as error:
        env_storage("STORAGE_URL")
    assert str(error.value).startswith("Environment variable STORAGE_URL:")
    assert problem in str(error.value)
