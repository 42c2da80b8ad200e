from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tthc.access"
    verbose_name = "Vai trò và phân quyền"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import logins

        # Every log-in form sends these: failures count per address, success clears the account.
        user_login_failed.connect(logins.on_login_failed, dispatch_uid="tthc.access.logins.failed")
        user_logged_in.connect(logins.on_logged_in, dispatch_uid="tthc.access.logins.succeeded")
