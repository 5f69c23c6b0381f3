"""Checks generated Terraform offline, against the provider schemas, and prints what it read.

usage: tf_check.py SCHEMA_DIR TF_DIR...   (with the Python of .venv-iac, which has python-hcl2)

SCHEMA_DIR holds folders of the npm packages @cdktf/provider-azurerm and @cdktf/provider-kubernetes
(`<provider>/<folder>/**/*.d.ts` and `*.js`, as scripts/setup extracts them). Those packages are
generated from the providers' own schemas: each resource's config interface lists its Terraform
arguments (the `#snake_name` of each member's registry link), a member without `?` is required, and
a member typed by another interface of the folder is a nested block.

Checks: every file parses (python-hcl2); every resource, data source and provider block is one the
schema has; every argument and nested block is in the schema at its place, as an argument or a block
as the schema says; every required one is there; every reference names a declared resource, data
source or variable, and an attribute that resource exports; every variable has a default.

Prints one JSON object, by TF_DIR: {"problems": [...], "blocks": [{"mode", "type", "name", "body"}],
"variables": {name: default}}, string values decoded (the values Terraform would see).

    usage: tf_check.py --values FILE   prints {name: value} for each attribute of FILE, decoded
"""

import json
import os
import re
import sys

import hcl2
from hcl2 import SerializationOptions

META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"}
PROVIDER_META = {"alias"}
MARKERS = {"__is_block__", "__comments__", "__inline_comments__", "__start_line__", "__end_line__"}

IFACE = re.compile(r"export interface (\w+)(?: extends [\w.]+)? \{(.*?)\n\}", re.S)
MEMBER = re.compile(r"/\*\*((?:(?!\*/).)*?)\*/\s*readonly (\w+)(\?)?: ([^;]+);", re.S)
LINK_NAME = re.compile(r"#(\w+)\}")
TF_TYPE = re.compile(r'static readonly tfResourceType = "(\w+)"')
EXPORTED = re.compile(r"""Attribute\('(\w+)'\)|\(this, "(\w+)\"""")


class Schema:
    def __init__(self, folder):
        dts, js = [], []
        for root, _, files in os.walk(folder):
            for f in sorted(files):
                path = os.path.join(root, f)
                if f.endswith(".d.ts"):
                    dts.append(open(path, encoding="utf-8").read())
                elif f.endswith(".js"):
                    js.append(open(path, encoding="utf-8").read())
        text = "\n".join(dts)
        self.interfaces = {}
        for name, body in IFACE.findall(text):
            members = {}
            for doc, _camel, optional, kind in MEMBER.findall(body):
                link = LINK_NAME.findall(doc)
                if not link:
                    continue
                members[link[-1]] = (optional == "?", kind.strip())
            self.interfaces[name] = members
        self.exported = set()
        for a, b in EXPORTED.findall("\n".join(js)):
            self.exported.add(a or b)
        for members in self.interfaces.values():
            self.exported.update(members)
        types = TF_TYPE.findall(text)
        self.tf_type = types[0] if types else None
        config = [n for n in self.interfaces if n.endswith("Config")]
        self.config = config[0] if config else None

    def nested(self, kind):
        """The interface a member's type names, if it is a block."""
        for word in re.findall(r"\w+", kind):
            if word in self.interfaces:
                return word
        return None


def load_schemas(schema_dir):
    out = {}
    for provider in sorted(os.listdir(schema_dir)):
        if not os.path.isdir(os.path.join(schema_dir, provider)):
            continue
        for folder in sorted(os.listdir(os.path.join(schema_dir, provider))):
            schema = Schema(os.path.join(schema_dir, provider, folder))
            if not schema.tf_type:
                continue
            if folder == "provider":
                mode = "provider"
            elif folder.startswith("data-"):
                mode = "data"
            else:
                mode = "resource"
            out[(mode, schema.tf_type)] = schema
    return out


def unquote(label):
    if label.startswith('"') and label.endswith('"'):
        return label[1:-1]
    return label


def check_body(body, schema, iface, where, problems, top):
    members = schema.interfaces.get(iface, {})
    for key, value in body.items():
        if key in MARKERS:
            continue
        if top and (key in META_ARGUMENTS or key in PROVIDER_META):
            continue
        if key not in members:
            problems.append(f"{where}: `{key}` is not in the schema")
            continue
        optional, kind = members[key]
        inner = schema.nested(kind)
        is_block = isinstance(value, list) and all(isinstance(v, dict) and v.get("__is_block__") for v in value) and value
        if inner and not is_block:
            problems.append(f"{where}: `{key}` is a block in the schema, written as an argument")
        elif not inner and is_block:
            problems.append(f"{where}: `{key}` is an argument in the schema, written as a block")
        elif inner:
            for k, v in enumerate(value):
                check_body(v, schema, inner, f"{where}.{key}[{k}]", problems, False)
    for key, (optional, _kind) in members.items():
        if not optional and key not in body:
            problems.append(f"{where}: required `{key}` is missing")


REF = re.compile(r"\b(data\.)?((?:azurerm|kubernetes)_\w+)\.([\w-]+)\.(\w+)|\bvar\.(\w+)")


def references(value, out):
    if isinstance(value, str):
        for inner in re.findall(r"\$\{(.*?)\}", value):
            out.extend(REF.findall(inner))
    elif isinstance(value, list):
        for v in value:
            references(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in MARKERS:
                references(v, out)


def strip_markers(value):
    if isinstance(value, dict):
        return {unquote(k): strip_markers(v) for k, v in value.items() if k not in MARKERS}
    if isinstance(value, list):
        return [strip_markers(v) for v in value]
    return value


def values(path):
    opts = SerializationOptions(strip_string_quotes=True, with_comments=False)
    with open(path, encoding="utf-8") as f:
        doc = hcl2.load(f, serialization_options=opts)
    return {k: v for k, v in doc.items() if k not in MARKERS}


def main():
    if sys.argv[1] == "--values":
        json.dump(values(sys.argv[2]), sys.stdout)
        return
    schemas = load_schemas(sys.argv[1])
    json.dump({d: check_dir(schemas, d) for d in sys.argv[2:]}, sys.stdout)


def check_dir(schemas, tf_dir):
    problems, blocks, declared, variables, refs = [], [], set(), {}, []
    decoded_opts = SerializationOptions(strip_string_quotes=True, with_comments=False)
    for name in sorted(os.listdir(tf_dir)):
        if not name.endswith(".tf"):
            continue
        path = os.path.join(tf_dir, name)
        try:
            with open(path, encoding="utf-8") as f:
                source = hcl2.load(f, serialization_options=SerializationOptions(with_comments=False))
            with open(path, encoding="utf-8") as f:
                decoded = hcl2.load(f, serialization_options=decoded_opts)
        except Exception as exc:  # any parse error is a finding, with the parser's words
            problems.append(f"{name}: does not parse: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        references(source, refs)
        for mode in ("resource", "data"):
            for src_group, dec_group in zip(source.get(mode, []), decoded.get(mode, [])):
                for kind, by_name in src_group.items():
                    kind = unquote(kind)
                    for label, body in by_name.items():
                        label = unquote(label)
                        declared.add((mode, kind, label))
                        schema = schemas.get((mode, kind))
                        where = f"{name}: {mode} {kind}.{label}"
                        if schema is None:
                            problems.append(f"{where}: no such {mode} in the schema")
                        else:
                            check_body(body, schema, schema.config, where, problems, True)
                        dec_body = [b for k, b in dec_group.items() if unquote(k) == kind][0]
                        dec_body = [b for k, b in dec_body.items() if unquote(k) == label][0]
                        blocks.append({"mode": mode, "type": kind, "name": label, "body": strip_markers(dec_body)})
        for group in source.get("provider", []):
            for kind, body in group.items():
                kind = unquote(kind)
                schema = schemas.get(("provider", kind))
                if schema is None:
                    problems.append(f"{name}: provider {kind}: not in the schema")
                else:
                    check_body(body, schema, schema.config, f"{name}: provider {kind}", problems, True)
        for group in decoded.get("variable", []):
            for var, body in group.items():
                var = unquote(var)
                if "default" not in body:
                    problems.append(f"{name}: variable {var} has no default")
                variables[var] = strip_markers(body.get("default"))
    for data, kind, label, attr, var in refs:
        if var:
            if var not in variables:
                problems.append(f"reference to undeclared variable var.{var}")
            continue
        mode = "data" if data else "resource"
        if (mode, kind, label) not in declared:
            problems.append(f"reference to undeclared {mode} {kind}.{label}")
        schema = schemas.get((mode, kind))
        if schema and attr not in schema.exported:
            problems.append(f"reference {kind}.{label}.{attr}: {kind} exports no `{attr}`")
    return {"problems": problems, "blocks": blocks, "variables": variables}


if __name__ == "__main__":
    main()
