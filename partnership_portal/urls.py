from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from monitoring.views import dashboard as monitoring_dashboard

from . import views

admin.site.site_header = _("Partnership portal administration")
admin.site.site_title = _("Partnership portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", monitoring_dashboard.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; not permanent: the static name may change.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg")), name="favicon"),
    path("accounts/", include("partnership_portal.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("partners/", include("partners.urls")),
    path("practice/", include("practice.urls")),
    path("contracts/", include("contracts.urls")),
    path("events/", include("events.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "partnership_portal.views.bad_request"
handler403 = "partnership_portal.views.permission_denied"
handler404 = "partnership_portal.views.page_not_found"
handler500 = "partnership_portal.views.server_error"
