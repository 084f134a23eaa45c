"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1), recording what it accepts."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections import Counter, defaultdict
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class RecordingHandler:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.per_recipient: Counter[str] = Counter()
        self.keep_messages = True
        # Replies to give a recipient's messages before accepting one, in order
        # (e.g. ["421 try later"] once, or ["550 no such user"] * 99).
        self.replies: dict[str, list[str]] = defaultdict(list)
        # Stall the next MAIL command once this many messages were accepted.
        self.pause_after: int | None = None
        self.paused = threading.Event()
        self.resume = threading.Event()

    @property
    def count(self) -> int:
        return sum(self.per_recipient.values())

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.pause_after is not None and self.count >= self.pause_after:
            self.paused.set()
            while not self.resume.is_set():
                await asyncio.sleep(0.01)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for recipient in envelope.rcpt_tos:
                if self.replies[recipient]:
                    return self.replies[recipient].pop(0)
            for recipient in envelope.rcpt_tos:
                self.per_recipient[recipient] += 1
            if self.keep_messages:
                self.messages.append(
                    message_from_bytes(envelope.original_content, policy=policy.default)
                )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="smtp_server")
def smtp_server_fixture(settings):
    """A local SMTP server; the settings send the portal's e-mail to it."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield handler
    finally:
        handler.resume.set()
        controller.stop()
