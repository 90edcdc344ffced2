"""kg/build/background.py's Helper: a child forked early that runs the work sent to it later."""
from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path

import pytest

from kg.build.background import Helper
from kg.errors import KGError


def write_pid(path: str) -> None:
    Path(path).write_text(str(os.getpid()))


def fail(message: str) -> None:
    raise KGError(message)


def test_the_work_runs_in_the_helper_process_each_piece_in_turn(tmp_path):
    helper = Helper()
    try:
        helper.submit("writing", write_pid, str(tmp_path / "first"))
        assert helper.wait() >= 0
        helper.submit("writing", write_pid, str(tmp_path / "second"))
        helper.wait()
    finally:
        helper.cancel()
    first, second = (int((tmp_path / name).read_text()) for name in ("first", "second"))
    assert first == second != os.getpid()


def test_the_helpers_error_is_raised_by_wait_as_one_line():
    helper = Helper()
    try:
        helper.submit("writing Turtle", fail, "disk full")
        with pytest.raises(KGError, match="^writing Turtle failed: disk full$"):
            helper.wait()
    finally:
        helper.cancel()
    helper.cancel()  # twice is harmless


def test_a_helper_killed_mid_work_is_an_error_not_a_hang(tmp_path):
    helper = Helper()
    helper.submit("writing", os.kill, helper.process.pid, 9)  # the helper kills itself
    with pytest.raises(KGError, match="^writing failed: stopped with exit code -9$"):
        helper.wait()
    helper.cancel()


def test_without_fork_the_work_runs_here(tmp_path, monkeypatch):
    monkeypatch.setattr(mp, "get_all_start_methods", lambda: ["spawn"])
    helper = Helper()
    helper.submit("writing", write_pid, str(tmp_path / "here"))
    helper.wait()
    helper.cancel()
    assert int((tmp_path / "here").read_text()) == os.getpid()
    with pytest.raises(KGError, match="^writing Turtle failed: disk full$"):
        helper.submit("writing Turtle", fail, "disk full")


def test_pieces_sent_together_are_waited_for_in_order_each_named_in_its_error(tmp_path):
    with Helper() as helper:
        helper.submit("writing the first", write_pid, str(tmp_path / "first"))
        helper.submit("writing the second", fail, "disk full")
        helper.submit("writing the third", write_pid, str(tmp_path / "third"))
        helper.wait()
        assert (tmp_path / "first").exists()
        with pytest.raises(KGError, match="^writing the second failed: disk full$"):
            helper.wait()
    assert helper.process is None  # the error and the block's end stopped it


def pid_and(value):
    return os.getpid(), value


def test_result_gives_what_each_piece_returned_in_turn(monkeypatch):
    with Helper() as helper:
        helper.submit("reading", pid_and, ["a", 1])
        helper.submit("reading", pid_and, {"b": b"2"})
        first, second = helper.result(), helper.result()
    assert first[1] == ["a", 1] and second[1] == {"b": b"2"}
    assert first[0] == second[0] != os.getpid()
    monkeypatch.setattr(mp, "get_all_start_methods", lambda: ["spawn"])
    with Helper() as here:
        here.submit("reading", pid_and, "c")
        assert here.result() == (os.getpid(), "c")
