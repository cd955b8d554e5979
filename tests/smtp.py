"""A real SMTP server on 127.0.0.1 (aiosmtpd) that collects what it receives, and a test mixin
that sends Django's mail to it."""

import logging
import socket
from dataclasses import dataclass
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from django.test import override_settings


@dataclass
class Mail:
    to: list[str]
    subject: str
    text: str
    html: str
    headers: dict[str, str]


class Collector:
    """aiosmtpd's handler: keeps every message, its plain-text and HTML parts decoded."""

    def __init__(self):
        self.mails: list[Mail] = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        self.mails.append(
            Mail(
                to=list(envelope.rcpt_tos),
                subject=str(message["Subject"]),
                text=text.get_content() if text else "",
                html=html.get_content() if html else "",
                headers={key: str(value) for key, value in message.items()},
            )
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nothing listens on (the controller needs a known port to check it started)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_settings(port: int) -> override_settings:
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=5,
    )


class SmtpServerMixin:
    """Starts an SMTP server for the test class and points Django's SMTP backend at it; the
    messages received are in `self.mails`, emptied before each test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        cls.smtp = Collector()
        cls.smtp_controller = Controller(cls.smtp, hostname="127.0.0.1", port=free_port())
        cls.smtp_controller.start()
        cls.addClassCleanup(cls.smtp_controller.stop)
        overridden = smtp_settings(cls.smtp_controller.port)
        overridden.enable()
        cls.addClassCleanup(overridden.disable)

    def setUp(self):
        super().setUp()
        self.smtp.mails.clear()

    @property
    def mails(self) -> list[Mail]:
        return self.smtp.mails

    def mails_to(self, user) -> list[Mail]:
        return [mail for mail in self.mails if user.email in mail.to]
