#!/usr/bin/env python3
"""Trunk post_build hook: the last steps of a build, on Trunk's staging dir.

1. Release builds: the JS modules (the wasm-bindgen glue) are minified with terser, from npm, and
   their integrity values recomputed. Trunk's own JS minifier cannot parse the glue and leaves it as
   written; terser takes it to under half its size.
2. The wasm's integrity is enforced: Chrome ignores `integrity` on the wasm's
   <link rel=preload as=fetch>, and Trunk's loader fetches the wasm without it, so its hash would be
   checked by nothing. The loader is made to fetch it with the same integrity value (the preload is the
   same request, so it is still used, not fetched twice).
3. The JS modules' integrity is enforced: the modulepreload links carry it, but a module imported by
   another (a wasm-bindgen snippet, imported by the glue) is fetched again without it when the preload
   failed. An import map lists each module's integrity, which every import of it must then match.
4. A strict Content-Security-Policy. Trunk writes its wasm loader as an inline <script type="module">;
   rather than allow inline scripts, the policy names that script and the import map by their SHA-256
   hashes. The policy
   travels in a <meta> tag so it works on any static host; frame-ancestors cannot be set from a <meta>
   tag, so it goes, with the same policy, into _headers for hosts that read that file.
5. Release builds only: precompressed `X.gz` and `X.br` beside every text and wasm file
   (scripts/precompress.py), written last, from the final bytes. It is a step of this hook because Trunk
   starts the hooks of one stage at the same time. Debug builds skip it: brotli at quality 11 on a
   debug wasm would slow every live rebuild of `trunk serve`.

Trunk's HTML minifier (release builds) drops quotes and reorders attributes, so tags are read by their
attributes, not by their text.
"""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("csp_hook: TRUNK_STAGING_DIR is not set; run this from trunk build")
index_path = os.path.join(staging, "index.html")
with open(index_path, encoding="utf-8") as f:
    html = f.read()


def attributes(tag):
    """The attributes of one start tag, quoted or not."""
    pairs = re.findall(r'([\w-]+)(?:=("[^"]*"|\'[^\']*\'|[^\s>]+))?', tag[1:].split(None, 1)[1] if " " in tag else "")
    return {name: value.strip("\"'") for name, value in pairs}


def links():
    return [(tag, attributes(tag)) for tag in re.findall(r"<link\b[^>]*>", html)]


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


release = os.environ.get("TRUNK_PROFILE") == "release"

# 1. The JS modules minified, and their integrity values made to match.
if release:
    terser = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", ".bin", "terser")
    if not os.access(terser, os.X_OK):
        sys.exit("csp_hook: terser is missing from node_modules; run scripts/setup")
    for tag, a in links():
        href = a.get("href", "")
        if a.get("rel") != "modulepreload" or not href.endswith(".js") or "integrity" not in a:
            continue
        path = os.path.join(staging, href.lstrip("/"))
        subprocess.run([terser, path, "--module", "--compress", "--mangle", "--output", path], check=True)
        if html.count(a["integrity"]) != 1:
            sys.exit(f"csp_hook: expected the integrity of {href} once in index.html")
        with open(path, "rb") as f:
            html = html.replace(a["integrity"], sri(f.read()))

# 2. The wasm fetched with its integrity.
preload = [a for _, a in links() if a.get("rel") == "preload" and a.get("href", "").endswith(".wasm") and "integrity" in a]
if len(preload) != 1:
    sys.exit("csp_hook: no integrity-carrying preload of the wasm found")
wasm_href, wasm_integrity = preload[0]["href"], preload[0]["integrity"]
plain_load = f"module_or_path: '{wasm_href}'"
if html.count(plain_load) != 1:
    sys.exit(f"csp_hook: expected the loader to load {wasm_href} once")
html = html.replace(plain_load, f"module_or_path: fetch('{wasm_href}', {{ integrity: '{wasm_integrity}' }})")

# 3. An import map naming every module's integrity, placed before any script.
modules = {a["href"]: a["integrity"] for _, a in links() if a.get("rel") == "modulepreload" and "integrity" in a}
if not modules:
    sys.exit("csp_hook: expected the wasm-bindgen glue among the modulepreloads")
import_map = '<script type="importmap">' + json.dumps({"integrity": modules}, separators=(",", ":")) + "</script>"
html, placed = re.subn(r"<script\b", lambda m: import_map + m.group(0), html, count=1)
if not placed:
    sys.exit("csp_hook: no script found to place the import map before")

# 4. The policy.
inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
# `trunk serve` adds a third script, its live-reload client, and fills in its address after this hook
# has run, so no hash can name it: a served development build goes without the policy (release builds
# and every test have it).
live_reload = not release and len(inline_scripts) == 3 and "WebSocket" in inline_scripts[2]
if len(inline_scripts) != 2 and not live_reload:
    sys.exit(f"csp_hook: expected two inline scripts (the import map and Trunk's loader), found {len(inline_scripts)}")
if live_reload:
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    print("csp_hook: import map added; no policy under trunk serve (its live-reload script changes after this hook)")
else:
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in inline_scripts)
    policy = "; ".join([
        "default-src 'none'",
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    if "Content-Security-Policy" in html:
        sys.exit("csp_hook: index.html already has a policy")
    # The policy must come before any script or stylesheet it governs: right after <meta charset>.
    html, placed = re.subn(r"<meta charset=[^>]*>", lambda m: m.group(0) + meta, html, count=1)
    if not placed:
        sys.exit("csp_hook: could not find <meta charset> to place the policy after")
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    with open(os.path.join(staging, "_headers"), "w", encoding="utf-8") as f:
        f.write(f"/*\n  Content-Security-Policy: {policy}; frame-ancestors 'none'\n"
                "  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n")
    print(f"csp_hook: import map and policy added (inline scripts {hashes})")

# 5. Precompressed copies, from the files as they now are.
if release:
    sys.dont_write_bytecode = True  # no __pycache__ in scripts/
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from precompress import precompress

    files, raw, gz, br = precompress(staging)
    print(f"csp_hook: precompressed {files} files ({raw} bytes): gzip {gz}, brotli {br}")
