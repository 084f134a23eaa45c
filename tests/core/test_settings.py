from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "gobiernoabierto.example.cl",
    "STATIC_MANIFEST": "true",
    "SECURE_SSL_REDIRECT": "true",
    "STAFF_TWO_FACTOR": "true",
}


def test_the_deploy_check_reports_nothing_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_when_staff_sign_in_with_a_password_alone():
    result = _manage("check", "--deploy", **dict(PRODUCTION, STAFF_TWO_FACTOR="false"))
    assert "core.W001" in result.stderr, result.stderr
    assert "STAFF_TWO_FACTOR is off" in result.stderr


def test_the_deploy_check_warns_about_long_staff_sessions():
    result = _manage("check", "--deploy", **dict(PRODUCTION, STAFF_IDLE_MINUTES="600"))
    assert "core.W003" in result.stderr, result.stderr


def test_production_refuses_to_start_with_the_development_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_starts_with_the_development_secret_key():
    result = _manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_negative_number_of_trusted_proxies_is_refused():
    result = _manage("check", DEBUG="true", TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or a positive number" in result.stderr


def test_collectstatic_writes_hashed_compressed_files(tmp_path):
    env = dict(PRODUCTION, STATIC_ROOT=str(tmp_path))
    result = _manage("collectstatic", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/bootstrap-5.3.9/bootstrap.min.css"]
    assert hashed != "vendor/bootstrap-5.3.9/bootstrap.min.css"
    assert (tmp_path / (hashed + ".gz")).exists()
    # The 500 page links its stylesheet by the plain name, without the manifest.
    assert (tmp_path / "css/error.css").exists()
    assert "css/theme.css" in manifest["paths"]
    assert "vendor/roboto-5.3.0/roboto.css" in manifest["paths"]
    assert "icons/favicon.svg" in manifest["paths"]


def test_templates_load_no_asset_from_another_site():
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        assert "cdn" not in text.lower(), template
        assert 'src="http' not in text and 'href="http' not in text.replace(
            'href="https://www.opengovpartnership.org', ""
        ), template
