#!/usr/bin/env python3
"""Trunk post_build hook: adds a strict Content-Security-Policy to the built index.html.

Trunk writes its wasm loader as an inline <script type="module">. Rather than allow inline scripts,
the policy names that one script by its SHA-256 hash. The policy travels in a <meta> tag so it works on
any static host; frame-ancestors cannot be set from a <meta> tag, so it goes, with the same policy, into
_headers for hosts that read that file.
"""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("csp_hook: TRUNK_STAGING_DIR is not set; run this from trunk build")
index_path = os.path.join(staging, "index.html")
with open(index_path, encoding="utf-8") as f:
    html = f.read()

# Chrome ignores `integrity` on the wasm's <link rel=preload as=fetch>, and the loader fetches the wasm
# without it, so its hash would be checked by nothing. The loader is made to fetch it with the same
# integrity value (the preload is the same request, so it is still used, not fetched twice).
preload = re.search(r'<link rel="preload" href="([^"]+\.wasm)"[^>]*\bintegrity="([^"]+)"', html)
if not preload:
    sys.exit("csp_hook: no integrity-carrying preload of the wasm found")
wasm_href, wasm_integrity = preload.group(1), preload.group(2)
plain_load = f"module_or_path: '{wasm_href}'"
if html.count(plain_load) != 1:
    sys.exit(f"csp_hook: expected the loader to load {wasm_href} once")
html = html.replace(plain_load, f"module_or_path: fetch('{wasm_href}', {{ integrity: '{wasm_integrity}' }})")

inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
if len(inline_scripts) != 1:
    sys.exit(f"csp_hook: expected exactly one inline script (Trunk's loader), found {len(inline_scripts)}")
digest = base64.b64encode(hashlib.sha256(inline_scripts[0].encode("utf-8")).digest()).decode()

policy = "; ".join([
    "default-src 'none'",
    f"script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
])
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
if "Content-Security-Policy" in html:
    sys.exit("csp_hook: index.html already has a policy")
# The policy must come before any script or stylesheet it governs.
html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + meta, 1)
if meta not in html:
    sys.exit("csp_hook: could not find <meta charset> to place the policy after")
with open(index_path, "w", encoding="utf-8") as f:
    f.write(html)
with open(os.path.join(staging, "_headers"), "w", encoding="utf-8") as f:
    f.write(f"/*\n  Content-Security-Policy: {policy}; frame-ancestors 'none'\n"
            "  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n")
print(f"csp_hook: policy added (loader sha256-{digest})")
