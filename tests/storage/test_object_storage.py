"""Files in a private bucket of a real S3-compatible server: a thesis uploaded and downloaded
through the views, a contract PDF rendered by a real worker, the batch ZIP built from the bucket,
another organisation's 404, and a direct object URL refused without a signature."""

import io
import urllib.error
import urllib.request
import zipfile
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractBatch, ContractType
from practice.models import Thesis
from practice.services import theses as thesis_services
from tests.celery_worker import consumer_paused, running_worker, tasks_sent_to_broker
from tests.contracts import contract_of, pdf_text, rendered, sent, signatory_of
from tests.factories import PlacementFactory, PracticePeriodFactory, StudentFactory
from tests.helpers import wait_until
from tests.storage.conftest import files_under

# A real PDF's first bytes and a body that is not all ASCII, so a byte lost on the way shows.
THESIS = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n" + bytes(range(256)) * 64 + b"\ntrailer <<>>\n%%EOF\n"


def streamed(response):
    return b"".join(response.streaming_content)


def test_a_thesis_uploaded_through_the_page_lands_in_the_bucket_and_downloads_byte_for_byte(
    bucket, settings, client, staff, employer_a, employer_b
):
    client.force_login(staff)
    response = client.post(
        reverse("practice:thesis_create"),
        {
            "student": StudentFactory().pk,
            "topic": "Проектирование участка механической обработки",
            "defence_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "reviewer": employer_a.contact.pk,
            "review_due": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "file": SimpleUploadedFile("diploma.pdf", THESIS, content_type="application/pdf"),
        },
    )
    thesis = Thesis.objects.get()
    assert response["Location"] == reverse("practice:thesis_detail", args=[thesis.pk])
    assert bucket.keys() == [thesis.file.name]
    assert bucket.read(thesis.file.name) == THESIS
    assert files_under(settings.MEDIA_ROOT) == []

    url = reverse("practice:thesis_file", args=[thesis.pk])
    for user in (staff, employer_a):  # staff, and the employer who reviews it
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert streamed(download) == THESIS
    client.force_login(employer_b)  # another organisation: as if there were no such thesis
    assert client.get(url).status_code == 404
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_file_missing_from_the_bucket_is_a_404_not_a_500(bucket, client, staff, employer_a):
    client.force_login(staff)
    thesis = Thesis.objects.create(student=StudentFactory(), topic="Тема", reviewer=employer_a.contact)
    thesis.file.save("thesis.pdf", ContentFile(THESIS), save=True)
    bucket.server.client().delete_object(Bucket=bucket.name, Key=thesis.file.name)
    assert client.get(reverse("practice:thesis_file", args=[thesis.pk])).status_code == 404


def test_a_contract_pdf_rendered_again_replaces_its_object_under_the_same_name(bucket, staff, partner_a):
    contract = rendered(sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff))
    first = bucket.read(contract.pdf.name)
    assert contract.pdf.name.endswith(f"/contract-{contract.pk}.pdf") and bucket.keys() == [contract.pdf.name]
    # Rendered again over a half-written object (as after an interrupted run): the same stable
    # name, one object, the whole PDF again.
    bucket.server.client().put_object(Bucket=bucket.name, Key=contract.pdf.name, Body=b"%PDF-1.7 cut sh")
    Contract.objects.filter(pk=contract.pk).update(pdf_hash="")
    again = rendered(contract)
    assert (again.pdf.name, again.render_count) == (contract.pdf.name, 2)
    assert bucket.keys() == [contract.pdf.name]
    assert bucket.read(again.pdf.name) == first  # the same snapshot renders the same bytes


def test_a_new_thesis_file_never_overwrites_the_old_one_before_the_commit(
    bucket, staff, django_capture_on_commit_callbacks
):
    thesis = thesis_services.thesis_create(
        student=StudentFactory(), topic="Тема", created_by=staff, file=SimpleUploadedFile("a.pdf", THESIS)
    )
    old_name = thesis.file.name
    with django_capture_on_commit_callbacks(execute=True):
        thesis = thesis_services.thesis_upload_file(
            thesis=thesis, file=SimpleUploadedFile("b.pdf", THESIS + b"% v2\n"), uploaded_by=staff
        )
    # A taken name gets a suffix (file_overwrite is off), and the old object goes after the commit.
    assert thesis.file.name != old_name
    assert bucket.keys() == [thesis.file.name]
    assert bucket.read(thesis.file.name) == THESIS + b"% v2\n"


def test_the_batch_zip_is_built_from_the_pdfs_in_the_bucket(
    bucket, settings, client, staff, partner_a, partner_b, django_capture_on_commit_callbacks
):
    signatory_of(partner_a)
    signatory_of(partner_b, last_name="Лебедева", first_name="Ирина", middle_name="Сергеевна")
    period = PracticePeriodFactory(start_date=timezone.localdate(), end_date=timezone.localdate() + timedelta(days=30))
    for partner in (partner_a, partner_b):
        PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=partner)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):  # the renders run in-process, into the bucket
        client.post(reverse("contracts:batch_create", args=[period.pk]), {})
    batch = ContractBatch.objects.get()
    contracts = list(batch.contracts.order_by("seq"))
    assert len(contracts) == 2 and all(contract.pdf_ready for contract in contracts)
    assert bucket.keys() == sorted(contract.pdf.name for contract in contracts)
    assert files_under(settings.MEDIA_ROOT) == []

    archive = zipfile.ZipFile(io.BytesIO(streamed(client.get(reverse("contracts:batch_zip", args=[batch.pk])))))
    assert sorted(archive.namelist()) == sorted(f"{contract.number.replace('/', '-')}.pdf" for contract in contracts)
    for contract in contracts:
        data = archive.read(f"{contract.number.replace('/', '-')}.pdf")
        assert data == bucket.read(contract.pdf.name)
        assert contract.number in pdf_text(data)
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_direct_object_url_without_a_signature_is_refused(bucket, s3_server):
    name = default_storage.save("contracts/1/contract-1.pdf", ContentFile(b"%PDF-1.7 secret terms"))
    assert bucket.read(name) == b"%PDF-1.7 secret terms"  # the portal's key reads it
    object_url = f"{s3_server.endpoint}/{bucket.name}/{name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(object_url, timeout=10)
    assert refused.value.code == 403
    assert b"secret terms" not in refused.value.read()
    # Nor is the bucket's list of names open to anyone (moto answers an unsigned listing with a
    # 500 in this mode, where a cloud storage answers 403: refused either way).
    with pytest.raises(urllib.error.HTTPError) as listing:
        urllib.request.urlopen(f"{s3_server.endpoint}/{bucket.name}/", timeout=10)
    assert listing.value.code in (403, 500)
    assert name.encode() not in listing.value.read()
    # A request signed with a wrong secret is refused too: the server checks signatures.
    with pytest.raises(ClientError) as forged:
        s3_server.client(secret_key="not-the-secret").get_object(Bucket=bucket.name, Key=name)
    assert forged.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    # The object's ACL grants nobody but its owner.
    grants = s3_server.client().get_object_acl(Bucket=bucket.name, Key=name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_health_reports_the_bucket_and_leaves_no_probe_in_it(bucket, client, settings, db):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == {"ok": True, "backend": "s3"}
    assert bucket.keys() == []


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_a_contract_pdf_rendered_by_a_real_worker_is_downloaded_from_the_bucket(
    celery_worker, bucket, settings, client, staff, partner_a, employer_a, employer_b, tmp_path
):
    worker_media = tmp_path / "worker-media"
    worker_media.mkdir()
    env = {"PORTAL_TEST_STORAGE_URL": bucket.url, "MEDIA_ROOT": str(worker_media)}
    # A worker of this test's own, on the bucket; the shared one waits meanwhile.
    with (
        consumer_paused(celery_worker),
        tasks_sent_to_broker(),
        running_worker(extra_env=env, log_path=tmp_path / "worker.log"),
    ):
        contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)  # queued on commit

        def rendered():
            return Contract.objects.filter(pk=contract.pk, render_count=1, pdf_hash=contract.snapshot_hash).first()

        contract = wait_until(rendered, timeout=90, message="the worker did not render the contract PDF")
    assert bucket.keys() == [contract.pdf.name]
    assert files_under(worker_media) == [] and files_under(settings.MEDIA_ROOT) == []

    url = reverse("contracts:pdf", args=[contract.pk])
    client.force_login(employer_a)
    download = client.get(url)
    assert download.status_code == 200
    data = streamed(download)
    assert data.startswith(b"%PDF-") and data == bucket.read(contract.pdf.name)
    assert contract.number in pdf_text(data)
    client.force_login(employer_b)
    assert client.get(url).status_code == 404
    contract.refresh_from_db()
    assert contract.render_count == 1  # served as the worker made it, not rendered again here
