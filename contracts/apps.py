from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from partners import card

        from . import card as contracts_card

        card.register_section("contracts", contracts_card.partner_contracts_section, title=_("Contracts"), order=20)
