from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "tthc.organisation"
    verbose_name = "Tổ chức"
