"""``coach serve``: textual-serve behind a class code, one app process per browser tab.

Loopback (127.0.0.1) by default. Any other host needs ``--public-url`` (what the trainees'
browsers use) and always a class code: a browser posts it once through the form (never in a
URL, so never in a log), gets a cookie, and only then receives the page, its scripts and the
app's websocket. Wrong codes are throttled per client address; a websocket from another origin
is refused; the access log has no query strings; the class folder's audit log has every refusal.

The client address is the socket's peer. ``X-Forwarded-For`` is anyone's to write, so it is read
only with ``--behind-proxy`` and only from a loopback peer (the proxy on the same machine), and
then only its last entry, the one that proxy added: otherwise one header would reset every
throttle, and behind a proxy every trainee would share the proxy's count.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import secrets
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from coach.i18n import get_lang, tr
from coach.serve.audit import audit
from coach.serve.classroom import AUDIT_FILE
from coach.serve.throttle import backoff

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
    class_dir: Path
    behind_proxy: bool = False
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


def client_address(peer: str, forwarded_for: str | None, behind_proxy: bool) -> str:
    """Who a request is from, for throttling and the audit log (see the module's docstring)."""
    if not (behind_proxy and forwarded_for and is_loopback(peer)):
        return peer
    last = forwarded_for.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return peer


def new_class_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def session_command(
    class_dir: str, lang: str, content: tuple[str, ...] = (), *, signup: bool = True
) -> str:
    """The shell command each browser tab runs: the app in classroom mode."""
    argv = [sys.executable, "-m", "coach.serve.session", "--data-dir", class_dir, "--lang", lang]
    for c in content:
        argv += ["--content", c]
    if not signup:
        argv.append("--no-signup")
    return " ".join(shlex.quote(a) for a in argv)


def plan_serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    public_url: str | None = None,
    class_code: str | None = None,
    class_dir: str | Path,
    lang: str = "zh",
    content: tuple[str, ...] = (),
    signup: bool = True,
    behind_proxy: bool = False,
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
    if code is not None and (len(code) < 6 or not code.isascii() or not code.isalnum()):
        raise ServeError(
            tr("班级码应是至少 6 个字母或数字", "a class code is at least 6 letters or digits")
        )
    url = (public_url or f"http://{host}:{port}").rstrip("/")
    command = session_command(str(class_dir), lang, content, signup=signup)
    return ServePlan(host, port, url, code, command, Path(class_dir), behind_proxy)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(plan: ServePlan) -> frozenset[str]:
    """The origins a websocket may come from: the public URL's, and loopback's when served there."""
    out = {origin_of(plan.public_url)}
    if is_loopback(plan.host):
        out |= {f"http://{h}:{plan.port}" for h in ("127.0.0.1", "localhost", "[::1]")}
    return frozenset(out)


def _join_css() -> str:
    """The app's own colours (coach/tui/palette.py): dark, or light where the browser asks."""
    from coach.tui.palette import DARK, LIGHT

    def colours(p: dict[str, str], on_primary: str) -> str:
        names = ("background", "surface", "panel", "foreground", "muted", "primary", "accent")
        return ";".join(f"--{n}:{p[n]}" for n in (*names, "error")) + f";--on-primary:{on_primary}"

    dark, light = colours(DARK, DARK["background"]), colours(LIGHT, LIGHT["surface"])
    return (
        f":root{{{dark};color-scheme:dark}}"
        f"@media (prefers-color-scheme:light){{:root{{{light};color-scheme:light}}}}"
        "*{box-sizing:border-box}"
        "body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;"
        "background:var(--background);color:var(--foreground);"
        "font:16px/1.5 system-ui,-apple-system,'Segoe UI','PingFang SC','Hiragino Sans GB',"
        "'Microsoft YaHei','Noto Sans CJK SC',sans-serif}"
        "main{width:min(26rem,100% - 2rem);padding:2rem;background:var(--surface);"
        "border:1px solid var(--panel);border-radius:.5rem}"
        "h1{margin:0 0 1.25rem;font-size:1.35rem;color:var(--accent)}"
        "label{display:block;margin-bottom:.4rem;color:var(--muted)}"
        ".row{display:flex;gap:.5rem}"
        "input{flex:1;min-width:0;padding:.55rem .7rem;font:inherit;letter-spacing:.1em;"
        "text-transform:uppercase;color:var(--foreground);background:var(--background);"
        "border:1px solid var(--panel);border-radius:.3rem}"
        "input:focus{outline:2px solid var(--primary);outline-offset:1px}"
        "button{padding:.55rem 1.2rem;font:inherit;font-weight:600;color:var(--on-primary);"
        "background:var(--primary);border:0;border-radius:.3rem;cursor:pointer}"
        "button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}"
        ".err{margin:0 0 1rem;padding:.5rem .75rem;color:var(--error);"
        "border-left:3px solid var(--error);background:var(--background)}"
    )


def join_page(error: str = "") -> str:
    """The form a browser sees before it gives the class code (nothing of the app): one page,
    nothing loaded from elsewhere, in the server's language and the app's colours."""
    lang = "zh-CN" if get_lang() == "zh" else "en"
    msg = f'<p class="err" role="alert">{html.escape(error)}</p>' if error else ""
    title = html.escape(tr("复盘 Coach · 进入课堂", "复盘 Coach · join the class"))
    label = html.escape(tr("班级码（讲师给的）", "Class code (from your instructor)"))
    button = html.escape(tr("进入", "Join"))
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{_join_css()}</style></head><body><main>"
        f"<h1>{title}</h1>{msg}<form method='post' action='/'>"
        f"<label for='code'>{label}</label><div class='row'>"
        "<input id='code' name='code' autofocus autocomplete='off' autocapitalize='characters' "
        "spellcheck='false' maxlength='64' required>"
        f"<button>{button}</button></div></form></main></body></html>"
    )


#: Wrong class codes per client address: after this many, the address is shut out for
#: CODE_LOCK_SECONDS whatever it sends (exponential waits before that, as for PINs).
CODE_LOCK_AFTER = 20
CODE_LOCK_SECONDS = 900.0


class CodeThrottle:
    """Wrong class codes per client address, in the server's memory (one server process)."""

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.failures: dict[str, tuple[int, float]] = {}

    def wait(self, addr: str) -> float:
        n, last = self.failures.get(addr, (0, 0.0))
        now = self.clock()
        if n >= CODE_LOCK_AFTER:
            if now - last >= CODE_LOCK_SECONDS:
                del self.failures[addr]
                return 0.0
            return last + CODE_LOCK_SECONDS - now
        return max(0.0, last + backoff(n) - now)

    def fail(self, addr: str) -> int:
        n, _ = self.failures.get(addr, (0, 0.0))
        self.failures[addr] = (n + 1, self.clock())
        return n + 1

    def succeed(self, addr: str) -> None:
        self.failures.pop(addr, None)


def make_server(plan: ServePlan):
    """The textual-serve server with the class-code gate in front of every route."""
    import asyncio
    import logging

    from aiohttp import web
    from aiohttp.abc import AbstractAccessLogger
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    log_file = plan.class_dir / AUDIT_FILE
    origins = allowed_origins(plan)
    codes = CodeThrottle()
    secure = plan.public_url.startswith("https://")

    class PathOnlyLog(AbstractAccessLogger):
        """Access lines without query strings (nothing typed into a URL lands in a log)."""

        def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
            self.logger.info(
                '%s "%s %s" %s', address_of(request), request.method, request.path, response.status
            )

    class ClassServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(gate)  # the form's POST / is answered by the gate alone
            return app

        def serve(self, debug: bool = False) -> None:
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            try:
                import signal

                loop.add_signal_handler(signal.SIGINT, self.request_exit)
                loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            except (NotImplementedError, RuntimeError):
                pass  # Windows has no loop signal handlers: Ctrl+C then ends run_app itself
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
                access_log_class=PathOnlyLog,
                access_log=logging.getLogger("aiohttp.access"),
            )

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler, with this tab's client address and id for the app."""
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=2 * 1024 * 1024)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            tab = secrets.token_hex(4)
            addr = address_of(request)
            command = f"{self.command} --client {shlex.quote(addr)} --tab {tab}"
            audit(log_file, "tab-opened", addr=addr, tab=tab)
            app_service: AppService | None = None
            try:
                await websocket.prepare(request)
                app_service = AppService(
                    command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                await app_service.start(width, height)
                try:
                    await self._process_messages(websocket, app_service)
                finally:
                    await app_service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # one tab's failure is logged, never the server's end
                logging.getLogger("textual-serve").exception(error)
            finally:
                if app_service is not None:
                    await app_service.stop()
            return websocket

    def refuse(status: int, text: str, **headers: str) -> web.Response:
        return web.Response(status=status, text=text, headers=headers or None)

    def address_of(request: web.BaseRequest) -> str:
        forwarded = request.headers.get("X-Forwarded-For")
        return client_address(request.remote or "", forwarded, plan.behind_proxy)

    @web.middleware
    async def gate(request: web.Request, handler):
        addr = address_of(request)
        if request.path == "/ws":
            origin = (request.headers.get("Origin") or "").lower()
            if origin not in origins:
                audit(log_file, "origin-refused", addr=addr, origin=origin or "(none)")
                return refuse(403, "403")
        if plan.class_code is None:
            if request.method == "POST":
                raise web.HTTPSeeOther("/")
            return await handler(request)
        if hmac.compare_digest(request.cookies.get(COOKIE, ""), plan.token()):
            if request.method == "POST":
                raise web.HTTPSeeOther("/")
            return await handler(request)
        if request.path != "/":
            return refuse(403, "403")
        if request.method != "POST":
            return web.Response(text=join_page(), content_type="text/html")
        wait = codes.wait(addr)
        if wait > 0:
            audit(log_file, "class-code-throttled", addr=addr)
            return web.Response(
                status=429,
                text=join_page(
                    tr("请 {s} 秒后再试。", "Try again in {s} seconds.", s=int(wait + 0.999))
                ),
                content_type="text/html",
                headers={"Retry-After": str(int(wait + 0.999))},
            )
        form = await request.post()
        code = str(form.get("code") or "").strip().upper()[:64]
        if hmac.compare_digest(code.encode(), plan.class_code.upper().encode()):
            codes.succeed(addr)
            resp = web.HTTPSeeOther("/")
            resp.set_cookie(
                COOKIE, plan.token(), httponly=True, samesite="Strict", secure=secure, path="/"
            )
            raise resp
        n = codes.fail(addr)
        audit(log_file, "class-code-failed", addr=addr, failures=n)
        return web.Response(
            status=403,
            text=join_page(tr("班级码不对。", "That class code is wrong.")),
            content_type="text/html",
        )

    return ClassServer(
        plan.command, host=plan.host, port=plan.port, title="复盘 Coach", public_url=plan.public_url
    )


def run_server(plan: ServePlan) -> None:
    make_server(plan).serve()
