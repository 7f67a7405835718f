"""coach serve: the page, the app's websocket and its first screen; the class code; a browser.

The server runs as the user runs it (``python -m coach … serve``) on a free loopback port.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (and its aiohttp) not installed")

from coach.serve.pins import hash_pin, pin_problem, verify_pin  # noqa: E402
from coach.serve.server import ServeError, plan_serve  # noqa: E402

from .conftest import FIXTURE_CONTENT  # noqa: E402

CODE = "KLASS42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float = 30.0, what: str = "") -> None:
    """Poll ``check`` until it is true (waiting for state, not for a fixed time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--lang", "zh", "--data-dir", str(tmp_path / "data"),
         "--content", str(FIXTURE_CONTENT), "serve", "--port", str(port), "--class-code", CODE],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode(errors="replace"))
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(up, what="the server to listen")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def first_screen(base: str, *, code: str, want: str, timeout: float = 60.0) -> str:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/?code={code}") as resp:
            page = await resp.text()
            assert resp.status == 200, page
        assert "/ws" in page and "textual.js" in page
        async with http.ws_connect(f"{base.replace('http', 'ws')}/ws?width=100&height=30") as ws:
            await ws.send_json(["resize", {"width": 100, "height": 30}])
            seen = b""
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                msg = await ws.receive(timeout=deadline - time.monotonic())
                if msg.type == aiohttp.WSMsgType.BINARY:
                    seen += msg.data
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    seen += msg.data.encode()
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    break
                text = seen.decode("utf-8", errors="ignore")
                if want in text:
                    return text
            raise AssertionError(f"{want!r} never arrived; got {seen[-400:]!r}")


def test_the_page_and_the_apps_first_screen_arrive(server):
    text = asyncio.run(first_screen(server, code=CODE, want="进入课堂"))
    assert "PIN" in text


def test_a_wrong_class_code_gets_nothing(server):
    async def go() -> None:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(f"{server}/?code=WRONG") as resp:
                page = await resp.text()
                assert resp.status == 403 and "/ws" not in page and "textual.js" not in page
            async with http.get(f"{server}/static/js/textual.js") as resp:
                assert resp.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                async with http.ws_connect(f"{server.replace('http', 'ws')}/ws?code=WRONG"):
                    pass
            async with http.get(f"{server}/") as resp:  # no code: the form only
                page = await resp.text()
                assert resp.status == 200 and "班级码" in page and "textual.js" not in page

    asyncio.run(go())


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"host": "0.0.0.0"}, "--public-url"),
        ({"host": "0.0.0.0", "public_url": "10.0.0.5:8000"}, "http"),
        ({"port": 0}, "port"),
        ({"class_code": "a!"}, "class code"),
    ],
)
def test_serve_settings_that_cannot_work(kw, message):
    with pytest.raises(ServeError, match=message):
        plan_serve(data_dir="/tmp/x", **kw)


def test_another_host_always_gets_a_class_code():
    plan = plan_serve(host="0.0.0.0", public_url="http://10.0.0.5:8000", data_dir="/tmp/x")
    assert plan.class_code and len(plan.class_code) == 6
    assert plan.public_url == "http://10.0.0.5:8000"
    assert plan_serve(data_dir="/tmp/x").class_code is None  # loopback: the machine's own user


def test_pins_are_salted_hashes():
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"] and "1234" not in json.dumps(a)
    assert verify_pin("1234", a) and not verify_pin("1235", a) and not verify_pin("1234", None)
    assert pin_problem("12") and pin_problem("abcd") and pin_problem("123456") is None


# --- a real browser -----------------------------------------------------------------------------


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """Headless Chromium driven over the DevTools protocol (no extra packages)."""

    def __init__(self, profile: Path) -> None:
        exe = chromium()
        assert exe
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1200,760",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = profile / "DevToolsActivePort"
        wait_until(lambda: port_file.is_file() and port_file.read_text().strip(), what="chromium")
        self.port = int(port_file.read_text().splitlines()[0])
        self.ids = 0

    async def open(self, url: str):
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"http://127.0.0.1:{self.port}/json") as r:
            page = next(t for t in await r.json() if t["type"] == "page")
        self.ws = await self.http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Page.navigate", url=url)

    async def call(self, method: str, **params):
        self.ids += 1
        mine = self.ids
        await self.ws.send_json({"id": mine, "method": method, "params": params})
        while True:
            msg = await self.ws.receive_json()
            if msg.get("id") == mine:
                return msg.get("result", {})

    async def js(self, expr: str):
        r = await self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        return r.get("result", {}).get("value")

    async def key(self, text: str | None = None, enter: bool = False) -> None:
        if text:
            await self.call("Input.insertText", text=text)
        if enter:
            for kind in ("keyDown", "keyUp"):
                await self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                                windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")  # fmt: skip

    async def screenshot(self) -> bytes:
        r = await self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(r["data"])

    async def stable_screenshot(self, timeout: float = 30.0) -> bytes:
        """A screenshot once two in a row are the same (the app has finished drawing)."""
        deadline = time.monotonic() + timeout
        last = await self.screenshot()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.3)
            shot = await self.screenshot()
            if shot == last:
                return shot
            last = shot
        return last

    async def changed(self, before: bytes, deadline: float) -> bytes:
        """The next screenshot that differs from ``before``, once it has settled."""
        while await self.screenshot() == before:
            assert time.monotonic() < deadline, "the app never answered in the browser"
            await asyncio.sleep(0.05)
        return await self.stable_screenshot()

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()
        self.proc.terminate()
        self.proc.wait(10)


@pytest.mark.skipif(
    chromium() is None, reason="chromium is not installed (apt-get install chromium)"
)
def test_a_browser_shows_the_home_screen_in_chinese(server, tmp_path):
    shots = Path(os.environ.get("COACH_SCREENSHOT_DIR", tmp_path))

    async def go() -> bytes:
        b = Browser(tmp_path / "chromium")
        try:
            await b.open(f"{server}/?code={CODE}")
            deadline = time.monotonic() + 60
            while not await b.js("document.body.classList.contains('-first-byte')"):
                assert time.monotonic() < deadline, "the app never drew in the browser"
                await asyncio.sleep(0.1)
            gate = await b.stable_screenshot()
            (shots / "serve-gate.png").write_bytes(gate)
            await b.js("document.querySelector('.xterm-helper-textarea')?.focus()")
            shot = gate
            for step in ("小明", None, "2468", None):  # each step waits for the app to show it
                await b.key(step, enter=step is None)
                shot = await b.changed(shot, deadline)
            return await b.stable_screenshot()
        finally:
            await b.close()

    shot = asyncio.run(go())
    out = shots / "serve-home.png"
    out.write_bytes(shot)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000  # a drawn screen, not a blank
    # the trainee's profile now exists with a PIN hash, never the PIN
    data = json.loads((tmp_path / "data" / "小明" / "profile.json").read_text(encoding="utf-8"))
    assert data["classroom_pin"]["algo"] == "scrypt" and "2468" not in json.dumps(data)
