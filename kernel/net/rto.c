// SPDX-License-Identifier: MIT
/* The retransmission timer's wait (kernel/net/rto.h). The first wait is
 * short of a round trip on purpose: a resend before the acknowledgement
 * could be back is what keeps a lossy wire's calls quick (20% loss a
 * crossing: the copy sent 3 ms after a lost frame is there first), and it
 * costs little. But an acknowledgement always brought the wait back to
 * 3 ms, so to a receiver late because it is busy (one node serving 63
 * callers on a loaded host) every frame went four or five times, at 3, 6,
 * 12, 24 ms ...: its duplicates, and the acknowledgement it answers each
 * with, became most of its work and made it later still (in the 64-node
 * case 47,923 of its 86,206 frames were duplicates; its SWIM acks came late
 * and it was declared down). Keeping a long wait after any acknowledgement
 * (halving it, say) cost the 20%-loss case half its time again: there a
 * long wait is four losses in a row, each frame's own. The two are told
 * apart by the receiver, which acknowledges each copy it takes twice: as
 * many of those as resends (or one fewer: the first of them may be what
 * moved the stream on, the original's own acknowledgement folded in) means
 * every copy got there, none was lost; only then the wait stays, at the
 * last one that ran out (half what it had doubled to: the acknowledgement
 * came after it). A wait kept is halved by each acknowledgement that
 * needed no resend, back to the minimum once the receiver is quick again.
 * On a lossy wire all copies and all their acknowledgements get through
 * rarely, and then mostly after one resend, whose half is the minimum. */
#include "kernel/net/rto.h"

uint32_t rto_backoff(uint32_t rto_ms)
{
    return rto_ms * 2 < RTO_MAX_MS ? rto_ms * 2 : RTO_MAX_MS;
}

uint32_t rto_after_ack(uint32_t was_ms, uint32_t resent, uint32_t again)
{
    if ((resent && again + 1 < resent) || was_ms / 2 < RTO_MIN_MS)
        return RTO_MIN_MS;
    return was_ms / 2;
}
