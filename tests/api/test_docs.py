"""The OpenAPI document and the docs page: for signed-in users and tokens; Swagger UI from the app's own static
files, under the site's CSP (no CDN, no inline script)."""

import re

from django.contrib.staticfiles import finders

from .conftest import assert_error


def test_the_docs_page_loads_swagger_from_the_apps_own_static_files(login, coordinator_user):
    response = login(coordinator_user).get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    assert all(finders.find(src.removeprefix("/static/")) for src in sources)
    assert "http://" not in page and "https://" not in page  # nothing from a CDN


def test_the_docs_page_has_no_inline_script_and_keeps_the_sites_csp(login, coordinator_user):
    response = login(coordinator_user).get("/api/v1/docs")
    for tag, _content in re.findall(r"(<script[^>]*>)(.*?)</script>", response.content.decode(), re.S):
        assert 'src="' in tag or 'type="application/json"' in tag, tag  # data, never code
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_the_openapi_document_is_for_signed_in_callers(client, api_as, coordinator_user):
    assert_error(client.get("/api/v1/openapi.json"), 401, "unauthenticated")
    document = api_as(coordinator_user).get("openapi.json").json()
    assert document["openapi"].startswith("3.") and "/api/v1/projects" in document["paths"]
    error = document["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "fields"}


def test_every_operation_documents_the_error_shape(api_as, coordinator_user):
    document = api_as(coordinator_user).get("openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "409", "422"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_the_api_root_leads_to_the_docs(login, coordinator_user):
    response = login(coordinator_user).get("/api/v1/")
    assert response.status_code == 302 and response["Location"].endswith("/api/v1/docs")


def test_the_docs_page_gives_swagger_the_csrf_token_for_session_writes(login, coordinator_user):
    page = login(coordinator_user).get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in page
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', page)


def test_no_two_api_schemas_share_a_name():
    """django-ninja names each OpenAPI component after its Schema class: two classes of one name in two domains
    become one component, and one domain's answers are documented (and checked) with the other's shape."""
    import importlib

    from ninja import Schema

    from tuijin.api.routers import ROUTERS

    for router in ROUTERS:
        importlib.import_module(router.rsplit(".", 1)[0])
    seen: dict[str, str] = {}
    clashes = []

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("tuijin."):
                if sub.__name__ in seen and seen[sub.__name__] != sub.__module__:
                    clashes.append(f"{sub.__name__}: {seen[sub.__name__]} and {sub.__module__}")
                seen.setdefault(sub.__name__, sub.__module__)
            walk(sub)

    walk(Schema)
    assert clashes == []
