"""The meeting protocol: frozen, then rendered (being written)."""


def render_protocol_pdf(meeting_id):
    return False
