# The URL-by-role table gathers this package's url_rows at its end, and the subject row modules import the
# table's names: loading the table first keeps either import order working.
import tests.url_table  # noqa: F401
