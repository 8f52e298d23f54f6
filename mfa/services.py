"""Writes for two-factor: enrolment, codes, turning it off, and checking a code at login.

TOTP (RFC 6238) comes from pyotp; this module only decides which time steps to accept and
remembers the last one used, so that a code works once.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit import services as audit_services
from audit.models import AuditEntry
from mfa.models import RecoveryCode, TOTPDevice

RECOVERY_CODE_COUNT = 10
# 16 characters of base32: 80 bits, too many to guess even with the digest in hand.
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
# The codes of the step before and after the current one are accepted too: clocks drift.
VALID_WINDOW = 1

ALREADY_ON = "Two-factor is already on. Turn it off first to enrol a new authenticator."
NOT_ENROLLING = "Start enrolment first: POST /api/auth/mfa/totp/."
NOT_ON = "Two-factor is not on for this account."
WRONG_CODE = "That code is not correct, or has already been used."
WRONG_PASSWORD = "The password is not correct."  # noqa: S105 (a message)


def _user_flag_set(*, user: Any, enabled: bool) -> None:
    if user.mfa_enabled != enabled:
        user.mfa_enabled = enabled
        user.save(update_fields=["mfa_enabled"])


def user_mfa_flag_sync(*, user_id: int) -> None:
    """After a device went by another path (the admin, a cascade), the user's flag follows."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        active = TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()
        _user_flag_set(user=user, enabled=active)


def _totp(device: TOTPDevice) -> pyotp.TOTP:
    return pyotp.TOTP(device.secret)


def provisioning_uri(*, device: TOTPDevice) -> str:
    """The otpauth:// URI authenticator apps read (from the QR code or typed in)."""
    return _totp(device).provisioning_uri(
        name=device.user.get_username(), issuer_name=settings.MFA_ISSUER
    )


def qr_code_data_uri(*, uri: str) -> str:
    """The URI as a QR code: an SVG image in a data: URI, ready for an <img src>."""
    svg = segno.make(uri, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _matching_step(device: TOTPDevice, code: str) -> int | None:
    """The time step whose code `code` is, within the window; None if none matches."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = _totp(device)
    now = totp.timecode(timezone.now())
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _recovery_digest(code: str) -> str:
    return salted_hmac("mfa.recovery-code", _normalise(code), algorithm="sha256").hexdigest()


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def totp_enrolment_start(*, user: Any) -> TOTPDevice:
    """A new secret for the user, not yet active: a code from it must confirm it first."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.confirmed:
            raise ValidationError(ALREADY_ON, code="mfa_already_on")
        device, _ = TOTPDevice.objects.update_or_create(
            user=user,
            defaults={
                "secret": pyotp.random_base32(),
                "created": timezone.now(),
                "confirmed": False,
                "last_used_step": None,
            },
        )
    return device


def _recovery_codes_replace(*, user: Any) -> list[str]:
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_recovery_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def totp_enrolment_confirm(*, user: Any, code: str) -> list[str]:
    """Activate the authenticator with one of its codes; the new recovery codes, shown once."""
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        raise ValidationError(NOT_ENROLLING, code="mfa_not_enrolling")
    if device.confirmed:
        raise ValidationError(ALREADY_ON, code="mfa_already_on")
    step = _matching_step(device, _normalise(code))
    if step is None:
        raise ValidationError({"code": [WRONG_CODE]})
    device.confirmed = True
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed", "confirmed_at", "last_used_step"])
    _user_flag_set(user=user, enabled=True)
    codes = _recovery_codes_replace(user=user)
    audit_services.audit_account_event_record(action=AuditEntry.Action.MFA_ENABLED, user=user)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """A new set of recovery codes; every earlier one stops working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(NOT_ON, code="mfa_not_on")
    codes = _recovery_codes_replace(user=user)
    audit_services.audit_account_event_record(action=AuditEntry.Action.RECOVERY_RENEWED, user=user)
    return codes


@transaction.atomic
def mfa_code_verify(*, user: Any, code: str) -> bool:
    """Accept a current TOTP code or an unused recovery code, each once; False otherwise.

    The device row is locked, so two requests with one code cannot both pass.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not isinstance(code, str) or "\x00" in code:
        return False
    code = _normalise(code)
    step = _matching_step(device, code)
    if step is not None:
        if device.last_used_step is not None and step <= device.last_used_step:
            return False  # replayed, or older than a code already used
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return True
    used = RecoveryCode.objects.filter(
        user=user, digest=_recovery_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if not used:
        return False
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    audit_services.audit_account_event_record(
        action=AuditEntry.Action.RECOVERY_USED,
        user=user,
        changes={"recovery_codes_left": [left + 1, left]},
    )
    return True


@transaction.atomic
def totp_disable(*, user: Any, password: str, code: str) -> None:
    """Turn two-factor off: the password and a current code (or a recovery code) are needed."""
    if not user.mfa_enabled:
        raise ValidationError(NOT_ON, code="mfa_not_on")
    if not user.check_password(password):
        raise ValidationError({"password": [WRONG_PASSWORD]})
    if not mfa_code_verify(user=user, code=code):
        raise ValidationError({"code": [WRONG_CODE]})
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    _user_flag_set(user=user, enabled=False)
    audit_services.audit_account_event_record(action=AuditEntry.Action.MFA_DISABLED, user=user)


OTP_REQUIRED = (
    "This account uses two-factor authentication: send the code from the authenticator app, "
    'or a recovery code, as "otp" beside the username and password.'
)


def login_second_factor_check(*, user: Any, otp: str) -> None:
    """After a correct password: a user with two-factor must also give a good code.

    Users without two-factor pass unchanged, whatever `otp` holds.
    """
    from mfa.selectors import user_has_mfa

    if not user_has_mfa(user=user):
        return
    if not otp:
        raise ValidationError({"otp": [OTP_REQUIRED]}, code="otp_required")
    if not mfa_code_verify(user=user, code=otp):
        raise ValidationError({"otp": [WRONG_CODE]}, code="otp_wrong")
