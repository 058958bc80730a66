from django.urls import path

from .views import autocomplete, contacts, imports, interactions, invitations, profile, register, requests

app_name = "partners"

urlpatterns = [
    # The register (staff)
    path("", register.partner_list, name="list"),
    path("export/<str:fmt>/", register.partner_export, name="export"),
    path("autocomplete/", autocomplete.partner_autocomplete, name="autocomplete"),
    path("autocomplete/current/", autocomplete.partner_autocomplete, {"scope": "current"}, name="autocomplete_current"),
    path("autocomplete/active/", autocomplete.partner_autocomplete, {"scope": "active"}, name="autocomplete_active"),
    path("contacts/autocomplete/", autocomplete.contact_autocomplete, name="contact_autocomplete"),
    path(
        "contacts/autocomplete/signatories/",
        autocomplete.contact_autocomplete,
        {"scope": "signatories"},
        name="signatory_autocomplete",
    ),
    path("new/", register.partner_create, name="create"),
    path("<int:pk>/", register.partner_detail, name="detail"),
    path("<int:pk>/sections/<slug:key>/", register.partner_card_section, name="card_section"),
    path("<int:pk>/edit/", register.partner_edit, name="edit"),
    path("<int:pk>/history/", register.partner_history, name="history"),
    # Contacts and accounts
    path("<int:partner_pk>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/invite/", contacts.contact_invite, name="contact_invite"),
    path(
        "accounts/<int:user_pk>/deactivate/", contacts.account_set_active, {"active": False}, name="account_deactivate"
    ),
    path("accounts/<int:user_pk>/activate/", contacts.account_set_active, {"active": True}, name="account_activate"),
    # Invitations
    path("invitations/", invitations.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/revoke/", invitations.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", invitations.invitation_resend, name="invitation_resend"),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    # Interactions and follow-ups (staff)
    path("<int:partner_pk>/interactions/new/", interactions.interaction_create, name="interaction_create"),
    path("interactions/<int:pk>/edit/", interactions.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/done/", interactions.follow_up_done, name="follow_up_done"),
    path("follow-ups/", interactions.follow_up_list, name="follow_up_list"),
    # Import
    path("import/", imports.import_start, name="import_start"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_detail, name="import_detail"),
    # Requisites change requests
    path("requests/", requests.change_request_list, name="change_request_list"),
    path("requests/<int:pk>/", requests.change_request_detail, name="change_request_detail"),
    path("requests/<int:pk>/withdraw/", requests.change_request_withdraw, name="change_request_withdraw"),
    # The employer's own organisation
    path("profile/", profile.profile, name="profile"),
    path("profile/requisites/", profile.requisites_request, name="requisites_request"),
    path("profile/invite/", profile.colleague_invite, name="colleague_invite"),
]
