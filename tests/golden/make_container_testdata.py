#!/usr/bin/env python3
"""Writes the golden inputs that cannot be typed in an editor: the same
profile in UTF-16 LE and BE (with BOM) and UTF-8 with BOM (testdata/encoding),
and binary property lists (testdata/binary), including a duplicate key and a
truncated file, which Python's plistlib cannot write. Deterministic; run it
after changing it and commit the outputs with their .expected files."""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'testdata')

# Findings at known places: a duplicate key (line 17), an <integer> that is
# not one after non-ASCII text on the same line (line 19, column 63: counted
# in characters, one for an emoji that UTF-16 writes as a surrogate pair), and
# a template marker in a non-ASCII string (line 21).
PROFILE = '''<?xml version="1.0" encoding="{enc}"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>PayloadContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>PayloadIdentifier</key>
\t\t\t<string>com.example.wifi</string>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.wifi.managed</string>
\t\t\t<key>PayloadUUID</key>
\t\t\t<string>7C6B8A5D-1E2F-4A3B-9C4D-5E6F7A8B9C0D</string>
\t\t\t<key>PayloadVersion</key>
\t\t\t<integer>1</integer>
\t\t\t<key>SSID_STR</key><string>Office</string>
\t\t\t<key>SSID_STR</key>
\t\t\t<string>Caf\u00e9 \u6771\u4eac</string>
\t\t\t<key>Priorit\u00e4t</key><string>\u00fc\u00df\U0001F4F6</string><key>AutoJoin</key><integer>1.5</integer>
\t\t\t<key>PayloadDisplayName</key>
\t\t\t<string>Wi\u2011Fi f\u00fcr {{{{ site }}}}</string>
\t\t</dict>
\t</array>
\t<key>PayloadDisplayName</key>
\t<string>Caf\u00e9 Wi\u2011Fi \u2014 \U0001F4F6</string>
\t<key>PayloadIdentifier</key>
\t<string>com.example.profile</string>
\t<key>PayloadType</key>
\t<string>Configuration</string>
\t<key>PayloadUUID</key>
\t<string>8D7C9B6E-2F3A-4B4C-8D5E-6F7A8B9C0D1E</string>
\t<key>PayloadVersion</key>
\t<integer>1</integer>
</dict>
</plist>
'''


def write(path, data):
    with open(os.path.join(ROOT, path), 'wb') as f:
        f.write(data)


def encodings():
    utf16 = PROFILE.format(enc='UTF-16')
    write('encoding/several-bad-utf16le-bom.mobileconfig', b'\xff\xfe' + utf16.encode('utf-16-le'))
    write('encoding/several-bad-utf16be-bom.mobileconfig', b'\xfe\xff' + utf16.encode('utf-16-be'))
    write('encoding/several-bad-utf8-bom.mobileconfig', b'\xef\xbb\xbf' + PROFILE.format(enc='UTF-8').encode())


class Bplist:
    """Objects in order; containers refer to earlier objects by index."""

    def __init__(self):
        self.objects = []

    def add(self, data):
        self.objects.append(data)
        return len(self.objects) - 1

    @staticmethod
    def marker(kind, n):
        if n < 15:
            return bytes([kind << 4 | n])
        return bytes([kind << 4 | 0xF, 0x11]) + struct.pack('>H', n)

    def string(self, s):
        if all(ord(c) < 128 for c in s):
            return self.add(self.marker(5, len(s)) + s.encode())
        units = s.encode('utf-16-be')
        return self.add(self.marker(6, len(units) // 2) + units)

    def integer(self, v):
        return self.add(b'\x13' + struct.pack('>q', v))

    def boolean(self, v):
        return self.add(b'\x09' if v else b'\x08')

    def array(self, items):
        return self.add(self.marker(0xA, len(items)) + bytes(items))

    def dict(self, pairs):
        keys = [self.string(k) if isinstance(k, str) else k for k, _ in pairs]
        return self.add(self.marker(0xD, len(pairs)) + bytes(keys) + bytes(v for _, v in pairs))

    def bytes(self, root):
        out = bytearray(b'bplist00')
        offsets = []
        for o in self.objects:
            offsets.append(len(out))
            out += o
        table = len(out)
        for off in offsets:
            out += struct.pack('>H', off)
        out += bytes(6) + bytes([2, 1]) + struct.pack('>QQQ', len(self.objects), root, table)
        return bytes(out)


def binary_profile(broken):
    b = Bplist()
    s = b.string
    payload = b.dict([
        ('PayloadIdentifier', s('com.example.wifi')),
        ('PayloadType', s('com.apple.wifi.managed')),
        ('PayloadVersion', b.integer(1)),
        ('SSID_STR', s('Caf\u00e9 \u6771\u4eac')),
        ('AutoJoin', b.boolean(True)),
    ] + ([('PayloadDisplayName', s('Wi-Fi for {{ site }}'))] if broken else
         [('PayloadUUID', s('7C6B8A5D-1E2F-4A3B-9C4D-5E6F7A8B9C0D'))]))
    identifier = s('PayloadIdentifier')
    pairs = [
        ('PayloadContent', b.array([payload])),
        (identifier, s('com.example.profile')),
        ('PayloadType', s('Configuration')),
        ('PayloadUUID', s('8D7C9B6E-2F3A-4B4C-8D5E-6F7A8B9C0D1E')),
        ('PayloadVersion', b.integer(1)),
        ('PayloadDisplayName', s('Caf\u00e9 Wi-Fi')),
    ]
    if broken:
        pairs.append((identifier, s('com.example.other')))
    return b.bytes(b.dict(pairs))


def binaries():
    write('binary/all-good.mobileconfig', binary_profile(False))
    broken = binary_profile(True)
    write('binary/several-bad.mobileconfig', broken)
    write('binary/malformed-binary-plist-bad.mobileconfig', broken[:len(broken) - 20])


if __name__ == '__main__':
    encodings()
    binaries()
