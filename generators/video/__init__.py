"""Training videos recorded from the walkthroughs in the procedures' YAML.

Public entry point::

    from generators.video import record_walkthroughs, VideoResult

Modules, by concern: ``config`` (settings and defaults), ``portal`` (the sandbox served on
loopback, or another portal), ``runner`` (Playwright steps with the visual aids of
``aids``/``overlay.js``), ``capture`` (screencast frames and the hold timeline), ``compose``
(ffmpeg: MP4, chapters, captions, poster), ``narrate`` (optional espeak-ng), ``report`` (results
and the JSON report), ``record`` (selection, cache, parallel jobs, atomic publishing).
"""

from .record import exit_code, record_walkthroughs, select
from .report import VideoResult

__all__ = ["VideoResult", "exit_code", "record_walkthroughs", "select"]
