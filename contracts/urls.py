from django.urls import path

from .views import acts, batches, contracts, obligations, signatures

app_name = "contracts"

urlpatterns = [
    # Contracts (staff prepare them; an employer sees its organisation's once they left the draft)
    path("", contracts.contract_list, name="list"),
    path("new/", contracts.contract_create, name="create"),
    path("<int:pk>/", contracts.contract_detail, name="detail"),
    path("<int:pk>/edit/", contracts.contract_edit, name="edit"),
    path("<int:pk>/amend/", contracts.amendment_create, name="amend"),
    path("<int:pk>/state/", contracts.contract_transition, name="transition"),
    path("<int:pk>/pdf/", contracts.contract_pdf, name="pdf"),
    path("<int:pk>/pdf/status/", contracts.contract_pdf_status, name="pdf_status"),  # polled by the card
    path("<int:pk>/act/", acts.contract_act, name="act"),  # priced contracts: the acceptance act
    # Signatures
    path("<int:pk>/signatures/new/", signatures.signature_create, name="signature_create"),
    path("signatures/<int:pk>/file/", signatures.signature_file, name="signature_file"),
    # Batches of tripartite contracts for a practice period (staff)
    path("batches/new/<int:period_pk>/", batches.batch_create, name="batch_create"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/progress/", batches.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/zip/", batches.batch_zip, name="batch_zip"),
    # Targeted-training obligations
    path("obligations/", obligations.obligation_list, name="obligation_list"),
    path("obligations/<int:pk>/edit/", obligations.obligation_edit, name="obligation_edit"),
]
