"""A deals file someone hands us: a pipe, a device or an oversized CSV is refused before reading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.io import sniff
from coach.io.sniff import ImportFileError, read_table


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, suffix: str):
    fifo = tmp_path / f"deals{suffix}"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match="not a regular file"):
        read_table(fifo)  # before: "no such file" for a pipe that is there, or a hang


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it():
    with pytest.raises(ImportFileError, match="not a regular file"):
        read_table(Path("/dev/zero"))


def test_a_folder_is_named_as_one(tmp_path: Path):
    with pytest.raises(ImportFileError, match="not a regular file"):
        read_table(tmp_path)


def test_a_csv_over_the_limit_is_refused_with_its_size(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sniff, "CSV_MAX_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_text("客户,金额\n" + "张伟,100\n" * 200, encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_table(big)
    assert "big.csv" in str(info.value) and "1000" in str(info.value).replace(",", "")


def test_a_csv_within_the_limit_reads(tmp_path: Path):
    ok = tmp_path / "ok.csv"
    ok.write_text("客户,金额\n张伟,100\n", encoding="utf-8")
    assert read_table(ok).frame.shape[0] == 2
