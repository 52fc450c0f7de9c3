"""The web app: one FastAPI application over the archive, its API under ``/api/`` and its pages.

:func:`create_app` opens (and migrates) the archive once, then every request opens its own
connection to it (:func:`database`): SQLite and PostgreSQL both serve concurrent readers, and a
process such as ``rasad ingest`` or ``rasad watch`` writing to the same database is seen at the
next request. Security lives here: the token check (:class:`Settings`), the
Content-Security-Policy and the JSON errors.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from rasad import __version__
from rasad.archive.backend import Backend, connect, default_url
from rasad.errors import RasadError

HERE = Path(__file__).parent
TOKEN_ENV = "RASAD_TOKEN"
MAX_UPLOAD = 20 * 1024 * 1024  #: bytes in one POST /api/documents, as `rasad extract` refuses pages over 20 MB
MAX_DOCUMENTS = 1000  #: documents in one upload
TOKEN_COOKIE = "rasad_token"
WRITE_PATHS = {"/api/documents"}  #: what writes to the archive (always behind the token); others answer 405
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@dataclass(slots=True)
class Settings:
    """What ``rasad serve`` was started with. ``token``: ``$RASAD_TOKEN``, needed to upload, and for
    everything when the server listens on another interface than loopback, unless ``public_read``."""

    url: str
    host: str = "127.0.0.1"
    token: str | None = None
    public_read: bool = False
    max_upload: int = MAX_UPLOAD

    @property
    def local(self) -> bool:
        if self.host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def reads_need_token(self) -> bool:
        return not self.local and not self.public_read

    def token_ok(self, supplied: str | None) -> bool:
        """Constant-time comparison, so the time taken says nothing of how much of a guess was right."""
        if not self.token or not supplied:
            return False
        return hmac.compare_digest(supplied.encode("utf-8"), self.token.encode("utf-8"))


class ApiError(StarletteHTTPException):
    """An error the API answers with ``{"error": message, "status": code}``."""


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": message, "status": status}


def database(request: Request) -> Iterator[Backend]:
    """A connection to the archive for one request (a FastAPI dependency)."""
    db = connect(request.app.state.settings.url)
    try:
        yield db
    finally:
        db.close()


def _supplied_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)


class Guard(BaseHTTPMiddleware):
    """Token check and security headers on every response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        settings: Settings = request.app.state.settings
        path = request.url.path
        writing = request.method not in ("GET", "HEAD", "OPTIONS") and path in WRITE_PATHS
        if (writing or settings.reads_need_token()) and not path.startswith("/static/"):
            supplied = _supplied_token(request)
            if not settings.token:
                response: Response = _error(request, 403, "uploads are disabled: start rasad serve with RASAD_TOKEN "
                                            "set to a secret, and send it as 'Authorization: Bearer TOKEN'")
                return _secure(response)
            if not settings.token_ok(supplied):
                what = "uploading" if writing else "reading this archive (the server is not on localhost)"
                response = _error(request, 401, f"{what} needs the token: send 'Authorization: Bearer TOKEN' "
                                  "(the value of RASAD_TOKEN on the server)"
                                  + ("" if supplied is None else "; the token given is wrong"))
                response.headers["WWW-Authenticate"] = "Bearer"
                return _secure(response)
        response = await call_next(request)
        if request.query_params.get("token") and settings.token_ok(request.query_params.get("token")):
            response.set_cookie(TOKEN_COOKIE, request.query_params["token"], httponly=True, samesite="strict")
        return _secure(response, docs=path == "/api/docs")


def _secure(response: Response, docs: bool = False) -> Response:
    # Swagger UI sets style attributes: only its page allows them
    response.headers["Content-Security-Policy"] = CSP.replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'") if docs else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(status, message), status_code=status)
    from rasad.web.pages import error_page

    return error_page(request, status, message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
    return "invalid request: " + "; ".join(parts)


def create_app(url: str | None = None, host: str = "127.0.0.1", public_read: bool = False,
               token: str | None = None, max_upload: int = MAX_UPLOAD, warm: bool = False) -> FastAPI:
    """The app over the archive at ``url`` (default: ``$RASAD_DB`` or the user's archive).

    ``token`` defaults to ``$RASAD_TOKEN``. Raises :class:`RasadError` when the archive cannot be
    opened, or when the server would listen beyond loopback with neither a token nor ``public_read``.
    ``warm``: count what the explorer shows in a background thread now (``rasad serve`` does).
    """
    from rasad.archive.store import Archive

    settings = Settings(url or default_url(), host, token if token is not None else os.environ.get(TOKEN_ENV) or None,
                        public_read, max_upload)
    if not settings.local and not settings.public_read and not settings.token:
        raise RasadError(f"serving on {host} (not localhost) needs RASAD_TOKEN set, or --public-read to let anyone "
                         "on the network read the archive")
    Archive.open(settings.url).close()  # create or migrate it now, not in the first request
    app = FastAPI(title="rasad", version=__version__, openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  description="The archive of Arabic news: articles, entities, PLOVER events, quotes. "
                  "Lists take `limit` and the opaque `next` cursor of the previous page; `format=csv` streams CSV.")
    app.state.settings = settings

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        response = _error(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(RasadError)
    async def archive_error(request: Request, exc: RasadError) -> Response:
        return _error(request, 503, f"the archive cannot be read: {exc}")

    app.add_middleware(Guard)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from rasad.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse((HERE / "templates" / "apidocs.html").read_text(encoding="utf-8"))

    if warm:
        from rasad.web.counts import warm_up

        threading.Thread(target=warm_up, args=(settings.url,), name="rasad-warm-up", daemon=True).start()
    return app


def serve(url: str | None, host: str, port: int, public_read: bool) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    app = create_app(url, host, public_read, warm=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
