"""What `make load` asks for: the pages of a staff member's and an employer's day, with weights.

Kept apart from the locustfile (which imports gevent) so that a test can request every URL of the
mix with the Django test client. ``{partner}`` is a partner's primary key, ``{word}`` a search word.
"""

STAFF_USERS = 40
EMPLOYER_USERS = 10
THINK_TIME = (1, 3)  # seconds between two requests of one user

STAFF_MIX = [
    (4, "staff dashboard", "/"),
    (3, "partner list", "/partners/"),
    (2, "partner search", "/partners/?q={word}"),
    (3, "partner card", "/partners/{partner}/"),
    (2, "contract list", "/contracts/"),
    (1, "contract search", "/contracts/?q={word}"),
    (2, "thesis list", "/practice/theses/"),
    (1, "thesis search", "/practice/theses/?q={word}"),
    (1, "period list", "/practice/periods/"),
    (1, "offer list", "/practice/offers/"),
    (1, "internship list", "/practice/internships/"),
    (1, "event list", "/events/"),
    (1, "indicator dashboard", "/monitoring/"),
]
EMPLOYER_MIX = [
    (4, "employer dashboard", "/"),
    (2, "employer's students", "/practice/my-students/"),
    (2, "employer's contracts", "/contracts/"),
    (1, "employer's offers", "/practice/offers/"),
    (1, "theses to review", "/practice/theses/"),
    (1, "employer's events", "/events/"),
    (1, "employer profile", "/partners/profile/"),
]
# What a browser asks for right after a page: the partner card's sections (htmx, on load).
CARD_SECTIONS = ["practice", "contracts", "events", "councils", "contributions", "demand"]
FOLLOW_UPS = {
    "partner card": [("partner card section", f"/partners/{{partner}}/sections/{key}/") for key in CARD_SECTIONS],
}
SEARCH_WORDS = ["урал", "сервис", "энерго", "тагил", "иванов", "петров"]
