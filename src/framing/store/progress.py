"""Progress reporting for long runs: a bar on a terminal, plain lines in logs, silence on request.

* On a terminal (``stream.isatty()``) one line is redrawn in place at most
  a few times a second: ``[#####.....] 4,200/10,000 docs  310 docs/s  1.9 MB/s  ETA 0:18``.
* Otherwise (CI logs, ``nohup``, pipes) a plain line is printed every
  ``interval`` seconds, because carriage returns make unreadable logs.
* ``quiet`` silences progress and the summary; skipped inputs are still
  reported by the caller since they are warnings, not progress.

Rates use input bytes (file sizes), so the ETA is right even when document
sizes vary, and reused documents count as done (they are fast, so the ETA
shrinks as soon as they are recognised).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import IO


def fmt_rate(mb_per_s: float) -> str:
    """Return a throughput for people: "1.9 MB/s", or "42 kB/s" below 1 MB/s (not "0.0 MB/s")."""
    return f"{mb_per_s:.1f} MB/s" if mb_per_s >= 1 else f"{mb_per_s * 1000:.0f} kB/s"


def _fmt_duration(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


@dataclass
class Progress:
    """Counts documents and bytes done and reports them; call :meth:`close` at the end."""

    total_docs: int | None = None
    total_bytes: int | None = None
    stream: IO[str] = field(default_factory=lambda: sys.stderr)
    quiet: bool = False
    interval: float = 10.0
    tty: bool | None = None
    #: Seconds between redraws of the terminal bar (redrawing is not free).
    redraw: float = 0.2
    docs: int = 0
    bytes: int = 0
    scored: int = 0
    reused: int = 0
    skipped: int = 0
    failed: int = 0

    def __post_init__(self) -> None:
        if self.tty is None:
            try:
                self.tty = bool(self.stream.isatty())
            except (AttributeError, ValueError):
                self.tty = False
        self.start = time.monotonic()
        # The first report comes after one interval, not at the first document.
        self._last = self.start
        self._drawn = False

    # -- counting -----------------------------------------------------------
    def advance(self, docs: int = 0, nbytes: int = 0, scored: int = 0, reused: int = 0,
                skipped: int = 0, failed: int = 0) -> None:
        """Add finished work and report if it is time to."""
        self.docs += docs
        self.bytes += nbytes
        self.scored += scored
        self.reused += reused
        self.skipped += skipped
        self.failed += failed
        self.tick()

    def tick(self, force: bool = False) -> None:
        """Report progress if the redraw interval (terminal) or ``interval`` (log) has passed."""
        if self.quiet:
            return
        now = time.monotonic()
        wait = self.redraw if self.tty else self.interval
        if not force and now - self._last < wait:
            return
        self._last = now
        line = self.line(now)
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
            self._drawn = True
        else:
            self.stream.write("framing: " + line + "\n")
        self.stream.flush()

    def note(self, message: str) -> None:
        """Print one message line without breaking the bar (skipped files, warnings)."""
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[K")
            self._drawn = False
        self.stream.write(message.rstrip("\n") + "\n")
        self.stream.flush()

    # -- rendering ----------------------------------------------------------
    def rates(self, now: float | None = None) -> tuple[float, float, float]:
        """Return ``(elapsed seconds, docs per second, MB per second)`` so far."""
        elapsed = max(1e-9, (now or time.monotonic()) - self.start)
        return elapsed, self.docs / elapsed, self.bytes / 1e6 / elapsed

    def eta(self, now: float | None = None) -> float | None:
        """Return the estimated seconds left, from bytes when the total is known, else docs; None if unknown."""
        elapsed, dps, mbps = self.rates(now)
        if self.total_bytes and self.bytes:
            return max(0.0, (self.total_bytes - self.bytes) / (self.bytes / elapsed))
        if self.total_docs and self.docs:
            return max(0.0, (self.total_docs - self.docs) / dps)
        return None

    def line(self, now: float | None = None) -> str:
        """Return the progress line: bar (when the total is known), counts, rates, ETA."""
        elapsed, dps, mbps = self.rates(now)
        parts = []
        frac = None
        if self.total_bytes:
            frac = min(1.0, self.bytes / self.total_bytes)
        elif self.total_docs:
            frac = min(1.0, self.docs / self.total_docs)
        if frac is not None and self.tty:
            n = int(frac * 24)
            parts.append("[" + "#" * n + "." * (24 - n) + "]")
        total = f"/{self.total_docs:,}" if self.total_docs else ""
        parts.append(f"{self.docs:,}{total} docs")
        if frac is not None:
            parts.append(f"{frac:4.0%}")
        parts.append(f"{dps:,.0f} docs/s")
        parts.append(fmt_rate(mbps))
        eta = self.eta(now)
        if eta is not None and self.docs:
            parts.append(f"ETA {_fmt_duration(eta)}")
        parts.append(f"(scored {self.scored:,}, reused {self.reused:,}"
                     + (f", skipped {self.skipped:,}" if self.skipped else "")
                     + (f", failed {self.failed:,}" if self.failed else "") + ")")
        return "  ".join(parts)

    def close(self) -> None:
        """Finish the bar line (terminal) so later output starts on a fresh line."""
        if self.quiet:
            return
        if self.tty and self._drawn:
            self.stream.write("\r" + self.line() + "\x1b[K\n")
            self.stream.flush()
            self._drawn = False

    def summary(self, extra: str = "") -> str:
        """Return the one-line end-of-run summary (counts, time, rates)."""
        elapsed, dps, mbps = self.rates()
        return (f"scored {self.scored:,}, reused {self.reused:,}, skipped {self.skipped:,}"
                + (f", failed {self.failed:,}" if self.failed else "")
                + f" in {_fmt_duration(elapsed)} ({dps:,.0f} docs/s, {fmt_rate(mbps)})" + extra)


__all__ = ["Progress", "fmt_rate"]
