#!/usr/bin/env python3
"""Regenerates src/main/resources/org/elkflow/flowcodec/schema/{iana-ipfix,cert-6871}.tsv and the generated
part of vendor-elements.tsv (below the GENERATED marker line).

Inputs are registry *data* (facts only: element ids, names, abstract data types, semantics):
  python3-ipfix   /usr/lib/python3/dist-packages/ipfix/iana.iespec   (IANA IPFIX registry, ids 1-433)
  libfixbuf9      /usr/share/libfixbuf/cert_ipfix.xml                (CERT PEN 6871 elements; reversible ones
                                    also as id | 0x4000, RFC 5103 section 6.2)
  src/build/iana-ipfix-additions.tsv                                  (IANA ids 291-293 and 434-533 with their
                                    registry semantics, transcribed from a vendored copy of the registry; the file
                                    header names repository, path and commit)
  tshark (Debian package tshark 4.0.x)  `tshark -G values` / `tshark -G fields`: Wireshark's published lists of
                                    ntop/nProbe (PEN 35632; NetFlow v9 types 57472 + id) and Citrix NetScaler
                                    (PEN 5951) elements: id and name from the value strings, the abstract data type
                                    from the field type of the matching cflow.pie.* field
  src/build/iana-ipfix-semantics.tsv                                  (IANA semantics of ids 1-433, which
                                    python3-ipfix lacks; transcribed, source named in the file header)
Rows of iana-ipfix-additions.tsv are added to (and must agree in name with) python3-ipfix's.
unsigned256 (ids 515, 520, 525) has no decoder type here; it is written as octetArray (hex in events).
Run: python3 src/build/make_registry.py  (from the module directory)
"""
import subprocess
import re
import sys
import xml.etree.ElementTree as ET

OUT = "src/main/resources/org/elkflow/flowcodec/schema/"


def iana_semantics():
    """id -> IANA data type semantics for ids 1-433, from src/build/iana-ipfix-semantics.tsv."""
    sem = {}
    for line in open("src/build/iana-ipfix-semantics.tsv"):
        if line.startswith("#") or not line.strip():
            continue
        ids, value = line.rstrip("\n").split("\t")
        first, _, last = ids.partition("-")
        for ident in range(int(first), int(last or first) + 1):
            sem[ident] = "default" if value == "-" else value
    return sem


def iana():
    rows = []
    sem = iana_semantics()
    pat = re.compile(r"^(\w+)\((\d+)\)<(\w+)>")
    for line in open("/usr/lib/python3/dist-packages/ipfix/iana.iespec"):
        m = pat.match(line.strip())
        if m:
            name, ident, dtype = m.group(1), int(m.group(2)), m.group(3)
            if ident not in sem:
                sys.exit("iana-ipfix-semantics.tsv has no semantics for %s(%d)" % (name, ident))
            rows.append((0, ident, name, dtype, sem[ident]))
    by_id = {r[1]: r for r in rows}
    for line in open("src/build/iana-ipfix-additions.tsv"):
        if line.startswith("#") or not line.strip():
            continue
        ident, name, dtype, semantic = line.rstrip("\n").split("\t")
        if int(ident) in by_id and by_id[int(ident)][2] != name:
            sys.exit("iana-ipfix-additions.tsv: id %s is %s in python3-ipfix" % (ident, by_id[int(ident)][2]))
        by_id[int(ident)] = (0, int(ident), name, "octetArray" if dtype == "unsigned256" else dtype, semantic)
    return list(by_id.values())


# Wireshark field types -> IPFIX abstract data types (others, e.g. FT_ABSOLUTE_TIME, FT_NONE: element skipped)
FT = {"FT_UINT8": "unsigned8", "FT_UINT16": "unsigned16", "FT_UINT24": "unsigned32", "FT_UINT32": "unsigned32",
      "FT_UINT64": "unsigned64", "FT_INT8": "signed8", "FT_INT16": "signed16", "FT_INT32": "signed32",
      "FT_INT64": "signed64", "FT_IPv4": "ipv4Address", "FT_IPv6": "ipv6Address", "FT_ETHER": "macAddress",
      "FT_STRING": "string", "FT_STRINGZ": "string", "FT_BYTES": "octetArray", "FT_FLOAT": "float32",
      "FT_DOUBLE": "float64"}
# Left out on purpose: nProbe L7_PROTO_NAME (v9 57591 / PEN 35632 id 119): the corpus's nProbe DPI capture carries
# 16 bytes there that are not text (its IANA applicationName is garbage too), so the name could not be confirmed.
NOT_CONFIRMED = {("cflow.template_ntop_field_type", 119)}


def wireshark(value_string, prefix):
    def tshark(arg):
        return subprocess.run(["tshark", "-G", arg], capture_output=True, text=True, check=True).stdout.splitlines()
    values, fields = {}, {}
    for line in tshark("values"):
        c = line.split("\t")
        if len(c) >= 4 and c[0] == "V" and c[1] == value_string:
            values[int(c[2])] = c[3]
    for line in tshark("fields"):
        c = line.split("\t")
        if len(c) >= 4 and c[0] == "F" and c[2].startswith(prefix):
            fields[c[2]] = (c[1], c[3])
    out = []
    for ident, vname in sorted(values.items()):
        if (value_string, ident) in NOT_CONFIRMED:
            continue
        exact = prefix + vname.lower()
        cands = [exact] if exact in fields else [a for a, (d, _) in fields.items() if d.lower() == vname.lower()]
        if len(cands) != 1 or fields[cands[0]][1] not in FT:
            continue
        out.append((ident, vname, FT[fields[cands[0]][1]]))
    return out


def camel(text):
    words = re.split(r"[^A-Za-z0-9]+", text)
    words = [w for w in words if w]
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])


MARKER = "# ---- GENERATED below by src/build/make_registry.py from tshark -G values/fields; do not edit ----\n"


def vendor_generated():
    lines = ["# ntop nProbe (PEN 35632, and the same elements as NetFlow v9 field types 57472 + id). Source: Wireshark\n"
             "# 4.0 (Debian tshark 4.0.17) value string cflow.template_ntop_field_type + cflow.pie.ntop.* field types;\n"
             "# names as nProbe spells them. Checked: L7_PROTO (v9 57590) decodes to 82 in the nProbe DPI capture.\n"]
    for ident, vname, dtype in wireshark("cflow.template_ntop_field_type", "cflow.pie.ntop."):
        name = re.sub(r"[^A-Za-z0-9_-]", "_", vname)
        lines.append("35632\t%d\t%s\t%s\tdefault\n" % (ident, name, dtype))
        lines.append("v9\t%d\t%s\t%s\tdefault\n" % (57472 + ident, name, dtype))
    lines.append("# Citrix NetScaler AppFlow (PEN 5951). Source: Wireshark 4.0 value string\n"
                 "# cflow.template_netscaler_field_type + cflow.pie.netscaler.* field types; names camelCased from the\n"
                 "# Wireshark descriptions with a 'netscaler' prefix. Checked against the NetScaler capture (HTTP host,\n"
                 "# URL, user agent, cookie decode as text; round trip time 83).\n")
    for ident, vname, dtype in wireshark("cflow.template_netscaler_field_type", "cflow.pie.netscaler."):
        name = "netscaler" + camel(vname)[:1].upper() + camel(vname)[1:]
        lines.append("5951\t%d\t%s\t%s\tdefault\n" % (ident, name, dtype))
    path = OUT + "vendor-elements.tsv"
    text = open(path).read()
    head = text.split(MARKER)[0]
    with open(path, "w") as f:
        f.write(head + MARKER + "".join(lines))


def cert():
    ns = {"i": "http://www.iana.org/assignments", "cert": "http://www.cert.org/ipfix"}
    rows = []
    root = ET.parse("/usr/share/libfixbuf/cert_ipfix.xml").getroot()
    for rec in root.iter("{http://www.iana.org/assignments}record"):
        name = rec.findtext("i:name", namespaces=ns)
        ident = rec.findtext("i:elementId", namespaces=ns)
        pen = rec.findtext("cert:enterpriseId", namespaces=ns)
        dtype = rec.findtext("i:dataType", namespaces=ns)
        sem = rec.findtext("i:dataTypeSemantics", namespaces=ns) or "default"
        if not (name and ident and pen and dtype) or not ident.strip().isdigit():
            continue
        rows.append((int(pen), int(ident), name.strip(), dtype.strip(), sem.strip()))
        # RFC 5103 section 6.2 / libfixbuf FB_IE_VENDOR_BIT_REVERSE: the reverse of a reversible enterprise
        # element is the same PEN with id | 0x4000 (YAF exports e.g. reverseInitialTCPFlags as 6871/16398)
        if (rec.findtext("cert:reversible", namespaces=ns) or "").strip() == "true":
            n = name.strip()
            rows.append((int(pen), int(ident) | 0x4000, "reverse" + n[0].upper() + n[1:], dtype.strip(), sem.strip()))
    keys = [(r[0], r[1]) for r in rows]
    if len(keys) != len(set(keys)):
        sys.exit("cert_ipfix.xml: a reverse id collides with a forward id")
    return rows


def write(path, rows, comment):
    with open(OUT + path, "w") as f:
        f.write("# " + comment + "\n# enterprise\tid\tname\ttype\tsemantics\n")
        for r in sorted(rows, key=lambda r: (r[0], r[1])):
            f.write("%d\t%d\t%s\t%s\t%s\n" % r)


write("iana-ipfix.tsv", iana(), "IANA IPFIX information elements (generated by src/build/make_registry.py)")
write("cert-6871.tsv", cert(), "CERT NetSA enterprise elements (generated by src/build/make_registry.py)")
vendor_generated()
