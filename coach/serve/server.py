"""``coach serve``: textual-serve behind a class code, one app process per browser tab.

Loopback (127.0.0.1) by default. Any other host needs ``--public-url`` (what the trainees'
browsers use) and always a class code: a browser gives it once (``/?code=…`` or the form), gets a
cookie, and only then receives the page, its scripts and the app's websocket. A wrong code gets
a 403 and nothing of the app.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import secrets
import shlex
import sys
from dataclasses import dataclass, field

from coach.i18n import tr

COOKIE = "coach_class"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class ServeError(Exception):
    """A serve setting that cannot work, with a one-line reason."""


@dataclass
class ServePlan:
    host: str
    port: int
    public_url: str
    class_code: str | None
    command: str
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def token(self) -> str:
        assert self.class_code is not None
        return hmac.new(self.secret, self.class_code.encode(), hashlib.sha256).hexdigest()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_class_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def session_command(data_dir: str, lang: str, content: tuple[str, ...] = ()) -> str:
    """The shell command each browser tab runs: the app in classroom mode."""
    argv = [sys.executable, "-m", "coach.serve.session", "--data-dir", data_dir, "--lang", lang]
    for c in content:
        argv += ["--content", c]
    return " ".join(shlex.quote(a) for a in argv)


def plan_serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    public_url: str | None = None,
    class_code: str | None = None,
    data_dir: str,
    lang: str = "zh",
    content: tuple[str, ...] = (),
) -> ServePlan:
    if not 0 < port < 65536:
        raise ServeError(tr("端口应在 1–65535 之间", "the port must be 1 to 65535"))
    local = is_loopback(host)
    if not local and not public_url:
        raise ServeError(
            tr(
                "在 {h} 上服务需要 --public-url（学员浏览器使用的地址，如 http://10.0.0.5:{p}）",
                "serving on {h} needs --public-url (the address trainees' browsers use, e.g. "
                "http://10.0.0.5:{p})",
                h=host,
                p=port,
            )
        )
    if public_url and not public_url.startswith(("http://", "https://")):
        raise ServeError(
            tr(
                "--public-url 应以 http:// 或 https:// 开头",
                "--public-url must start with http(s)://",
            )
        )
    code = class_code or (None if local else new_class_code())
    if code is not None and (len(code) < 4 or not code.isascii() or not code.isalnum()):
        raise ServeError(
            tr("班级码应是至少 4 个字母或数字", "a class code is at least 4 letters or digits")
        )
    url = (public_url or f"http://{host}:{port}").rstrip("/")
    return ServePlan(host, port, url, code, session_command(data_dir, lang, content))


def join_page(error: bool = False) -> str:
    """The form a browser sees before it gives the class code (nothing of the app)."""
    msg = (
        f'<p class="err">{html.escape(tr("班级码不对。", "That class code is wrong."))}</p>'
        if error
        else ""
    )
    title = html.escape(tr("复盘 Coach · 进入课堂", "复盘 Coach · join the class"))
    label = html.escape(tr("班级码（讲师给的）", "Class code (from your instructor)"))
    button = html.escape(tr("进入", "Join"))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body style='font-family:sans-serif;margin:3rem'>"
        f"<h1>{title}</h1>{msg}<form method='get' action='/'><label>{label} "
        "<input name='code' autofocus autocomplete='off'></label> "
        f"<button>{button}</button></form></body></html>"
    )


def make_server(plan: ServePlan):
    """The textual-serve server with the class-code gate in front of every route."""
    from aiohttp import web
    from textual_serve.server import Server

    class ClassServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            if plan.class_code is not None:
                app.middlewares.append(gate)
            return app

    @web.middleware
    async def gate(request: web.Request, handler):
        if hmac.compare_digest(request.cookies.get(COOKIE, ""), plan.token()):
            return await handler(request)
        code = request.query.get("code")
        if code is not None and hmac.compare_digest(code.strip().upper(), plan.class_code.upper()):
            if request.path == "/":
                resp = web.HTTPFound("/")
                resp.set_cookie(COOKIE, plan.token(), httponly=True, samesite="Strict")
                raise resp
            return await handler(request)
        if request.path == "/":
            return web.Response(
                text=join_page(error=code is not None),
                content_type="text/html",
                status=403 if code is not None else 200,
            )
        return web.Response(status=403, text="403")

    return ClassServer(
        plan.command, host=plan.host, port=plan.port, title="复盘 Coach", public_url=plan.public_url
    )


def run_server(plan: ServePlan) -> None:
    make_server(plan).serve()
