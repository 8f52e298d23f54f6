import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_builds_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_schema_documents_all_five_authentication_schemes():
    import yaml

    out = io.StringIO()
    call_command("spectacular", stdout=out)
    schema = yaml.safe_load(out.getvalue())

    schemes = schema["components"]["securitySchemes"]
    assert set(schemes) == {"tokenAuth", "apiKeyAuth", "basicAuth", "cookieAuth", "remoteUserAuth"}
    secure = schema["paths"]["/api/secure/"]["get"]["security"]
    assert {name for requirement in secure for name in requirement} == set(schemes)
    for path in ["/api/auth/logout/", "/api/auth/logout-all/", "/api/auth/password/"]:
        assert path in schema["paths"]
    assert (
        "/api/auth/tokens/{id}/" in schema["paths"] or "/api/auth/tokens/{pk}/" in schema["paths"]
    )
