#!/usr/bin/env python3
"""Writes `X.gz` and `X.br` next to every text and wasm file of a build, for static hosts that serve
precompressed files when the browser accepts them (nginx gzip_static and brotli_static, Caddy's
`precompressed`, and the like). The plain files stay; a host that ignores the copies serves those.

- gzip: level 9, no file name and mtime 0, so the same build always gives the same bytes.
- brotli: quality 11 (the densest), window 22, through the Python `brotli` module where it is
  installed, otherwise the `brotli` command (Debian package `brotli`, installed by scripts/setup).

Run as the last step of scripts/csp_hook.py (Trunk starts the hooks of one stage all at once, so a
second post_build hook could compress files the first is still rewriting), or by hand:
`python3 scripts/precompress.py FOLDER`.
"""
import gzip
import os
import shutil
import subprocess
import sys

EXTENSIONS = {".html", ".js", ".wasm", ".css", ".json", ".svg", ".yaml"}


def brotli_compressor():
    """A function from bytes to brotli bytes, or an exit with what to install."""
    try:
        import brotli  # type: ignore[import-not-found]

        return lambda data: brotli.compress(data, quality=11, lgwin=22)
    except ImportError:
        pass
    command = shutil.which("brotli")
    if command is None:
        sys.exit("precompress: no brotli: neither the Python module nor the `brotli` command; run scripts/setup")
    return lambda data: subprocess.run(
        [command, "--quality=11", "--lgwin=22", "--stdout", "-"], input=data, capture_output=True, check=True
    ).stdout


def precompress(folder):
    """Compresses every matching file under `folder`; returns (files, raw, gzip, brotli) byte totals."""
    to_brotli = brotli_compressor()
    totals = [0, 0, 0, 0]
    for directory, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            if os.path.splitext(name)[1] not in EXTENSIONS:
                continue
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                data = f.read()
            packed = {".gz": gzip.compress(data, compresslevel=9, mtime=0), ".br": to_brotli(data)}
            for suffix, body in packed.items():
                with open(path + suffix, "wb") as f:
                    f.write(body)
            for i, size in enumerate((1, len(data), len(packed[".gz"]), len(packed[".br"]))):
                totals[i] += size
    return totals


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: precompress.py FOLDER")
    files, raw, gz, br = precompress(sys.argv[1])
    print(f"precompress: {files} files, {raw} bytes -> gzip {gz}, brotli {br}")
