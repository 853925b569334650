# SPDX-License-Identifier: MIT
# The cluster launcher's parts (tools/cluster is its command line).
