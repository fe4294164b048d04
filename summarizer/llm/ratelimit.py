"""Client-side rate limits for hosted APIs: requests/min and tokens/min, as async token buckets.

A bucket refills continuously at ``per_minute / 60`` a second and holds one second's
worth (providers enforce per-minute limits over shorter windows). A caller takes its
estimate up front; once the real count is known the difference is settled, so an
under-estimate becomes debt that delays the next callers. Waiters are served in order.
"""

from __future__ import annotations

import asyncio
import time

__all__ = ["RateLimiter", "TokenBucket"]


class TokenBucket:
    def __init__(self, per_minute: float, *, burst_s: float = 1.0):
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate * burst_s)
        self.level = self.capacity
        self._t = time.monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        t = time.monotonic()
        self.level = min(self.capacity, self.level + (t - self._t) * self.rate)
        self._t = t

    async def acquire(self, n: float = 1.0) -> None:
        """Wait until ``n`` fits (at most a full bucket: larger requests go into debt), then take it."""
        need = min(n, self.capacity)
        async with self._lock:
            self._refill()
            while self.level < need:
                await asyncio.sleep((need - self.level) / self.rate)
                self._refill()
            self.level -= n

    def adjust(self, delta: float) -> None:
        """Take ``delta`` more (or give back, if negative) after the fact."""
        self._refill()
        self.level = min(self.capacity, self.level - delta)


class RateLimiter:
    """Requests/min and tokens/min together; either may be None (unlimited)."""

    def __init__(self, requests_per_min: float | None = None, tokens_per_min: float | None = None):
        self.requests = TokenBucket(requests_per_min) if requests_per_min else None
        self.tokens = TokenBucket(tokens_per_min) if tokens_per_min else None

    @property
    def active(self) -> bool:
        return bool(self.requests or self.tokens)

    async def acquire(self, est_tokens: int) -> None:
        if self.requests:
            await self.requests.acquire(1)
        if self.tokens:
            await self.tokens.acquire(est_tokens)

    def settle(self, est_tokens: int, tokens: int, calls: int) -> None:
        """After the article: the real token count, and every call after the first (re-asks)."""
        if self.tokens:
            self.tokens.adjust(tokens - est_tokens)
        if self.requests and calls > 1:
            self.requests.adjust(calls - 1)
