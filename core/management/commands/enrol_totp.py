from __future__ import annotations

import io
from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Aplicación de autenticación"


class Command(BaseCommand):
    help = (
        "Give a staff member an authenticator app (TOTP) for the second factor of "
        "signing in: prints the QR code and the secret to type in the app. "
        "--replace removes the person's earlier apps (a lost phone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, username: str, replace: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        with transaction.atomic():
            existing = TOTPDevice.objects.filter(user=user)
            if existing.exists() and not replace:
                raise CommandError(
                    f"{username} already has an authenticator app. Use --replace to give a "
                    "new one (the old one stops working)."
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        url = device.config_url
        self.stdout.write(f"Scan this code with the authenticator app of {username}:\n")
        self.stdout.write(_qr(url))
        self.stdout.write(f"Or type this key in the app: {b32encode(device.bin_key).decode()}")
        self.stdout.write(f"Address for the app: {url}")
        if not user.is_staff:
            self.stdout.write(self.style.WARNING(f"{username} is not staff yet."))


def _qr(text: str) -> str:
    import qrcode

    code = qrcode.QRCode(border=2)
    code.add_data(text)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
