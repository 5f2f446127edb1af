"""Deployment safety (等保 入侵防范): production refuses development defaults, `check --deploy` is clean,
security headers are on every response, and no page carries inline script."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "tuijin" / "templates"


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TUIJIN_", "DATABASE_URL"))}
    environment.update(env, TUIJIN_VAR_DIR=str(ROOT / "var" / "deploy-check"))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)


def test_production_refuses_the_default_secret_key():
    result = run_manage("check", TUIJIN_ENV="production")
    assert result.returncode != 0 and "TUIJIN_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run_manage("check", TUIJIN_ENV="production", TUIJIN_DEBUG="1", TUIJIN_SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", TUIJIN_ENV="production",
                        TUIJIN_SECRET_KEY=secrets.token_urlsafe(60), TUIJIN_ALLOWED_HOSTS="tuijin.example.gov.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("path", ["/accounts/login/", "/projects/"])
def test_security_headers_on_every_response(client, db, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_carries_inline_script(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script> (the CSP forbids it): move it to assets/js/"
    assert not INLINE_HANDLER.search(text), "inline on…= handler (the CSP forbids it): use data-* and assets/js/"
