"""URLs of the events app: each subject's view module brings its own patterns."""

from .views import calendar, contributions, councils, events, experts

app_name = "events"

urlpatterns = (
    events.urlpatterns + calendar.urlpatterns + experts.urlpatterns + councils.urlpatterns + contributions.urlpatterns
)
