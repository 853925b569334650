# SPDX-License-Identifier: MIT
# The cluster key: a fresh random one per cluster (up), passed to every node
# as key=HEX on its command line, again on restart.

import re
import secrets

from .base import ClusterError

KEY_HEX = re.compile(r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{64})$")


def new_key():
    """A fresh random cluster key: 128 bits, as 32 hex digits."""
    return secrets.token_hex(16)


def key_plan(key, n):
    """Each node's key (hex, or "" for none), nodes 1..n in order, from up's
    key: True a fresh one for all; False, None or "" none; a hex string that
    one for all; a list (or a comma-separated string) one per node, each
    hex, "" (none) or "new" (a fresh one of its own)."""
    if key is True:
        return [new_key()] * n
    if not key:
        return [""] * n
    keys = key.split(",") if isinstance(key, str) else list(key)
    if len(keys) == 1:
        keys = keys * n
    if len(keys) != n:
        raise ClusterError("%d keys for %d nodes; give one, or one per node" % (len(keys), n))
    out = []
    for k in keys:
        k = new_key() if k == "new" else (k or "")
        if k and not KEY_HEX.match(k):
            raise ClusterError("key %r: want 32 or 64 hex digits, '' (none) or 'new'" % k)
        out.append(k.lower())
    return out


def key_words(st, node):
    """The command-line words that give node its key (none without one)."""
    key = st.get("keys", {}).get(str(node), "")
    return ["key=" + key] if key else []


__all__ = ["new_key", "key_plan", "key_words"]
