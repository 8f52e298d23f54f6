"""What makes two usernames the same: NFKC, then lower case. ASCII only unless widened.

`canonical_username()` is the one rule: the unique index on lower(username) (the name is stored
NFKC-normalised), every login lookup and every limiter key use it. A name with leading or
trailing whitespace is refused at login (never trimmed into the real account), yet counts
against the real account's allowance.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

_ASCII = re.compile(r"^[A-Za-z0-9@.+_-]+\Z")
_UNICODE = re.compile(r"^[\w.@+-]+\Z")


def canonical_username(name: str) -> str:
    """The form two names must share to be one account: NFKC, then lower case.

    lower(), not casefold(): the database's unique index applies SQL lower() to the stored
    (NFKC) name, and the two must agree.
    """
    return unicodedata.normalize("NFKC", name).lower()


def username_account_key(name: str) -> str:
    """The account a login attempt is counted against: padding never buys a fresh allowance."""
    return canonical_username(name.strip())


@deconstructible
class UsernameValidator:
    """Letters, digits and @.+-_; ASCII letters only unless USERNAME_ALLOW_UNICODE is on.

    ASCII by default: a Cyrillic "\u0430" looks like a Latin "a", and NFKC does not map one to the
    other, so only refusing non-ASCII letters keeps look-alike accounts out. Widening the
    setting accepts any Unicode letters; case and NFKC variants stay refused (by the
    index on PostgreSQL, by the forms' check on SQLite, whose lower() is ASCII-only),
    cross-script look-alikes do not.
    """

    message = "Enter a valid username: letters, digits and @/./+/-/_ only."
    ascii_message = (
        "Enter a valid username: ASCII letters, digits and @/./+/-/_ only "
        "(non-ASCII look-alikes of other names are refused)."
    )
    code = "invalid"

    def __call__(self, value: str) -> None:
        if settings.REGISTRAR["USERNAME_ALLOW_UNICODE"]:
            if not _UNICODE.match(value):
                raise ValidationError(self.message, code=self.code)
        elif not _ASCII.match(value):
            raise ValidationError(self.ascii_message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UsernameValidator)

    def __hash__(self) -> int:
        return hash(type(self))
