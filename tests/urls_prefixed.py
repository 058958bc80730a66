"""The portal's URLs under a prefix: a second URL configuration for tests that swap ROOT_URLCONF."""

from django.urls import include, path

from partnership_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("mounted/", include(portal_urlpatterns))]
