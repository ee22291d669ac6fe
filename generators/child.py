"""Child processes (ffmpeg, espeak-ng) that die with the build.

A build killed with ``kill -9`` runs no clean-up code, so an ffmpeg it started would go on
encoding into the cache. On Linux the child asks the kernel for SIGKILL when its parent
dies (prctl PR_SET_PDEATHSIG), set between fork and exec; it also gets its own process
group, so a Ctrl-C is handled by the build (which then waits for it) rather than killing
it halfway through a file.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

_PR_SET_PDEATHSIG = 1


def _death_signal():
    """The function run in the child before exec, resolved once here (not in the child)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return arm


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run`` for a tool that must not outlive the build."""
    return subprocess.run(args, preexec_fn=_death_signal(), process_group=0, **kwargs)
