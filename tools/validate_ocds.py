#!/usr/bin/env python3
"""Validate every OCDS file of a docket export against the official OCDS 1.1.5 schemas, offline.

Usage: python3 tools/validate_ocds.py EXPORT_DIR SCHEMA_DIR

SCHEMA_DIR holds release-schema.json, release-package-schema.json and record-package-schema.json (the
official 1.1.5 files). The packages' $refs to standard.open-contracting.org resolve to those local files;
nothing is fetched. Also checks that every release id is unique within its ocid and that the extension's
field (ledgerEvents) has the shape ocds/extension/release-schema.json gives it, and that the values of the
open codelists the export uses (party roles, milestone types and statuses, currencies) come from the
official codelists in SCHEMA_DIR/codelists. Exits 1 listing every problem as FILE: PATH: MESSAGE.
"""
import csv
import json
import os
import sys

import jsonschema

try:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4
except ImportError:  # jsonschema before 4.18 (Debian 12's python3-jsonschema): resolve through a RefResolver
    Registry = None


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder, schemas = sys.argv[1], sys.argv[2]
    loaded = {}
    for name in ("release-schema.json", "release-package-schema.json", "record-package-schema.json"):
        with open(os.path.join(schemas, name), encoding="utf-8") as handle:
            loaded[name] = json.load(handle)
    if Registry is not None:
        registry = Registry().with_resources(
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)) for schema in loaded.values())
        options = {"registry": registry}
    else:
        store = {schema["id"]: schema for schema in loaded.values()}
        options = {"resolver": None}
        resolvers = {name: jsonschema.RefResolver.from_schema(schema, store=store) for name, schema in loaded.items()}
    with open(os.path.join(folder, "ocds", "extension", "release-schema.json"), encoding="utf-8") as handle:
        extension = json.load(handle)["properties"]["ledgerEvents"]
    def validator(name):
        if Registry is None:
            return jsonschema.Draft4Validator(loaded[name], resolver=resolvers[name])
        return jsonschema.Draft4Validator(loaded[name], **options)

    validators = {"releases": validator("release-package-schema.json"), "records": validator("record-package-schema.json")}
    release_validator = validator("release-schema.json")
    extension_validator = jsonschema.Draft4Validator(extension)
    def codelist(name):
        with open(os.path.join(schemas, "codelists", name), encoding="utf-8") as handle:
            return {row["Code"] for row in csv.DictReader(handle)}

    codes = {"partyRole": codelist("partyRole.csv"), "milestoneType": codelist("milestoneType.csv"),
             "milestoneStatus": codelist("milestoneStatus.csv"), "currency": codelist("currency.csv")}

    def open_codes(value, path, found):
        """Yields (codelist, value, path) for every open-codelist value in a release."""
        if isinstance(value, dict):
            for key, item in value.items():
                here = f"{path}/{key}"
                if key == "roles" and isinstance(item, list):
                    found.extend(("partyRole", role, here) for role in item)
                elif key == "currency":
                    found.append(("currency", item, here))
                elif key in ("type", "status") and "/milestones/" in path:
                    found.append(("milestone" + key.capitalize(), item, here))
                else:
                    open_codes(item, here, found)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                open_codes(item, f"{path}/{index}", found)
        return found

    problems = []
    checked = 0
    for root, _, names in os.walk(os.path.join(folder, "ocds")):
        for name in sorted(names):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            if relative.startswith(os.path.join("ocds", "extension")):
                continue
            with open(path, encoding="utf-8") as handle:
                package = json.load(handle)
            kind = "records" if "records" in package else "releases"
            for error in validators[kind].iter_errors(package):
                problems.append(f"{relative}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
            releases = package.get("releases", []) if kind == "releases" else [
                release for record in package["records"] for release in record.get("releases", [])
                if isinstance(release, dict) and "tag" in release] + [
                record["compiledRelease"] for record in package["records"] if "compiledRelease" in record]
            seen = set()
            for release in releases:
                for error in release_validator.iter_errors(release):
                    problems.append(f"{relative}: release {release.get('id')}: {error.message}")
                for name, code, where in open_codes(release, "", []):
                    if code not in codes[name]:
                        problems.append(f"{relative}: release {release.get('id')}: {where}: {code!r} is not in the {name} codelist")
                for error in extension_validator.iter_errors(release.get("ledgerEvents")):
                    problems.append(f"{relative}: release {release.get('id')}: ledgerEvents: {error.message}")
                key = (release.get("ocid"), release.get("id"))
                if kind == "releases" and key in seen:
                    problems.append(f"{relative}: release id {key[1]} is not unique in {key[0]}")
                seen.add(key)
            checked += 1
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problems in {checked} OCDS files", file=sys.stderr)
        return 1
    print(f"valid: {checked} OCDS files against the OCDS 1.1.5 schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
