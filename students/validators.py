from __future__ import annotations

from django.core.validators import RegexValidator

# Digits with an optional leading +, and the usual separators people type (spaces,
# dashes, dots, brackets); 7 to 15 digits, E.164's limit.
mobileno_validator = RegexValidator(
    regex=r"^\+?(?:[\s\-.()]*\d){7,15}[\s\-.()]*$",
    message="Enter a mobile number of 7 to 15 digits, optionally starting with +.",
    code="invalid_mobileno",
)

MIN_AGE = 1
MAX_AGE = 150
