"""The bench's URLconf (ROOT_URLCONF in the bench process only): the portal's URLs and the bare views."""

from partnership_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from partnership_portal.urls import urlpatterns as portal_urlpatterns

from .bare import urlpatterns as bare_urlpatterns

urlpatterns = bare_urlpatterns + portal_urlpatterns
