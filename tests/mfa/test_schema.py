import io

import pytest
import yaml
from django.core.management import call_command

OPERATIONS = {
    "/api/auth/password-reset/": {"post"},
    "/api/auth/password-reset/confirm/": {"post"},
    "/api/auth/verify-email/": {"post"},
    "/api/auth/verify-email/resend/": {"post"},
    "/api/auth/api-keys/": {"get", "post"},
    "/api/auth/api-keys/{id}/": {"delete"},
    "/api/auth/mfa/totp/": {"get", "post", "delete"},
    "/api/auth/mfa/totp/confirm/": {"post"},
    "/api/auth/mfa/recovery-codes/": {"post"},
}


@pytest.mark.django_db
def test_the_schema_documents_every_account_recovery_and_two_factor_operation():
    out = io.StringIO()
    call_command("spectacular", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    paths = schema["paths"]

    for path, methods in OPERATIONS.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            operation = paths[path][method]
            assert operation.get("summary") or operation.get("description"), (path, method)
    assert "otp" in schema["components"]["schemas"]["LoginRequest"]["properties"]
