"""URLs: feedback."""

urlpatterns = []
