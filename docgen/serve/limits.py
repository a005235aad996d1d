"""Every limit `docgen serve` keeps on a shared server, with its default.

The README's `docgen serve` section lists the same numbers; tests/test_serve.py
tests each one (with small values, so they run fast).
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * MB  # one uploaded file
    files: int = 100  # files in one batch (one POST /api/check)
    batch_bytes: int = 200 * MB  # the whole request body
    queue: int = 16  # jobs waiting or running at once; one more gets 503 + Retry-After
    job_seconds: float = 600.0  # one job (a whole batch) in a worker; past it the job fails
    file_seconds: float = 60.0  # one file's check (the CLI's time budget)
    ttl_seconds: float = 3600.0  # a job's uploads and results are deleted this long after it ends
    kept_jobs: int = 1000  # finished jobs kept at once; beyond, the oldest are deleted early
    retry_after: int = 10  # seconds, in the 503's Retry-After
    wait_seconds: float = 30.0  # longest long-poll (GET /api/jobs/{id}?wait=N)
    held_bytes: int = 32 * MB  # small reports kept in the server's memory, all jobs together; beyond, on disk
    memory_bytes: int = 2 * MB  # one job's uploads kept in memory until its worker takes them; beyond, on disk
    name_chars: int = 120  # an upload's name is cut to this many characters (for display only)
