# SPDX-License-Identifier: MIT
# The cluster launcher as a module (tools/cluster is its command line): up,
# restart, sh, faults, kill, status, wait_log, capture, down. Import with
# tools/ on sys.path.

from .base import BRIDGE, ClusterError, TimedOut, alive, cluster_dir, load_state, prompt, run_dir
from .boot import restart, up
from .capture import capture_start, capture_stop
from .console import log_size, log_text, sh, wait_log
from .teardown import down, faults, kill, status
from .wirefilter import fault_text

__all__ = ["up", "restart", "capture_start", "capture_stop", "sh", "faults", "kill", "status",
           "wait_log", "log_text", "log_size", "down", "ClusterError", "TimedOut", "BRIDGE", "alive", "cluster_dir", "load_state",
           "prompt", "run_dir", "fault_text"]
