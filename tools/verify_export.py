#!/usr/bin/env python3
"""An independent verifier of a Docket public-transparency export.

Written from docs/ledger-format.md and docs/export.md alone, with Python's standard library and
`cryptography` (for Ed25519). It shares no code with Docket.

Usage: python3 tools/verify_export.py EXPORT_DIR --key KEY.pub [--previous OLD_EXPORT_DIR]

Prints every problem as FILE: ITEM: MESSAGE and exits 1 if there is any; exits 0 and prints a summary if the
export is valid.
"""
import argparse
import base64
import csv
import datetime
import hashlib
import io
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PUBLIC_KEYS = ["position", "id", "stream", "version", "type", "schemaVersion", "occurredAt", "recordedAt",
               "actor", "authority", "reason", "correlationId", "causationId", "metadata", "data",
               "restrictedDigest"]
REDACTED = "REDACTED PERSONAL DATA"


# --- docs/ledger-format.md §1: canonical JSON (RFC 8785) ---------------------------------------------------

def es_number(value):
    """A number as ECMAScript's Number.prototype.toString writes it."""
    value = float(value)
    if value == 0:
        return "0"
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    sign = "-" if value < 0 else ""
    text = repr(abs(value))  # shortest round-trip digits
    mantissa, _, exponent = text.partition("e")
    exponent = int(exponent) if exponent else 0
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    # n: the position of the decimal point relative to the digits
    n = len(whole.lstrip("0")) + exponent if whole.strip("0") else exponent - (len(fraction) - len(fraction.lstrip("0")))
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    head = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + head + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return es_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: key.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(key, ensure_ascii=False) + ":" + canonical(value[key]) for key in keys) + "}"
    raise ValueError(f"not a JSON value: {value!r}")


def canonical_bytes(value):
    return canonical(value).encode("utf-8")


def reject_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def parse_json(data):
    return json.loads(data.decode("utf-8"), object_pairs_hook=reject_duplicates)


# --- docs/ledger-format.md §3 and §8: leaves from the public event form -------------------------------------

def sha256(data):
    return hashlib.sha256(data).digest()


def u32(n):
    return n.to_bytes(4, "big")


def i64(n):
    return n.to_bytes(8, "big", signed=True)


def text(s):
    raw = s.encode("utf-8")
    return u32(len(raw)) + raw


def uuid_bytes(s):
    raw = bytes.fromhex(s.replace("-", ""))
    if len(raw) != 16 or s != s.lower():
        raise ValueError(f"not a lower-case UUID: {s!r}")
    return raw


EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


def microseconds(s):
    if len(s) != 27 or s[4] != "-" or s[7] != "-" or s[10] != "T" or s[19] != "." or s[26] != "Z":
        raise ValueError(f"not a time of the form YYYY-MM-DDTHH:MM:SS.ffffffZ: {s!r}")
    day = datetime.date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
    seconds = (day.toordinal() - EPOCH_ORDINAL) * 86400 + int(s[11:13]) * 3600 + int(s[14:16]) * 60 + int(s[17:19])
    return seconds * 1_000_000 + int(s[20:26])


def leaf_bytes(event):
    if sorted(event) != sorted(PUBLIC_KEYS):
        raise ValueError("keys are not those of the public event form: " + ", ".join(sorted(set(event) ^ set(PUBLIC_KEYS))))
    out = bytes([1]) + i64(event["position"]) + uuid_bytes(event["id"]) + text(event["stream"])
    out += i64(event["version"]) + text(event["type"]) + u32(event["schemaVersion"])
    out += i64(microseconds(event["occurredAt"])) + i64(microseconds(event["recordedAt"]))
    for key in ("actor", "authority", "reason"):
        out += b"\x00" if event[key] is None else b"\x01" + text(event[key])
    for key in ("correlationId", "causationId"):
        out += b"\x00" if event[key] is None else b"\x01" + uuid_bytes(event[key])
    out += sha256(canonical_bytes(event["metadata"])) + sha256(canonical_bytes(event["data"]))
    if event["restrictedDigest"] is None:
        out += b"\x00"
    else:
        digest = bytes.fromhex(event["restrictedDigest"])
        if len(digest) != 32:
            raise ValueError("restrictedDigest is not 32 bytes")
        out += b"\x01" + digest
    return out


# --- docs/ledger-format.md §4: RFC 6962 / 9162 Merkle tree --------------------------------------------------

def leaf_hash(leaf):
    return sha256(b"\x00" + leaf)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def merkle_root(hashes):
    if not hashes:
        return sha256(b"")
    level = list(hashes)
    # Fold the right edge like RFC 6962's recursion: pair left to right, carry an odd node up unchanged.
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


def root_from_inclusion(index, size, leaf_hash_value, path):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        raise ValueError("leaf index beyond the tree")
    fn, sn, r = index, size - 1, leaf_hash_value
    for p in path:
        if sn == 0:
            raise ValueError("proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof too short")
    return r


def verify_consistency(old_size, new_size, old_root, new_root, path):
    """RFC 9162 §2.1.4.2."""
    if old_size == new_size:
        return not path and old_root == new_root
    if old_size == 0:
        return not path
    if old_size > new_size:
        return False
    if old_size & (old_size - 1) == 0:
        path = [old_root] + list(path)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# --- docs/ledger-format.md §5: signed notes and checkpoints -------------------------------------------------

class Key:
    def __init__(self, verifier_key):
        name, key_hash, encoded = verifier_key.strip().split("+", 2)
        raw = base64.b64decode(encoded)
        if raw[0] != 1 or len(raw) != 33:
            raise ValueError("not an Ed25519 verifier key")
        self.name = name
        self.public = raw[1:]
        self.key_hash = sha256(name.encode() + b"\n" + raw)[:4]
        if self.key_hash.hex() != key_hash:
            raise ValueError("the verifier key's hash does not match its name and key")
        self.ed25519 = Ed25519PublicKey.from_public_bytes(self.public)


def verify_note(note, key):
    """Returns the body of a signed note if `key` signed it; raises otherwise."""
    separator = note.rfind("\n\n")
    if separator < 0:
        raise ValueError("not a signed note (no blank line before the signatures)")
    body, signatures = note[:separator + 1], note[separator + 2:]
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise ValueError(f"malformed signature line {line!r}")
        name, _, encoded = line[2:].rpartition(" ")
        raw = base64.b64decode(encoded)
        if name == key.name and raw[:4] == key.key_hash:
            try:
                key.ed25519.verify(raw[4:], body.encode("utf-8"))
                return body
            except InvalidSignature:
                raise ValueError(f"the signature by {name} does not verify")
    raise ValueError(f"not signed by {key.name}")


def parse_checkpoint(body):
    lines = body.split("\n")
    return {"origin": lines[0], "size": int(lines[1]), "root": base64.b64decode(lines[2])}


# --- docs/export.md: the folder -----------------------------------------------------------------------------

class Verifier:
    def __init__(self, folder, key):
        self.folder = folder
        self.key = key
        self.problems = []
        self.counts = {"releases": 0, "rows": 0, "proofs": 0}

    def fail(self, file, message):
        self.problems.append(f"{file}: {message}")

    def read(self, relative, folder=None):
        path = os.path.join(folder or self.folder, relative)
        with open(path, "rb") as handle:
            return handle.read()

    def files(self, folder=None):
        base = folder or self.folder
        found = []
        for root, _, names in os.walk(base):
            for name in names:
                found.append(os.path.relpath(os.path.join(root, name), base).replace(os.sep, "/"))
        return sorted(found)

    def run(self, previous=None):
        manifest_bytes = self.read("manifest.json")
        # 1. Manifest signature.
        try:
            body = verify_note(self.read("manifest.sig").decode("utf-8"), self.key)
            lines = body.split("\n")
            if lines[0] != "docket-export-manifest-v1":
                self.fail("manifest.sig", "is not a docket-export-manifest-v1 note")
            elif lines[3] != "sha256 " + hashlib.sha256(manifest_bytes).hexdigest():
                self.fail("manifest.json", "its SHA-256 differs from the one manifest.sig signs: it was changed or replaced")
        except (OSError, ValueError) as error:
            self.fail("manifest.sig", f"invalid: {error}")
        manifest = parse_json(manifest_bytes)
        # 2. Files.
        listed = set()
        for entry in manifest["files"]:
            listed.add(entry["path"])
            try:
                data = self.read(entry["path"])
            except OSError:
                self.fail(entry["path"], "listed in the manifest but missing")
                continue
            if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["size"]:
                self.fail(entry["path"], "its SHA-256 or size differs from the manifest's")
        for path in self.files():
            if path not in listed and path not in ("manifest.json", "manifest.sig"):
                self.fail(path, "is not listed in the manifest")
        # 3. Checkpoint.
        note = self.read("ledger/checkpoint").decode("utf-8")
        try:
            checkpoint = parse_checkpoint(verify_note(note, self.key))
        except ValueError as error:
            self.fail("ledger/checkpoint", f"invalid: {error}")
            return
        log = manifest["log"]
        if log["checkpoint"] != note or log["size"] != checkpoint["size"] or log["root"] != checkpoint["root"].hex():
            self.fail("manifest.json", "its log section does not match the signed checkpoint")
        # 4. Leaves and root.
        self.events = []
        leaves = []
        for number, line in enumerate(self.read("ledger/log.jsonl").split(b"\n"), start=1):
            if not line:
                continue
            try:
                event = parse_json(line)
                leaf = leaf_bytes(event)
            except ValueError as error:
                self.fail("ledger/log.jsonl", f"line {number}: {error}")
                return
            if event["position"] != len(self.events) + 1:
                self.fail("ledger/log.jsonl", f"line {number}: position {event['position']}, expected {len(self.events) + 1}: an event was dropped or moved")
                return
            self.events.append(event)
            leaves.append(leaf)
        hashes = [leaf_hash(leaf) for leaf in leaves]
        root = merkle_root(hashes)
        if len(leaves) != checkpoint["size"] or root != checkpoint["root"]:
            self.fail("ledger/log.jsonl", f"{len(leaves)} events with root {root.hex()}, but the signed checkpoint says {checkpoint['size']} events, root {checkpoint['root'].hex()}")
            return
        # 5. Proofs.
        proved = set()
        for number, line in enumerate(self.read("ledger/proofs.jsonl").split(b"\n"), start=1):
            if not line:
                continue
            proof = parse_json(line)
            leaf = base64.b64decode(proof["leaf"])
            index = proof["leaf_index"]
            try:
                computed = root_from_inclusion(index, proof["tree_size"], leaf_hash(leaf), [bytes.fromhex(p) for p in proof["path"]])
            except ValueError as error:
                self.fail("ledger/proofs.jsonl", f"line {number}: {error}")
                continue
            if leaf_hash(leaf).hex() != proof["leaf_hash"] or computed != checkpoint["root"] or proof["root_hash"] != checkpoint["root"].hex() \
                    or proof["tree_size"] != checkpoint["size"] or index >= len(leaves) or leaf != leaves[index]:
                self.fail("ledger/proofs.jsonl", f"line {number} (position {index + 1}): does not prove the event's leaf in the signed tree")
                continue
            proved.add(index + 1)
            self.counts["proofs"] += 1
        # 6. Cited events and values.
        self.cited = set()
        self.check_releases()
        self.check_csv()
        for position in sorted(self.cited - proved):
            self.fail("ledger/proofs.jsonl", f"position {position} is cited but has no inclusion proof")
        # 7. The export the manifest says this one continues from.
        stated = manifest.get("previous")
        if stated is not None:
            self.check_stated_previous(stated, checkpoint, root)
        # 8. The previous export, when given.
        if previous:
            self.check_previous(previous, checkpoint, root)

    def event(self, file, item, position):
        if not isinstance(position, int) or not 1 <= position <= len(self.events):
            self.fail(file, f"{item}: cites position {position}, which is not in the log")
            return None
        self.cited.add(position)
        return self.events[position - 1]

    def check_releases(self):
        for path in self.files():
            if not path.startswith("ocds/") or path.startswith("ocds/extension/"):
                continue
            package = parse_json(self.read(path))
            releases = package.get("releases", [])
            for record in package.get("records", []):
                releases = releases + record.get("releases", [])
            for release in releases:
                self.check_release(path, release)

    def check_release(self, path, release):
        item = f"release {release.get('id')}"
        events = []
        for cited in release.get("ledgerEvents", []):
            event = self.event(path, item, cited.get("position"))
            if event is None:
                return
            for key in ("id", "type", "stream"):
                if event[key] != cited.get(key):
                    self.fail(path, f"{item}: ledgerEvents says position {cited['position']} has {key} {cited.get(key)!r}, the log says {event[key]!r}")
            events.append(event)
        if not events:
            self.fail(path, f"{item}: cites no ledger events")
            return
        self.counts["releases"] += 1
        event = events[0]
        data = event["data"]
        if release.get("id") != event["id"]:
            self.fail(path, f"{item}: its id is not its event's id {event['id']}")
        if release.get("date") != event["occurredAt"]:
            self.fail(path, f"{item}: date {release.get('date')} is not its event's occurredAt {event['occurredAt']}")

        def amount(value, pence, what):
            if value is None or round(value["amount"] * 100) != pence or value.get("currency") != "GBP":
                self.fail(path, f"{item}: {what} is {value}, but event {event['position']} gives {pence} pence")

        kind = event["type"]
        if kind == "ContractAwarded":
            award, contract = release["awards"][0], release["contracts"][0]
            amount(award.get("value"), data["valuePence"], "awards[0].value")
            amount(contract.get("value"), data["valuePence"], "contracts[0].value")
            if [s["id"] for s in award.get("suppliers", [])] != [data["provider"]]:
                self.fail(path, f"{item}: awards[0].suppliers is not the event's provider {data['provider']}")
            period = contract.get("period", {})
            if period.get("startDate", "")[:10] != data["startOn"] or period.get("endDate", "")[:10] != data["endOn"]:
                self.fail(path, f"{item}: contracts[0].period is not {data['startOn']}…{data['endOn']}")
        elif kind == "ContractVaried" and "valuePence" in data:
            amount(release["contracts"][0].get("value"), data["valuePence"], "contracts[0].value")
        elif kind in ("AllocationMade", "AllocationAdjusted"):
            budget = release.get("planning", {}).get("budget", {})
            amount(budget.get("amount"), data["amountPence"], "planning.budget.amount")
        elif kind == "DecisionTaken" and "approvedAmountPence" in data:
            amount(release.get("planning", {}).get("budget", {}).get("amount"), data["approvedAmountPence"], "planning.budget.amount")

    def rows(self, name):
        path = "csv/" + name
        reader = list(csv.reader(io.StringIO(self.read(path).decode("utf-8"), newline="")))
        header = reader[0]
        if header[-1] != "Ledger positions":
            self.fail(path, "the last column is not Ledger positions")
        for number, row in enumerate(reader[1:], start=1):
            self.counts["rows"] += 1
            fields = dict(zip(header, row))
            events = []
            for word in fields.get("Ledger positions", "").split():
                event = self.event(path, f"row {number}", int(word))
                if event is not None:
                    events.append(event)
            yield path, number, fields, events

    def names(self, events):
        """Organisation id → name, from the cited registrations and their cited corrections."""
        names, registered_by = {}, {}
        for event in events:
            if event["type"] == "OrganisationRegistered":
                names[event["data"]["organisation"]] = event["data"]["name"]
                registered_by[event["id"]] = event["data"]["organisation"]
        for event in events:
            if event["type"] == "EventCorrected" and event["data"].get("event") in registered_by and "name" in event["data"].get("changes", {}):
                names[registered_by[event["data"]["event"]]] = event["data"]["changes"]["name"]
        return names

    @staticmethod
    def pounds(pence):
        return f"{pence // 100}.{pence % 100:02d}"

    def last(self, events, types, key, **match):
        value = None
        for event in events:
            if event["type"] in types and key in event["data"] and all(event["data"].get(k) == v for k, v in match.items()):
                value = event["data"][key]
        return value

    def check_csv(self):
        for path, number, row, events in self.rows("spend-over-25000.csv"):
            item = f"row {number} ({row['Transaction number']})"
            made = [e for e in events if e["type"] == "AllocationMade" and e["data"]["allocation"] == row["Transaction number"]]
            if not made:
                self.fail(path, f"{item}: cites no AllocationMade of allocation {row['Transaction number']}")
                continue
            data = made[0]["data"]
            names = self.names(events)
            amount = self.last(events, ("AllocationMade", "AllocationAdjusted"), "amountPence", allocation=row["Transaction number"])
            if row["Amount"] != self.pounds(amount) or amount <= 2_500_000:
                self.fail(path, f"{item}: Amount {row['Amount']}, but the cited events give {self.pounds(amount)}")
            if row["Date"] != made[0]["occurredAt"][:10]:
                self.fail(path, f"{item}: Date {row['Date']}, but the allocation was made on {made[0]['occurredAt'][:10]}")
            if row["Supplier"] != names.get(data.get("payee")):
                self.fail(path, f"{item}: Supplier {row['Supplier']!r}, but the cited registration of {data.get('payee')} names {names.get(data.get('payee'))!r}")
            if row["Entity"] != names.get(data["payer"]):
                self.fail(path, f"{item}: Entity {row['Entity']!r}, but the cited registration of {data['payer']} names {names.get(data['payer'])!r}")
        for path, number, row, events in self.rows("allocations.csv"):
            item = f"row {number} ({row['Allocation']})"
            amount = self.last(events, ("AllocationMade", "AllocationAdjusted"), "amountPence", allocation=row["Allocation"])
            original = self.last(events, ("AllocationMade",), "amountPence", allocation=row["Allocation"])
            if amount is None or row["Amount"] != self.pounds(amount) or row["Original amount"] != self.pounds(original):
                self.fail(path, f"{item}: Amount {row['Amount']} / Original amount {row['Original amount']} are not what the cited events give")
        for path, number, row, events in self.rows("contracts.csv"):
            item = f"row {number} ({row['Contract']})"
            value = self.last(events, ("ContractAwarded", "ContractVaried"), "valuePence", contract=row["Contract"])
            awarded = [e for e in events if e["type"] == "ContractAwarded" and e["data"]["contract"] == row["Contract"]]
            names = self.names(events)
            if value is None or row["Value"] != self.pounds(value):
                self.fail(path, f"{item}: Value {row['Value']} is not what the cited events give ({value} pence)")
            if not awarded or row["Provider"] != names.get(awarded[0]["data"]["provider"]) or row["Start"] != awarded[0]["data"]["startOn"]:
                self.fail(path, f"{item}: Provider or Start is not what the cited ContractAwarded gives")
        for path, number, row, events in self.rows("decisions.csv"):
            item = f"row {number} ({row['Decision']})"
            taken = [e for e in events if e["type"] in ("DecisionProposed", "DecisionTaken") and e["data"]["decision"] == row["Decision"]]
            bodies = {e["data"]["body"]: e["data"]["name"] for e in events if e["type"] == "DecisionBodyEstablished"}
            for event in events:
                if event["type"] == "EventCorrected" and "name" in event["data"].get("changes", {}):
                    for body in [e for e in events if e["id"] == event["data"].get("event") and e["type"] == "DecisionBodyEstablished"]:
                        bodies[body["data"]["body"]] = event["data"]["changes"]["name"]
            if not taken or row["Body"] != bodies.get(taken[0]["data"]["body"], taken[0]["data"]["body"]):
                self.fail(path, f"{item}: Body {row['Body']!r} is not the name of the body the cited events name")
            approved = self.last(events, ("DecisionTaken", "DecisionRevised"), "approvedAmountPence", decision=row["Decision"])
            if row["Approved amount"] != (self.pounds(approved) if approved is not None else ""):
                self.fail(path, f"{item}: Approved amount {row['Approved amount']!r} is not what the cited events give")
        for path, number, row, events in self.rows("consultation-responses.csv"):
            item = f"row {number} ({row['Response']})"
            own = [e for e in events if e["id"] == row["Response"]]
            if not own:
                self.fail(path, f"{item}: does not cite its own event")
            elif (row["Respondent"] == REDACTED) != (own[0]["restrictedDigest"] is not None) or row["Respondent"] not in ("", REDACTED):
                self.fail(path, f"{item}: Respondent {row['Respondent']!r} does not match whether the event has restricted fields")
        for _ in self.rows("findings.csv"):
            pass

    def check_stated_previous(self, stated, checkpoint, root):
        try:
            old = parse_checkpoint(verify_note(stated["checkpoint"], self.key))
        except (KeyError, ValueError) as error:
            self.fail("manifest.json", f"previous: no checkpoint validly signed by the key: {error}")
            return
        if stated.get("size") != old["size"] or stated.get("root") != old["root"].hex():
            self.fail("manifest.json", "previous: its size or root is not its signed checkpoint's")
        try:
            proof = json.loads(self.read("ledger/consistency.json"))
        except (OSError, ValueError):
            self.fail("ledger/consistency.json", "missing or malformed, but the manifest names a previous export")
            return
        if not verify_consistency(old["size"], checkpoint["size"], old["root"], root, [bytes.fromhex(p) for p in proof["path"]]):
            self.fail("ledger/consistency.json", f"does not prove that this log extends the previous export's {old['size']} events")

    def check_previous(self, previous, checkpoint, root):
        try:
            old = parse_checkpoint(verify_note(self.read("ledger/checkpoint", previous).decode("utf-8"), self.key))
        except (OSError, ValueError) as error:
            self.fail("previous ledger/checkpoint", f"invalid: {error}")
            return
        if old["size"] < checkpoint["size"] or old["root"] != root:
            try:
                proof = parse_json(self.read("ledger/consistency.json"))
            except OSError:
                self.fail("ledger/consistency.json", "missing: nothing proves this export extends the previous one")
                return
            ok = proof["old_size"] == old["size"] and proof["old_root"] == old["root"].hex() and proof["new_size"] == checkpoint["size"] \
                and proof["new_root"] == root.hex() and verify_consistency(
                    old["size"], checkpoint["size"], old["root"], root, [bytes.fromhex(p) for p in proof["path"]])
            if not ok:
                self.fail("ledger/consistency.json", f"does not prove that this log extends the previous export's {old['size']} events")
        for path in self.files(previous):
            if path.startswith("ocds/releases/"):
                try:
                    if self.read(path) != self.read(path, previous):
                        self.fail(path, "published in the previous export and rewritten in this one")
                except OSError:
                    self.fail(path, "published in the previous export and missing from this one")


def main():
    parser = argparse.ArgumentParser(description="Verify a Docket public-transparency export offline.")
    parser.add_argument("folder")
    parser.add_argument("--key", required=True, help="the publisher's public key file (KEYFILE.pub)")
    parser.add_argument("--previous", help="the previous export folder")
    arguments = parser.parse_args()
    with open(arguments.key, encoding="utf-8") as handle:
        key = Key(handle.read())
    verifier = Verifier(arguments.folder, key)
    try:
        verifier.run(arguments.previous)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        verifier.fail(arguments.folder, f"cannot be read as a docket export: {error!r}")
    if verifier.problems:
        for problem in verifier.problems:
            print(problem)
        print(f"export INVALID: {len(verifier.problems)} problems", file=sys.stderr)
        return 1
    print(f"valid: {len(verifier.events)} events, {verifier.counts['proofs']} proofs, "
          f"{verifier.counts['releases']} releases and {verifier.counts['rows']} CSV rows checked; signed by {key.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
