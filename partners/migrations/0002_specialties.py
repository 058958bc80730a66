from django.db import migrations

from partners.reference import SPECIALTIES


def load_specialties(apps, schema_editor):
    Specialty = apps.get_model("partners", "Specialty")
    for code, name, qualification in SPECIALTIES:
        Specialty.objects.get_or_create(code=code, defaults={"name": name, "qualification": qualification})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load_specialties, migrations.RunPython.noop)]
