"""coach serve: the page, the app's websocket and its first screen; the class code; a browser.

The server runs as the user runs it (``python -m coach … serve``) on a free loopback port.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (and its aiohttp) not installed")

from coach import i18n  # noqa: E402
from coach.serve.audit import read_audit  # noqa: E402
from coach.serve.classroom import AUDIT_FILE  # noqa: E402
from coach.serve.gate import Gate  # noqa: E402
from coach.serve.pins import hash_pin, pin_problem, verify_pin  # noqa: E402
from coach.serve.server import ServeError, client_address, join_page, plan_serve  # noqa: E402
from coach.store import open_store  # noqa: E402
from coach.tui.palette import DARK, LIGHT  # noqa: E402

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


@dataclass
class Served:
    url: str
    room: Path
    proc: subprocess.Popen
    output: list[str]

    def log(self) -> list[dict]:
        return read_audit(self.room / AUDIT_FILE)

    def events(self) -> list[str]:
        return [e["event"] for e in self.log()]


@contextlib.contextmanager
def serving(tmp_path: Path, *extra: str) -> Iterator[Served]:
    """The real `coach serve` in a subprocess, on a free port, until the block ends."""
    port = free_port()
    room = tmp_path / "class"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--lang", "zh", "--data-dir", str(tmp_path / "data"),
         "--content", str(FIXTURE_CONTENT), "serve", "--class", str(room), "--port", str(port),
         "--class-code", CODE, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    output: list[str] = []

    def pump() -> None:
        for line in proc.stdout:
            output.append(line.decode(errors="replace"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()

    def up() -> bool:
        if proc.poll() is not None:
            reader.join(5)
            raise AssertionError("".join(output))
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(up, what="the server to listen")
        yield Served(f"http://127.0.0.1:{port}", room, proc, output)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path) as s:
        yield s


@pytest.fixture
def server(served: Served) -> str:
    return served.url


async def join(http: aiohttp.ClientSession, base: str, code: str = CODE) -> aiohttp.ClientResponse:
    """Give the class code the way the form does: POSTed, never in the URL."""
    return await http.post(f"{base}/", data={"code": code}, allow_redirects=True)


_CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


class Tab:
    """One browser tab's websocket: what the app drew so far, and keys typed into it."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.seen = b""

    async def until(self, want: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # styles and cursor moves out: a highlighted match splits "打开：" from "成交记录"
            text = _CSI.sub("", self.seen.decode("utf-8", errors="ignore"))
            if want in text:
                return text
            try:
                msg = await self.ws.receive(timeout=max(0.05, deadline - time.monotonic()))
            except TimeoutError:
                break
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.seen += msg.data
            elif msg.type == aiohttp.WSMsgType.TEXT:
                self.seen += msg.data.encode()
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
        raise AssertionError(f"{want!r} never arrived; got {self.seen[-400:]!r}")

    async def type(self, text: str) -> None:
        await self.ws.send_json(["stdin", text])


@contextlib.asynccontextmanager
async def open_tab(base: str, *, origin: str | None = None):
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with await join(http, base) as resp:
            page = await resp.text()
            assert resp.status == 200, page
        assert "/ws" in page and "textual.js" in page
        headers = {"Origin": origin or base}
        async with http.ws_connect(
            f"{base.replace('http', 'ws')}/ws?width=100&height=30", headers=headers
        ) as ws:
            await ws.send_json(["resize", {"width": 100, "height": 30}])
            tab = Tab(ws)
            await tab.until("进入课堂")
            yield tab


async def wait_events(served: Served, n: int, timeout: float = 30.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = [e for e in served.events() if e != "tab-opened"]
        if len(got) >= n:
            return got
        await asyncio.sleep(0.05)
    raise AssertionError(f"{n} events never came: {served.events()}")


def test_the_page_and_the_apps_first_screen_arrive(served):
    async def go() -> str:
        async with open_tab(served.url) as tab:
            return tab.seen.decode("utf-8", errors="ignore")

    assert "PIN" in asyncio.run(go())
    assert "tab-opened" in served.events()


def test_a_wrong_class_code_gets_nothing(server):
    async def go() -> None:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with await join(http, server, "WRONG1") as resp:
                page = await resp.text()
                assert resp.status == 403 and "/ws" not in page and "textual.js" not in page
            async with http.get(f"{server}/?code={CODE}") as resp:  # never taken from a URL
                page = await resp.text()
                assert "textual.js" not in page and "班级码" in page
            async with http.get(f"{server}/static/js/textual.js") as resp:
                assert resp.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                async with http.ws_connect(
                    f"{server.replace('http', 'ws')}/ws", headers={"Origin": server}
                ):
                    pass

    asyncio.run(go())


def test_wrong_class_codes_are_throttled_and_logged_without_the_code(served):
    """2,000 guesses in 1.5 s met no throttling: now three are free, then the address waits."""

    async def go() -> list[int]:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            statuses = []
            for i in range(40):
                async with await join(http, served.url, f"GUESS{i:03d}") as resp:
                    statuses.append(resp.status)
            async with await join(http, served.url) as resp:  # even the right code waits now
                statuses.append(resp.status)
            return statuses

    statuses = asyncio.run(go())
    assert statuses[:3] == [403, 403, 403] and set(statuses[3:]) == {429}
    events = served.events()
    assert events.count("class-code-failed") == 3 and "class-code-throttled" in events
    log_text = (served.room / AUDIT_FILE).read_text(encoding="utf-8")
    assert "GUESS" not in log_text and CODE not in log_text
    # the access log: paths only, no query strings, no code
    printed = "".join(served.output)
    assert [line for line in printed.splitlines() if CODE in line] == [f"班级码：{CODE}"]


def test_a_forged_forwarded_for_header_does_not_reset_the_throttle(served):
    """X-Forwarded-For is anyone's to write: a new one per guess must not make a new address."""

    async def go() -> list[int]:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            statuses = []
            for i in range(6):
                async with http.post(
                    f"{served.url}/",
                    data={"code": f"GUESS{i:03d}"},
                    headers={"X-Forwarded-For": f"10.9.8.{i}"},
                ) as resp:
                    statuses.append(resp.status)
            return statuses

    statuses = asyncio.run(go())
    assert statuses[:3] == [403, 403, 403] and set(statuses[3:]) == {429}
    assert {e.get("addr") for e in served.log()} == {"127.0.0.1"}


def test_behind_a_proxy_each_forwarded_address_has_its_own_count(tmp_path):
    """--behind-proxy: the trainees behind the proxy do not share one throttle (the peer is the
    proxy on loopback); the audit log names the forwarded address."""

    async def guesses(http, url: str, addr: str, n: int) -> list[int]:
        out = []
        for i in range(n):
            async with http.post(
                f"{url}/", data={"code": f"GUESS{i:03d}"}, headers={"X-Forwarded-For": addr}
            ) as resp:
                out.append(resp.status)
        return out

    async def go(url: str) -> tuple[list[int], list[int]]:
        async with aiohttp.ClientSession() as http:
            return await guesses(http, url, "10.0.0.7", 5), await guesses(http, url, "10.0.0.8", 1)

    with serving(tmp_path, "--behind-proxy") as served:
        first, second = asyncio.run(go(served.url))
        addrs = {e.get("addr") for e in served.log() if e["event"].startswith("class-code")}
    assert first == [403, 403, 403, 429, 429] and second == [403]
    assert addrs == {"10.0.0.7", "10.0.0.8"}


@pytest.mark.parametrize(
    ("peer", "header", "behind_proxy", "expected"),
    [
        ("127.0.0.1", "10.0.0.7", False, "127.0.0.1"),  # not asked to trust a proxy
        ("10.0.0.9", "10.0.0.7", True, "10.0.0.9"),  # the peer is not a local proxy
        ("127.0.0.1", "1.2.3.4, 10.0.0.7", True, "10.0.0.7"),  # the hop the proxy added
        ("::1", " 10.0.0.7 ", True, "10.0.0.7"),
        ("127.0.0.1", "not-an-address", True, "127.0.0.1"),
        ("127.0.0.1", None, True, "127.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_a_local_proxys_last_hop(
    peer, header, behind_proxy, expected
):
    assert client_address(peer, header, behind_proxy) == expected


def test_a_websocket_from_another_origin_is_refused(served):
    async def go() -> None:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            (await join(http, served.url)).close()
            ws_url = f"{served.url.replace('http', 'ws')}/ws"
            for origin in ("http://evil.example", None):
                headers = {"Origin": origin} if origin else {}
                with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                    async with http.ws_connect(ws_url, headers=headers):
                        pass
                assert err.value.status == 403

    asyncio.run(go())
    assert served.events().count("origin-refused") == 2
    assert "tab-opened" not in served.events()


def test_pin_guesses_over_three_tabs_share_one_count(served):
    """12 guesses over 3 websockets found a 4-digit PIN in 15 s: now only the first three are
    checked, every other try waits, and the right PIN waits too."""
    made = Gate(served.room).enter("小红", "135790")
    made.store.close()

    async def go() -> None:
        async with (
            open_tab(served.url) as a,
            open_tab(served.url) as b,
            open_tab(served.url) as c,
        ):
            tabs = [a, b, c]
            for t in tabs:
                await t.type("小红\r")
            for i in range(12):
                await tabs[i % 3].type(f"{200000 + i}\r")
                await wait_events(served, 1 + i + 1)  # created, then one event per guess
            await a.type("135790\r")
            await wait_events(served, 14)

    asyncio.run(go())
    events = [e for e in served.events() if e != "tab-opened"]
    assert events.count("pin-failed") == 3
    assert events.count("refused-waiting") == 10  # nine guesses and the right PIN
    assert "profile-entered" not in events
    log = served.log()
    assert {e["addr"] for e in log if e["event"] == "pin-failed"} == {"127.0.0.1"}
    assert len({e["tab"] for e in log if e["event"] == "tab-opened"}) == 3


def test_a_profile_without_a_pin_cannot_be_claimed(served):
    """serve listed every profile of its data root, and one without a PIN took any new PIN."""
    open_store(served.room, "老师", daily_backup=False).close()

    async def go() -> str:
        async with open_tab(served.url) as tab:
            assert "老师" not in tab.seen.decode("utf-8", errors="ignore")  # no list of names
            await tab.type("老师\r135790\r")
            await wait_events(served, 1)
            return await tab.until("加入码")

    asyncio.run(go())
    assert "refused-no-pin" in served.events() and "profile-entered" not in served.events()
    assert "classroom_pin" not in (served.room / "老师" / "profile.json").read_text(
        encoding="utf-8"
    )


def test_a_trainees_tab_has_no_path_of_the_server(served):
    """Deals → i → /etc/passwd showed the file's first line: the tab takes pasted rows only."""

    async def go() -> str:
        async with open_tab(served.url) as tab:
            await tab.type("小明\r246810\r")
            await tab.until("首页")
            await tab.type("\x10")  # ctrl+p
            await tab.until("搜索")
            await tab.type("成交记录")
            await tab.until("打开：成交记录")
            await tab.type("\r")
            await tab.until("成交")
            await tab.type("i")
            await tab.until("粘贴到下面")
            assert "文件路径" not in _CSI.sub("", tab.seen.decode("utf-8", errors="ignore"))
            # a path typed into the paste box is text to read as rows, never a file to open
            await tab.type("/etc/passwd\t\r")
            return await tab.until("/etc/passwd")

    text = asyncio.run(go())
    assert "root:" not in text
    assert "instructor" not in " ".join(served.events())


def test_the_gate_has_no_instructor_command(served):
    """At the gate, ctrl+p → "Open: Instructor" opened every hand-in: now no such command."""

    async def go() -> None:
        async with open_tab(served.url) as tab:
            # ctrl+p and a search typed at once, before any profile is entered (keys keep order)
            await tab.type("\x10讲师")
            await tab.until("没有匹配的命令")  # a zh server: Textual's words in Chinese too
            tab.seen = b""
            await tab.type("\x1b\x10Instructor")
            await tab.until("没有匹配的命令")

    asyncio.run(go())
    assert not any(e.startswith("profile") for e in served.events())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_join_page_looks_like_the_app_in_the_servers_language(lang):
    """Issue 15: an unstyled English-looking form; now the app's colours, both languages, a
    viewport for phones, the error in the error colour, one page with nothing from elsewhere."""
    i18n.set_lang(lang)
    page = join_page("<b>wrong</b> & more")
    assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in page
    assert f"<html lang='{'zh-CN' if lang == 'zh' else 'en'}'>" in page
    for key in ("background", "surface", "foreground", "primary", "error"):
        assert f"--{key}:{DARK[key]}" in page and f"--{key}:{LIGHT[key]}" in page
    assert re.search(r"\.err\{[^}]*color:var\(--error\)", page)
    assert '<p class="err" role="alert">&lt;b&gt;wrong&lt;/b&gt; &amp; more</p>' in page
    assert "<b>" not in page
    ours, theirs = ("班级码", "Class code") if lang == "zh" else ("Class code", "班级码")
    assert ours in page and theirs not in page
    assert not re.search(r"<(script|link|img|iframe)|src=|url\(|@import|https?://", page)
    assert 'class="err"' not in join_page()  # no error: no empty error box


def test_the_served_join_page_is_the_styled_one(server):
    async def go() -> tuple[int, str]:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{server}/") as resp:
                return resp.status, await resp.text()

    status, page = asyncio.run(go())
    assert status == 200 and "name='viewport'" in page and "<html lang='zh-CN'>" in page
    assert f"--error:{DARK['error']}" in page


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"host": "0.0.0.0"}, "--public-url"),
        ({"host": "0.0.0.0", "public_url": "10.0.0.5:8000"}, "http"),
        ({"port": 0}, "port"),
        ({"class_code": "a!"}, "class code"),
        ({"class_code": "ABC12"}, "class code"),  # six or more
    ],
)
def test_serve_settings_that_cannot_work(kw, message):
    with pytest.raises(ServeError, match=message):
        plan_serve(class_dir="/tmp/x", **kw)


def test_another_host_always_gets_a_class_code():
    plan = plan_serve(host="0.0.0.0", public_url="http://10.0.0.5:8000", class_dir="/tmp/x")
    assert plan.class_code and len(plan.class_code) == 6
    assert plan.public_url == "http://10.0.0.5:8000"
    assert plan_serve(class_dir="/tmp/x").class_code is None  # loopback: the machine's own user


def test_pins_are_salted_hashes():
    a, b = hash_pin("246810"), hash_pin("246810")
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"] and "246810" not in json.dumps(a)
    assert verify_pin("246810", a) and not verify_pin("246811", a)
    assert not verify_pin("246810", None)
    assert pin_problem("1234") and pin_problem("abcd") and pin_problem("123456") is None


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
def test_a_browser_shows_the_home_screen_in_chinese(served, tmp_path):
    shots = Path(os.environ.get("COACH_SCREENSHOT_DIR", tmp_path))

    async def go() -> bytes:
        b = Browser(tmp_path / "chromium")
        try:
            await b.open(f"{served.url}/")
            deadline = time.monotonic() + 60
            while not await b.js("!!document.querySelector('input[name=code]')"):
                assert time.monotonic() < deadline, "the class-code form never came"
                await asyncio.sleep(0.1)
            (shots / "serve-join.png").write_bytes(await b.stable_screenshot())
            await b.js(
                f"document.querySelector('input[name=code]').value = '{CODE}';"
                "document.querySelector('form').submit();"
            )
            while not await b.js("document.body.classList.contains('-first-byte')"):
                assert time.monotonic() < deadline, "the app never drew in the browser"
                await asyncio.sleep(0.1)
            gate = await b.stable_screenshot()
            (shots / "serve-gate.png").write_bytes(gate)
            await b.js("document.querySelector('.xterm-helper-textarea')?.focus()")
            shot = gate
            for step in ("小明", None, "246810", None):  # each step waits for the app to show it
                await b.key(step, enter=step is None)
                shot = await b.changed(shot, deadline)
            return await b.stable_screenshot()
        finally:
            await b.close()

    shot = asyncio.run(go())
    out = shots / "serve-home.png"
    out.write_bytes(shot)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000  # a drawn screen, not a blank
    # the trainee's profile now exists in the class folder with a PIN hash, never the PIN
    data = json.loads((served.room / "小明" / "profile.json").read_text(encoding="utf-8"))
    assert data["classroom_pin"]["algo"] == "scrypt" and "246810" not in json.dumps(data)
    assert not (tmp_path / "data" / "小明").exists()  # never in the instructor's own data root
    assert "profile-created" in served.events()
