"""A real S3-compatible server for the storage tests: moto in server mode, in a process of its own.

The server checks every request's signature against the keys it issued (moto's IAM mode, on
from the fourth request: the first three create the portal's user, its policy and its key), so
a request without a signature, or signed with a wrong secret, is refused as by a cloud storage.
"""

import contextlib
import functools
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import quote

import boto3
from botocore.config import Config

from tests.celery_worker import die_with_parent, stop_group

REGION = "ru-central1"
# The IAM calls that make the portal's user, policy and key go through without signatures.
UNSIGNED_SETUP_REQUESTS = 3


@dataclass
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    process: subprocess.Popen

    def client(self, *, secret_key=None):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def storage_url(self, bucket):
        """STORAGE_URL of ``bucket`` on this server, as an operator would write it."""
        host = self.endpoint.removeprefix("http://")
        return f"s3://{quote(self.access_key, safe='')}:{quote(self.secret_key, safe='')}@{host}/{bucket}?region={REGION}&secure=false"

    def new_private_bucket(self):
        """A bucket of its own for one test: private ACL, every kind of public access blocked."""
        name = f"portal-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=name, ACL="private", CreateBucketConfiguration={"LocationConstraint": REGION})
        client.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        return name

    def keys(self, bucket):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def read(self, bucket, key):
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(endpoint, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the S3 server exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the S3 server did not start within a minute")


def create_portal_key(endpoint):
    """The portal's IAM user with every S3 right, and its access key (the unsigned setup calls)."""
    iam = boto3.client(
        "iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup"
    )
    iam.create_user(UserName="portal")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    iam.put_user_policy(UserName="portal", PolicyName="portal-files", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="portal")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


@contextlib.contextmanager
def running_s3_server(log_path=None):
    """Yields an ``S3Server`` on a free port of 127.0.0.1; stops it (and its process group) after."""
    port = free_port()
    env = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(UNSIGNED_SETUP_REQUESTS)}
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.pop(name, None)
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_listening(endpoint, process)
        access_key, secret_key = create_portal_key(endpoint)
        yield S3Server(endpoint=endpoint, access_key=access_key, secret_key=secret_key, process=process)
    finally:
        stop_group(process, timeout=10)
        log.close()
