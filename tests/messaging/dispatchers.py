"""Running ``flask channels dispatch`` as real worker processes against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class DispatcherProcess:
    """One dispatcher process; its output goes to a file the test can read while it runs."""

    def __init__(self, database_url: str, log: Path, *args: str):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SCHEDULER_ENABLED": "0",
            "PYTHONUNBUFFERED": "1",
        }
        cmd = [sys.executable, "-m", "flask", "--app", "wsgi", "channels", "dispatch", *args]
        self.log = log
        self._out = open(log, "wb")  # noqa: SIM115 - closed in wait()
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while "dispatching:" not in self.output():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, "the dispatcher did not start"
            time.sleep(0.05)

    def claimed(self) -> int:
        return sum(
            int(line.split()[1].rstrip(":"))
            for line in self.output().splitlines()
            if line.startswith("claimed ")
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.wait()

    def kill(self) -> None:
        self.process.kill()
        self.wait()

    def wait(self, timeout: float | None = 120) -> int:
        code = self.process.wait(timeout)
        self._out.close()
        return code
