"""Headless Chromium (Debian's `chromium`) for the page tests and the README
screenshot: the DOM after rendering, a screenshot, and how much of a PNG is
not background (a PNG decoder in the standard library, for 8-bit RGB/RGBA)."""
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


def _run(args, timeout=90):
    if BROWSER is None:
        raise AssertionError("chromium is not installed (scripts/apt-packages-test.txt lists it)")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--hide-scrollbars", f"--user-data-dir={profile}", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"chromium exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc.stdout


def dump_dom(url):
    """The DOM after the page is rendered (scripting on, as a browser would)."""
    return _run(["--dump-dom", url])


def screenshot(url, path, width=1000, height=2400):
    _run([f"--screenshot={path}", f"--window-size={width},{height}", url])
    if not os.path.exists(path):
        raise AssertionError(f"chromium wrote no screenshot to {path}")


def png_pixels(path):
    """(width, height, channels, rows of bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color = header[0], header[1], header[2], header[3]
    assert depth == 8 and color in (2, 6), f"unsupported PNG (depth {depth}, colour type {color})"
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def ink_fraction(path, step=4):
    """The share of sampled pixels that differ from the top-left pixel (the
    background): 0 for a blank image."""
    width, height, channels, rows = png_pixels(path)
    background = rows[0][:3]
    total = ink = 0
    for y in range(0, height, step):
        row = rows[y]
        for x in range(0, width, step):
            total += 1
            if row[x * channels:x * channels + 3] != background:
                ink += 1
    return ink / max(total, 1)
