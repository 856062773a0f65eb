#!/usr/bin/env python3
"""Unit tests for tools/gen_schema.py on small synthetic Apple checkouts:
it must fail loudly on what it does not understand, apply and mark
overrides, turn (recursive) YAML aliases into define/ref, and be
deterministic.  Run: python3 -m unittest tests/schema/test_gen_schema.py
(needs PyYAML; no Apple checkout)."""

import contextlib
import io
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import gen_schema  # noqa: E402

README = "| iOS | 27.0 |\n| macOS | 27.0 |\n| tvOS | 27.0 |\n" \
         "| visionOS | 27.0 |\n| watchOS | 27.0 |\n"
LICENSE = "Copyright (c) 2022-2024 Apple Inc.\n\nPermission is hereby " \
          "granted, free of charge, to any person ...\n"
COMMIT = "0" * 40

COMMON = """\
title: Common
description: x
payload:
  payloadtype: CommonPayloadKeys
  supportedOS:
    iOS: {introduced: '4.0'}
payloadkeys:
- key: PayloadType
  type: <string>
  presence: required
"""

TREE = """\
title: Tree
description: x
payload:
  payloadtype: com.example.tree
  supportedOS:
    iOS: {introduced: '9.0', multiple: true}
    macOS: {introduced: n/a}
payloadkeys:
- key: Nodes
  type: <array>
  presence: optional
  subkeytype: Node
  subkeys: &nodes
  - key: NodeItem
    type: <dictionary>
    subkeys:
    - key: Kind
      type: <string>
      presence: required
      rangelist: [leaf, branch]
    - key: Children
      type: <array>
      subkeys: *nodes
- key: Labels
  type: <dictionary>
  subkeys:
  - key: LabelsItem
    type: <string>
- key: Size
  supportedOS:
    iOS: {introduced: '10.0'}
  type: <integer>
  range: {min: 0, max: 9}
  default: 1
"""


class GenSchemaTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.apple = os.path.join(self.dir, "apple")
        os.makedirs(os.path.join(self.apple, "mdm", "profiles"))
        self.write("README.md", README)
        self.write("LICENSE.txt", LICENSE)
        self.write("mdm/profiles/CommonPayloadKeys.yaml", COMMON)
        self.write("mdm/profiles/com.example.tree.yaml", TREE)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text, base=None):
        path = os.path.join(base or self.apple, rel)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))
        return path

    def run_gen(self, overrides=None, out="out"):
        ov = self.write("ov.yaml", overrides, base=self.dir) \
            if overrides is not None else None
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            rc = gen_schema.main(["--apple", self.apple, "--out",
                                  os.path.join(self.dir, out),
                                  "--commit", COMMIT] +
                                 (["--overrides", ov] if ov else []))
        return rc, err.getvalue()

    def read(self, name, out="out"):
        with open(os.path.join(self.dir, out, name), encoding="utf-8") as f:
            return f.read()

    # -- happy path ---------------------------------------------------------

    def test_output_and_determinism(self):
        rc, err = self.run_gen()
        self.assertEqual(rc, 0, err)
        xml = self.read("com.example.tree.xml")
        self.assertIn("Source: mdm/profiles/com.example.tree.yaml", xml)
        self.assertIn(COMMIT, xml)
        self.assertIn("Copyright (c) 2022-2024 Apple Inc. MIT License, see "
                      "LICENSE.apple.txt", xml)
        # recursive alias -> define + refs
        self.assertIn('<define name="Node-list">', xml)
        self.assertEqual(xml.count('<ref name="Node-list"/>'), 2)
        self.assertIn('<platform name="macOS" available="false"/>', xml)
        self.assertIn('<platform name="iOS" introduced="10.0"/>', xml)
        self.assertIn('<range min="0" max="9"/>', xml)
        self.assertIn("placeholder", err)    # Labels/LabelsItem warning
        self.assertEqual(self.read("LICENSE.apple.txt"), LICENSE)
        self.assertIn('commit="%s"' % COMMIT, self.read("SOURCE.xml"))
        rc, _ = self.run_gen(out="out2")
        self.assertEqual(rc, 0)
        for name in os.listdir(os.path.join(self.dir, "out")):
            self.assertEqual(self.read(name), self.read(name, out="out2"))

    def test_overrides_are_marked(self):
        rc, err = self.run_gen("""\
            overrides:
            - id: common
              why: every payload has the common keys
              payload: '*'
              except: [CommonPayloadKeys]
              include: CommonPayloadKeys
            - id: labels-any
              why: labels are keyed by language
              payload: com.example.tree
              target: Labels
              dynamic: {}
            - id: supervised-kind
              why: test
              payload: com.example.tree
              target: Nodes/[]/Kind
              platform: {iOS: {supervised: true}}
            - id: tree-on-macos
              why: test, a payload's own platform facts (no target)
              payload: com.example.tree
              platform: {macOS: {introduced: '13.0'}}
            """)
        self.assertEqual(rc, 0, err)
        xml = self.read("com.example.tree.xml")
        self.assertIn('<platform name="macOS" available="false" introduced="13.0" '
                      'override="tree-on-macos"/>', xml)
        self.assertIn('<include payload="CommonPayloadKeys" override="common"/>',
                      xml)
        self.assertIn('<any type="string" override="labels-any"/>', xml)
        self.assertIn('supervised="true" override="supervised-kind"', xml)
        self.assertNotIn("placeholder", err)

    def test_multiple_per_profile(self):
        # Apple's boolean cannot say "one per profile, many per device";
        # an override can, and a boolean stays a boolean.
        rc, err = self.run_gen("""\
            overrides:
            - id: per-profile
              why: test
              payload: com.example.tree
              platform: {iOS: {multiple: profile}}
            """)
        self.assertEqual(rc, 0, err)
        self.assertIn('<platform name="iOS" introduced="9.0" multiple="profile" '
                      'override="per-profile"/>', self.read("com.example.tree.xml"))
        self.assertFails("expected a boolean", """\
            overrides:
            - id: per-device
              why: test
              payload: com.example.tree
              platform: {iOS: {multiple: device}}
            """)

    # -- loud failures ------------------------------------------------------

    def assertFails(self, needle, overrides=None):
        rc, err = self.run_gen(overrides)
        self.assertEqual(rc, 1, err)
        self.assertIn(needle, err)

    def test_unknown_field(self):
        self.write("mdm/profiles/com.example.tree.yaml",
                   TREE.replace("  range:", "  ranje:"))
        self.assertFails("unknown field(s) ranje")

    def test_unknown_type(self):
        self.write("mdm/profiles/com.example.tree.yaml",
                   TREE.replace("<integer>", "<int>"))
        self.assertFails("unknown type '<int>'")

    def test_unquoted_version(self):
        self.write("mdm/profiles/com.example.tree.yaml",
                   TREE.replace("'10.0'", "10.10"))
        self.assertFails("bad version 10.1")

    def test_duplicate_yaml_key(self):
        self.write("mdm/profiles/com.example.tree.yaml",
                   TREE.replace("  default: 1\n",
                                "  default: 1\n  default: 2\n"))
        self.assertFails("duplicate key 'default'")

    def test_yaml11_boolean_in_string_enum(self):
        self.write("mdm/profiles/com.example.tree.yaml",
                   TREE.replace("[leaf, branch]", "[leaf, yes]"))
        self.assertFails("does not fit type string")

    def test_two_files_one_type(self):
        self.write("mdm/profiles/com.example.tree(b).yaml", TREE)
        self.assertFails("add a 'merge' or 'variant' override")

    def test_override_target_missing(self):
        self.assertFails("no longer applies", """\
            overrides:
            - id: gone
              why: test
              payload: com.example.tree
              target: Nodes/[]/Colour
              set: {presence: optional}
            """)

    def test_override_that_changes_nothing(self):
        self.assertFails("changes nothing", """\
            overrides:
            - id: noop
              why: test
              payload: com.example.tree
              target: Nodes/[]/Kind
              set: {presence: required}
            """)


if __name__ == "__main__":
    unittest.main()
