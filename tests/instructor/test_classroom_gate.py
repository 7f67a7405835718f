"""The classroom's rules without a browser: its own folder, PIN policy, join codes, throttling
across tabs (each tab is its own Gate, as each is its own process), the audit log."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coach.serve.audit import read_audit
from coach.serve.classroom import (
    AUDIT_FILE,
    THROTTLE_FILE,
    ClassroomError,
    prepare_class_root,
)
from coach.serve.gate import Gate, add_roster
from coach.serve.pins import pin_problem
from coach.serve.throttle import (
    FREE_TRIES,
    LOCK_AFTER,
    MAX_WAIT,
    Throttle,
    addr_key,
    backoff,
    profile_key,
)
from coach.store import open_store


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def room(tmp_path: Path) -> Path:
    return prepare_class_root(tmp_path / "class")


def tab(room: Path, clock: Clock | None = None, client: str = "10.0.0.7", **kw) -> Gate:
    gate = Gate(room, client=client, tab="t", **kw)
    if clock is not None:
        gate.throttle.clock = clock
    return gate


def events(room: Path) -> list[str]:
    return [e["event"] for e in read_audit(room / AUDIT_FILE)]


def test_a_class_folder_is_private_and_never_the_personal_root(tmp_path):
    root = prepare_class_root(tmp_path / "c")
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    with pytest.raises(ClassroomError, match="own data root"):
        prepare_class_root(tmp_path / "mine", personal_root=tmp_path / "mine")
    personal = tmp_path / "personal"
    open_store(personal, "讲师", daily_backup=False).close()
    with pytest.raises(ClassroomError, match="not empty"):
        prepare_class_root(personal)
    assert prepare_class_root(root) == root  # a class folder is reused


@pytest.mark.parametrize(
    ("pin", "ok"),
    [("1234", False), ("12345", False), ("123456", True), ("123456789012", True),
     ("1234567890123", False), ("correct horse", True), ("short pass", True), ("shortpass", False),
     ("x" * 129, False)],
)  # fmt: skip
def test_pin_policy(pin, ok):
    assert (pin_problem(pin) is None) is ok


def test_a_new_name_makes_a_profile_and_its_pin_opens_it(room):
    created = tab(room).enter("小明", "246810")
    assert created.outcome == "created" and created.store is not None
    created.store.close()
    assert tab(room).enter("小明", "246811").outcome == "wrong"
    entered = tab(room).enter("小明", "246810")
    assert entered.outcome == "entered"
    entered.store.close()
    data = (room / "小明" / "profile.json").read_text(encoding="utf-8")
    assert "246810" not in data
    assert events(room) == ["profile-created", "pin-failed", "profile-entered"]


def test_a_profile_without_a_pin_cannot_be_entered(room):
    open_store(room, "老师", daily_backup=False).close()  # made by hand, no PIN, no join code
    result = tab(room).enter("老师", "999999")
    assert result.outcome == "refused" and result.store is None
    assert "profile-entered" not in events(room)


def test_wrong_pins_are_counted_across_tabs_and_addresses(room):
    """Three tabs (three processes) guessing one PIN share one count: after the free tries each
    guess must wait, and the waits double; the PIN is never checked while waiting."""
    clock = Clock()
    tab(room, clock).enter("小红", "135790").store.close()
    tabs = [tab(room, clock, client=f"10.0.0.{i}") for i in range(3)]
    outcomes = [tabs[i % 3].enter("小红", f"{100000 + i}").outcome for i in range(12)]
    assert outcomes[:FREE_TRIES] == ["wrong"] * FREE_TRIES
    assert set(outcomes[FREE_TRIES:]) == {"wait"}  # nine guesses never checked
    assert events(room).count("pin-failed") == FREE_TRIES
    # even the right PIN waits now; then one more wrong guess doubles the wait
    assert tabs[0].enter("小红", "135790").outcome == "wait"
    clock.now += backoff(FREE_TRIES)
    assert tabs[1].enter("小红", "000000").outcome == "wrong"
    assert backoff(FREE_TRIES + 1) == 2 * backoff(FREE_TRIES)
    clock.now += backoff(FREE_TRIES + 1) - 0.5
    assert tabs[2].enter("小红", "135790").outcome == "wait"
    clock.now += 0.5
    ok = tabs[0].enter("小红", "135790")
    assert ok.outcome == "entered"
    ok.store.close()


def test_a_profile_locks_after_n_failures_until_the_instructor_unlocks(room):
    clock = Clock()
    tab(room, clock).enter("小刚", "112233").store.close()
    for i in range(LOCK_AFTER["profile"]):
        clock.now += MAX_WAIT + 1  # past every wait, inside the hour failures are kept
        assert tab(room, clock, client=f"10.1.{i}.1").enter("小刚", "000000").outcome == "wrong"
    clock.now += MAX_WAIT + 1
    assert tab(room, clock).enter("小刚", "112233").outcome == "locked"
    assert "locked" in events(room) and "refused-locked" in events(room)
    throttle = Throttle(room / THROTTLE_FILE, clock)
    assert throttle.locked() == [profile_key("小刚")]
    assert throttle.unlock(profile_key("小刚"))
    result = tab(room, clock).enter("小刚", "112233")
    assert result.outcome == "entered"
    result.store.close()


def test_one_address_guessing_many_profiles_is_locked_out(room):
    clock = Clock()
    for i in range(LOCK_AFTER["addr"]):
        clock.now += MAX_WAIT + 1
        tab(room, clock, client="10.9.9.9").enter(f"学员{i}", "12")  # too short: not counted
    assert Throttle(room / THROTTLE_FILE, clock).locked() == []
    for i in range(LOCK_AFTER["addr"]):
        clock.now += MAX_WAIT + 1
        name = f"学员{i}"
        tab(room, clock, client="10.8.8.8").enter(name, "123456").store.close()
        tab(room, clock, client="10.9.9.9").enter(name, "654321")
    assert addr_key("10.9.9.9") in Throttle(room / THROTTLE_FILE, clock).locked()
    clock.now += MAX_WAIT + 1
    assert tab(room, clock, client="10.9.9.9").enter("学员0", "123456").outcome == "locked"
    ok = tab(room, clock, client="10.8.8.8").enter("学员0", "123456")
    assert ok.outcome == "entered"
    ok.store.close()


def test_a_roster_gives_one_time_join_codes(room, tmp_path):
    codes = dict(add_roster(room, ["王芳", "李雷"]))
    assert set(codes) == {"王芳", "李雷"} and len(codes["王芳"].replace("-", "")) == 10
    first = tab(room).enter("王芳", codes["王芳"].lower())  # case and dash do not matter
    assert first.outcome == "needs-pin" and first.store is None
    assert tab(room).enter("王芳", codes["王芳"], new_pin="12").outcome == "bad"
    joined = tab(room).enter("王芳", codes["王芳"], new_pin="864200")
    assert joined.outcome == "entered"
    joined.store.close()
    # the code is spent: only the PIN opens the profile now
    assert tab(room).enter("王芳", codes["王芳"]).outcome == "wrong"
    again = tab(room).enter("王芳", "864200")
    assert again.outcome == "entered"
    again.store.close()
    assert "join-code-used" in events(room)
    # a second roster run leaves a joined trainee alone
    assert dict(add_roster(room, ["王芳", "李雷"])).keys() == {"李雷"}


def test_without_signup_only_the_roster_enters(room):
    add_roster(room, ["王芳"])
    result = tab(room, signup=False).enter("陌生人", "123456")
    assert result.outcome == "refused"
    assert not (room / "陌生人").exists()
    assert "refused-unknown" in events(room)


def test_the_audit_log_is_private_and_holds_no_secret(room):
    codes = dict(add_roster(room, ["王芳"]))
    tab(room).enter("王芳", "WRONGCODE1")
    tab(room).enter("王芳", codes["王芳"], new_pin="864200").store.close()
    tab(room).enter("王芳", "999999")
    log = room / AUDIT_FILE
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    for secret in (codes["王芳"], codes["王芳"].replace("-", ""), "864200", "999999", "WRONGCODE1"):
        assert secret not in text
    rows = [json.loads(line) for line in text.splitlines()]
    assert all(
        {"at", "event", "addr", "tab"} <= set(r) for r in rows if r["event"] != "join-code-issued"
    )
