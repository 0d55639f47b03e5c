"""A per-channel token bucket, with an injectable clock and sleep so tests never wait."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Allow ``rate`` messages per second on average, in bursts of at most ``rate``."""

    def __init__(
        self,
        rate: float | None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.rate = rate
        self.monotonic, self.sleep = monotonic, sleep
        self.tokens = float(rate or 0)
        self.stamp = monotonic()

    def _refill(self) -> None:
        now = self.monotonic()
        self.tokens = min(float(self.rate), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, wanted: int) -> int:
        """Wait until at least one message may go, and return how many (≤ ``wanted``) may."""
        if not self.rate:
            return wanted
        self._refill()
        if self.tokens < 1:
            self.sleep((1 - self.tokens) / self.rate)
            self._refill()
        granted = max(1, min(wanted, int(self.tokens)))
        self.tokens -= granted
        return granted
