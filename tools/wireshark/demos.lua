-- SPDX-License-Identifier: MIT
-- Wireshark/tshark dissector for DEMOS/x86's inter-kernel frames (EtherType
-- 0x88B5): the 32-byte frame header and, in a message's first fragment, the
-- fields of its transport message (kernel/net/wire_format.h, kernel/net/wire.c).
--
--   tshark -X lua_script:tools/wireshark/demos.lua -r FILE -Y demos
--   wireshark -X lua_script:tools/wireshark/demos.lua FILE
-- or copy it to ~/.local/lib/wireshark/plugins/. Filter name: demos.
-- Adding a frame type or a message kind is one line in TYPES or KINDS.

local demos = Proto("demos", "DEMOS/x86 inter-kernel transport")

local ETHERTYPE = 0x88B5
local VERSION = 3
local CLUSTER_DEFAULT = 0xDE05
local HDR_LEN = 48                  -- WIRE_HDR_LEN
local TAG_LEN = 8                   -- WIRE_TAG_LEN: the MAC after the payload
local PAYLOAD_MAX = 1444            -- WIRE_PAYLOAD_MAX
local BROADCAST = 0xFF

-- Frame types (enum wire_type). pid: the header field that names a process,
-- if the type's payload opens with one.
local TYPES = {
    [1] = { name = "HELLO" },
    [2] = { name = "DATA" },
    [3] = { name = "ACK" },
    [4] = { name = "RESET" },
    [5] = { name = "DGRAM" },
    [6] = { name = "HANDSHAKE" },
}

-- ---- fields ----

local f = {}
local function field(key, pf) f[key] = pf; return pf end

field("version", ProtoField.uint8("demos.version", "Version"))
-- Type and kind by name ("DATA", "OFFER", "unknown (9)"), so that tshark -T
-- fields prints names and filters read demos.kind == "OFFER"; .id: the number.
field("type", ProtoField.string("demos.type", "Type"))
field("type_id", ProtoField.uint8("demos.type.id", "Type number"))
field("cluster", ProtoField.uint16("demos.cluster", "Cluster", base.HEX))
field("src", ProtoField.uint8("demos.src", "Source node"))
field("dst", ProtoField.uint8("demos.dst", "Destination node"))
field("len", ProtoField.uint16("demos.len", "Payload length"))
field("sess", ProtoField.uint32("demos.sess", "Session", base.HEX))
field("seq", ProtoField.uint32("demos.seq", "Sequence"))
field("ack_sess", ProtoField.uint32("demos.ack_sess", "Acknowledged session", base.HEX))
field("ack", ProtoField.uint32("demos.ack", "Acknowledgement (next expected)"))
field("kind", ProtoField.string("demos.kind", "Message kind"))
field("kind_id", ProtoField.uint16("demos.kind.id", "Message kind number"))
field("frag", ProtoField.uint8("demos.frag", "Fragment"))
field("nfrags", ProtoField.uint8("demos.nfrags", "Fragments"))
field("boot", ProtoField.uint32("demos.boot", "Boot id (incarnation)", base.HEX))
field("key_id", ProtoField.uint32("demos.key_id", "Cluster key id (0: none)", base.HEX))
field("session", ProtoField.uint32("demos.session", "Pair session (0: broadcast)", base.HEX))
field("counter", ProtoField.uint64("demos.counter", "Frame counter (replay window)"))
field("tag", ProtoField.bytes("demos.tag", "Tag (UMAC-64, RFC 4418; not checked here)"))
field("payload", ProtoField.bytes("demos.payload", "Payload"))
-- The process the frame is about, written N.S (PID_NODE, PID_SERIAL).
field("pid", ProtoField.string("demos.pid", "Process"))

-- Payload fields: one ProtoField each, named by the layouts below.
local function u32(key, label, b) return field(key, ProtoField.uint32("demos." .. key, label, b)) end
local function i32(key, label) return field(key, ProtoField.int32("demos." .. key, label)) end
local function u16(key, label, b) return field(key, ProtoField.uint16("demos." .. key, label, b)) end
local function u8(key, label) return field(key, ProtoField.uint8("demos." .. key, label)) end
local function pidf(key, label) return field(key, ProtoField.string("demos." .. key, label)) end

pidf("link.target", "Target"); u16("link.node_hint", "Node hint"); u16("link.flags", "Flags", base.HEX)
u32("link.epoch", "Epoch"); u32("link.channel", "Channel"); u32("link.token", "Token", base.HEX)
u32("link.data_base", "Data base", base.HEX); u32("link.data_len", "Data length")
u32("link.incarnation", "Incarnation", base.HEX)
pidf("msg.sender", "Sender"); u32("msg.channel", "Channel"); u32("msg.token", "Token", base.HEX)
i32("msg.status", "Status"); u8("msg.has_link", "Carries a link"); u8("msg.has_reply", "Has a reply link")
u32("msg.origin", "Origin node"); u32("msg.body_len", "Body length")
u32("msg.sender_inc", "Sender incarnation", base.HEX); u32("msg.stream", "Numbering")
u32("msg.seq", "Number (0: none)")
u32("move.id", "Request id"); u32("move.va", "Address", base.HEX); u32("move.count", "Length")
u8("move.dir", "Direction"); i32("move.status", "Status"); u32("move.incarnation", "Incarnation", base.HEX)
pidf("update.sender", "Sender"); u32("update.node", "Node"); u32("update.epoch", "Epoch")
u32("locate.incarnation", "Incarnation", base.HEX)
u32("here.incarnation", "Incarnation", base.HEX); u32("here.node", "Node (0: ended)")
u32("here.epoch", "Epoch")
u32("swim.seq", "Probe sequence")
u16("swim.target", "Member probed")
u8("swim.count", "Updates piggybacked")
u8("load.version", "Load report version"); u8("load.len", "Load report length")
u16("load.runnable_x100", "Runnable processes x100"); u16("load.busy_pct", "CPU busy %")
u16("load.reserved", "Reserved"); u32("load.free_pages", "Free pages")
u32("mig.attempt", "Attempt"); u32("mig.pages", "Pages"); u32("mig.epoch", "New epoch")
i32("mig.status", "Status"); u32("mig.from_va", "From address", base.HEX)
u32("mig.next_va", "Next address (0: done)", base.HEX); u32("mig.count", "Pages here")

local e_malformed = ProtoExpert.new("demos.malformed", "Malformed DEMOS frame",
                                    expert.group.MALFORMED, expert.severity.WARN)
local e_unknown = ProtoExpert.new("demos.unknown", "Unknown DEMOS frame type or message kind",
                                  expert.group.UNDECODED, expert.severity.WARN)
local e_cluster = ProtoExpert.new("demos.other_cluster", "Frame of another cluster",
                                  expert.group.PROTOCOL, expert.severity.NOTE)

do
    local all = {}
    for _, pf in pairs(f) do all[#all + 1] = pf end
    demos.fields = all
    demos.experts = { e_malformed, e_unknown, e_cluster }
end

-- ---- payload layouts: a list of {field key, bytes}, or {sub-layout, label} ----

-- A link as it travels (wire_put_link): 32 bytes. {key, 4, pid = true}: a
-- process id, shown N.S; the one keyed "pid" is the frame's process.
local LINK = { {"link.target", 4, pid = true}, {"link.node_hint", 2}, {"link.flags", 2},
               {"link.epoch", 4}, {"link.channel", 4}, {"link.token", 4},
               {"link.data_base", 4}, {"link.data_len", 4}, {"link.incarnation", 4} }
-- TM_MSG (wire_put_msg): the link it travels along (whose target is the
-- frame's process: frame = true), the message, its carried and reply links.
local MSG = { {LINK, "Along link", frame = true}, {"msg.sender", 4, pid = true},
              {"msg.channel", 4}, {"msg.token", 4}, {"msg.status", 4}, {"msg.has_link", 1},
              {"msg.has_reply", 1}, {LINK, "Carried link"}, {LINK, "Reply link"},
              {"msg.origin", 4}, {"msg.body_len", 4}, {"msg.sender_inc", 4},
              {"msg.stream", 4}, {"msg.seq", 4} }
local PID = {"pid", 4, pid = true}
local MOVE = { {"move.id", 4}, PID, {"move.va", 4}, {"move.count", 4}, {"move.dir", 1},
               {"move.status", 4}, {"move.incarnation", 4} }
-- A HELLO's load report (struct wire_load, wire_put_load), when it has one.
local LOAD = { {"load.version", 1}, {"load.len", 1}, {"load.runnable_x100", 2},
               {"load.busy_pct", 2}, {"load.reserved", 2}, {"load.free_pages", 4} }
-- A SWIM message's header (kernel/net/swim.c; its updates follow).
local SWIM = { {"swim.seq", 4}, {"swim.target", 2}, {"swim.count", 1} }
-- Every migration step opens with {pid, attempt} (WIRE_MIG_HEAD).
local function mig(...) return { PID, {"mig.attempt", 4}, ... } end

-- Transport message kinds (enum tm_kind), with the layout each opens with.
local KINDS = {
    [1]  = { name = "MSG",         layout = MSG },
    [2]  = { name = "MOVE_REQ",    layout = MOVE },
    [3]  = { name = "MOVE_RESP",   layout = MOVE },
    [4]  = { name = "LINK_UPDATE", layout = { {"update.sender", 4, pid = true}, PID,
                                              {"update.node", 4}, {"update.epoch", 4} } },
    [5]  = { name = "EXIT_NOTICE", layout = { PID } },
    [6]  = { name = "OFFER",       layout = mig({"mig.pages", 4}, {"mig.epoch", 4}) },
    [7]  = { name = "ACCEPT",      layout = mig({"mig.status", 4}) },
    [8]  = { name = "PULL_STATE",  layout = mig() },
    [9]  = { name = "STATE",       layout = mig() },
    [10] = { name = "PULL_PAGES",  layout = mig({"mig.from_va", 4}) },
    [11] = { name = "PAGES",       layout = mig({"mig.next_va", 4}, {"mig.count", 4}) },
    [12] = { name = "READY",       layout = mig() },
    [13] = { name = "START",       layout = mig() },
    [14] = { name = "STARTED",     layout = mig() },
    [15] = { name = "ABORT",       layout = mig({"mig.status", 4}) },
    [16] = { name = "LOCATE",      layout = { PID, {"locate.incarnation", 4} } },
    [17] = { name = "HERE",        layout = { PID, {"here.incarnation", 4}, {"here.node", 4},
                                              {"here.epoch", 4} } },
    -- membership (kernel/net/swim.c): {seq, target, count} + count updates of 19 bytes
    [18] = { name = "SWIM_PING",     layout = SWIM },
    [19] = { name = "SWIM_PING_REQ", layout = SWIM },
    [20] = { name = "SWIM_ACK",      layout = SWIM },
}

local function layout_len(layout)
    local n = 0
    for _, item in ipairs(layout) do
        n = n + (type(item[1]) == "table" and layout_len(item[1]) or item[2])
    end
    return n
end

-- PID_NODE and PID_SERIAL (include/demos/syscall.h): node << 20 | serial.
local function pid_text(v)
    return string.format("%d.%d", math.floor(v / 0x100000), v % 0x100000)
end

-- Adds layout's fields from tvb at off under tree. Returns the frame's
-- process (text) if the layout names one, and the first process id in it.
local function add_layout(layout, tvb, off, tree)
    local frame_pid, first
    for _, item in ipairs(layout) do
        if type(item[1]) == "table" then
            local n = layout_len(item[1])
            local sub = tree:add(demos, tvb(off, n), item[2])
            local _, target = add_layout(item[1], tvb, off, sub)
            sub:append_text(": to " .. target)
            if item.frame then
                frame_pid = target
                tree:add(f.pid, tvb(off, 4), target):set_generated()
            end
            off = off + n
        else
            local key, size = item[1], item[2]
            local r = tvb(off, size)
            if item.pid then
                local text = pid_text(r:uint())
                tree:add(f[key], r, text):append_text(string.format(" (0x%08x)", r:uint()))
                first = first or text
                if key == "pid" then frame_pid = text end
            else
                tree:add(f[key], r)
            end
            off = off + size
        end
    end
    return frame_pid, first
end

-- ---- the dissector ----

local function unknown(n) return string.format("unknown (%d)", n) end

function demos.dissector(tvb, pinfo, tree)
    local have = tvb:reported_length_remaining()
    pinfo.cols.protocol = "DEMOS"
    local root = tree:add(demos, tvb())
    if have < HDR_LEN then
        root:add_proto_expert_info(e_malformed, string.format(
            "frame header cut short: %d of %d bytes", have, HDR_LEN))
        pinfo.cols.info = "DEMOS malformed: short header"
        return have
    end
    local ver, ty, cl = tvb(0, 1):uint(), tvb(1, 1):uint(), tvb(2, 2):uint()
    local src, dst, len = tvb(4, 1):uint(), tvb(5, 1):uint(), tvb(6, 2):uint()
    local seq, ack, kind = tvb(12, 4):uint(), tvb(20, 4):uint(), tvb(24, 2):uint()
    local frag, nfrags = tvb(26, 1):uint(), tvb(27, 1):uint()
    root:add(f.version, tvb(0, 1))
    local t = TYPES[ty]
    local tname = t and t.name or unknown(ty)
    local ti_type = root:add(f.type, tvb(1, 1), tname)
    root:add(f.type_id, tvb(1, 1))
    local ti_cl = root:add(f.cluster, tvb(2, 2))
    root:add(f.src, tvb(4, 1))
    root:add(f.dst, tvb(5, 1))
    local ti_len = root:add(f.len, tvb(6, 2))
    root:add(f.sess, tvb(8, 4))
    root:add(f.seq, tvb(12, 4))
    root:add(f.ack_sess, tvb(16, 4))
    root:add(f.ack, tvb(20, 4))
    local info = string.format("%s %d%s%s", tname, src, "->",
                               dst == BROADCAST and "*" or tostring(dst))
    if not t then
        ti_type:add_proto_expert_info(e_unknown, "frame type " .. tname)
    end
    if ver ~= VERSION then
        root:add_proto_expert_info(e_malformed, string.format("version %d, not %d", ver, VERSION))
    end
    if cl ~= CLUSTER_DEFAULT then
        ti_cl:add_proto_expert_info(e_cluster, string.format("cluster 0x%04x", cl))
    end
    local k = KINDS[kind]
    local kname = k and k.name or unknown(kind)
    local ti_kind
    local carries = ty == 2 or ty == 5          -- DATA and DGRAM carry a message kind
    if carries then
        ti_kind = root:add(f.kind, tvb(24, 2), kname)
        root:add(f.kind_id, tvb(24, 2))
        root:add(f.frag, tvb(26, 1))
        root:add(f.nfrags, tvb(27, 1))
    end
    root:add(f.boot, tvb(28, 4))
    root:add(f.key_id, tvb(32, 4))
    root:add(f.session, tvb(36, 4))
    root:add(f.counter, tvb(40, 8))

    local body = have - HDR_LEN - TAG_LEN
    local bad
    if len > PAYLOAD_MAX then
        bad = string.format("length %d is over the most a frame carries (%d)", len, PAYLOAD_MAX)
    elseif len > body then
        bad = string.format("payload cut short: length says %d bytes and a %d-byte tag,"
                            .. " the frame has %d", len, TAG_LEN, have - HDR_LEN)
    end
    if bad then
        ti_len:add_proto_expert_info(e_malformed, bad)
        len = math.max(0, math.min(len, have - HDR_LEN))
    end
    root:set_len(math.min(have, HDR_LEN + len + TAG_LEN))
    if len > 0 then
        root:add(f.payload, tvb(HDR_LEN, len))
    end
    if not bad then
        root:add(f.tag, tvb(HDR_LEN + len, TAG_LEN))
    end

    if carries then
        info = info .. (ty == 2 and string.format(" seq %d %s", seq, kname) or " " .. kname)
        if not k then
            ti_kind:add_proto_expert_info(e_unknown, "message kind " .. kname)
        end
        if nfrags > 1 then
            info = info .. string.format(" [%d/%d]", frag + 1, nfrags)
        end
        if nfrags == 0 or frag >= nfrags then
            bad = string.format("fragment %d of %d", frag, nfrags)
            root:add_proto_expert_info(e_malformed, bad)
        elseif k and frag == 0 then
            local need = layout_len(k.layout)
            if len < need then
                bad = string.format("%s needs %d bytes, the payload has %d", kname, need, len)
                root:add_proto_expert_info(e_malformed, bad)
            else
                local sub = root:add(demos, tvb(HDR_LEN, need), "TM_" .. kname)
                local pid = add_layout(k.layout, tvb, HDR_LEN, sub)
                if pid then info = info .. " pid " .. pid end
            end
        end
    elseif ty == 1 and not bad and len >= layout_len(LOAD) then
        add_layout(LOAD, tvb, HDR_LEN, root:add(demos, tvb(HDR_LEN, layout_len(LOAD)), "Load"))
    elseif ty == 3 or ty == 4 then
        info = info .. string.format(" ack %d", ack)
    end
    if bad then info = info .. " [malformed]" end
    pinfo.cols.info = info
    return math.min(have, HDR_LEN + len + TAG_LEN)
end

DissectorTable.get("ethertype"):add(ETHERTYPE, demos)
