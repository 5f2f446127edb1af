"""Calling the API as each role of the shared cast (tests/conftest.py), by token or by session."""

import json

import pytest

from tuijin.api import tokens


class ApiClient:
    """The Django test client speaking JSON to /api/v1/, with a bearer token unless `token` is None."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, method: str, path: str, body=None, **params):
        url = f"/api/v1/{path.lstrip('/')}"
        call = getattr(self.client, method)
        if method == "get":
            return call(url, params, headers=self.headers)
        return call(url, json.dumps(body or {}), content_type="application/json", headers=self.headers)

    def get(self, path, **params):
        return self._send("get", path, **params)

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)

    def put(self, path, body=None):
        return self._send("put", path, body)


@pytest.fixture
def token_for(db):
    def make(user, days: int = tokens.DEFAULT_DAYS) -> str:
        _token, raw = tokens.token_create(actor=user, user=user, name="测试脚本", days=days)
        return raw

    return make


@pytest.fixture
def api_as(client, token_for):
    """api_as(user) → an ApiClient authenticated by a fresh token of `user`."""

    def make(user) -> ApiClient:
        return ApiClient(client, token_for(user))

    return make


def assert_error(response, status: int, code: str) -> dict:
    """The one error shape: code, a Chinese message, fields."""
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert body["message"] and isinstance(body["fields"], dict)
    return body
