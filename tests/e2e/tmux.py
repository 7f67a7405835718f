"""Drive the real `coach` in a real terminal: tmux with send-keys and capture-pane."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest


class Tmux:
    def __init__(self, command: list[str], env: dict[str, str], cwd: Path, size=(120, 40)) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed (CI installs it)")
        self.name = f"coach-{uuid.uuid4().hex[:8]}"
        env_args = [f"{k}={v}" for k, v in env.items()]
        # COLUMNS / LINES out: a tmux server keeps the environment of whoever started it (a
        # test run that set COLUMNS=80), and the app would then draw 80 columns in any pane.
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                "env",
                "-u",
                "COLUMNS",
                "-u",
                "LINES",
                *env_args,
                *command,
            ],
            check=True,
            cwd=cwd,
        )

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Poll the screen until ``text`` shows (a real terminal has no event to wait on)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen.replace(" ", ""):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; screen was:\n{screen}")

    def wait_absent(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen().replace(" ", ""):
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} is still on the screen:\n{self.screen()}")

    def wait_stable(self, quiet: float = 0.5, timeout: float = 10.0) -> None:
        """Wait until the screen stops changing for ``quiet`` seconds (the app is idle)."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.screen()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def wait_gone(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.alive():
            time.sleep(0.1)
        assert not self.alive(), "the app did not exit"

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
