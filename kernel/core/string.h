/* SPDX-License-Identifier: MIT */
/* The kernel's string helpers are the shared ones (lib/string.c). */
#include "demos/string.h"
