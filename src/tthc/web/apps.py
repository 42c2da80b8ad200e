from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tthc.web"
    verbose_name = "Trang web"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from tthc.site.checks import secret_key_messages
        from tthc.site.sessions import session_mark_renewed

        # The site's settings have no app of their own: the first app wires them in.
        checks.register(secret_key_messages, checks.Tags.security, deploy=True)
        user_logged_in.connect(session_mark_renewed, dispatch_uid="tthc.site.sessions")
