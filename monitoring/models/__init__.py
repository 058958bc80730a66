"""Models of the monitoring app, a module per subject."""

from .demand import *  # noqa: F403
from .employment import *  # noqa: F403
from .feedback import *  # noqa: F403
from .reports import *  # noqa: F403
from .surveys import *  # noqa: F403
