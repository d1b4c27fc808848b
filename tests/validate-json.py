#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema: validate-json.py SCHEMA FILE...

Prints "LABEL: N passed, N failed" (LABEL from $LABEL, default json) and exits
non-zero when a file does not validate."""
import json
import os
import sys

import jsonschema

schema_path, files = sys.argv[1], sys.argv[2:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
validator_class = jsonschema.validators.validator_for(schema)
validator_class.check_schema(schema)
validator = validator_class(schema)
passed = failed = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        failed += 1
        for e in errors[:5]:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    else:
        passed += 1
print(f"{os.environ.get('LABEL', 'json')}: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
