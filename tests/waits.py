"""How long a test waits for something that should happen at once: a failure detector, not a
claim about speed (speed lives in bench/). A passing test never waits this long; the margin is
for CI's 2-core machine running three test workers beside other work (load 8-12), where a
step that takes 50 ms here was seen to take seconds."""

from __future__ import annotations

WAIT_S = 60.0
