"""Checks generated Bicep offline, against the Azure SDK for Python's models, and prints what it read.

usage: bicep_check.py BICEP_DIR...   (with the Python of .venv-bicep: pycep-parser and azure-mgmt-*)
       bicep_check.py --values FILE  prints {name: value} for each `var` of FILE, strings decoded

Checks, for every *.bicep and *.bicepparam file of each BICEP_DIR:
- it parses (pycep-parser; a .bicepparam is read as `var` declarations after its `using` line);
- each resource type@apiVersion is one the installed Azure SDK package of its provider ships: an
  API version module (`v2024_11_30`) or an operation's api-version (`"api-version", "2022-04-01"`);
- a resource that is declared (not `existing`) has only properties its model has at that API
  version (new-style models: `rest_field`s; msrest models: `_attribute_map`), objects where the model
  has objects, and every property the model requires (not Optional / `_validation` required) unless
  read-only; an `existing` reference has only name, parent and scope;
- every property path read from a resource (`cluster.properties.oidcIssuerProfile.issuerURL`)
  exists in that resource's model;
- every symbol named by parent, scope or dependsOn is declared; every module file is there; the
  parameters file gives exactly the parameters main.bicep declares.

Prints one JSON object, by BICEP_DIR: {"problems": [...], "files": {name: parsed}}, every string
decoded (Bicep escapes undone; `${...}` interpolations left as they are).
"""

import importlib
import json
import os
import re
import sys
import typing
from pathlib import Path

from pycep import BicepParser

PACKAGES = {
    "Microsoft.ContainerService": "azure.mgmt.containerservice",
    "Microsoft.ManagedIdentity": "azure.mgmt.msi",
    "Microsoft.Authorization": "azure.mgmt.authorization",
    "Microsoft.DocumentDB": "azure.mgmt.cosmosdb",
    "Microsoft.ContainerRegistry": "azure.mgmt.containerregistry",
    "Microsoft.Storage": "azure.mgmt.storage",
    "Microsoft.KeyVault": "azure.mgmt.keyvault",
    "Microsoft.ServiceBus": "azure.mgmt.servicebus",
    "Microsoft.EventHub": "azure.mgmt.eventhub",
    "Microsoft.AppConfiguration": "azure.mgmt.appconfiguration",
}

# The model of each resource type: the body a PUT sends for declared ones.
MODELS = {
    "Microsoft.ContainerService/managedClusters": "ManagedCluster",
    "Microsoft.ManagedIdentity/userAssignedIdentities": "Identity",
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials": "FederatedIdentityCredential",
    "Microsoft.Authorization/roleAssignments": "RoleAssignmentCreateParameters",
    "Microsoft.DocumentDB/databaseAccounts": "DatabaseAccountGetResults",
    "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments": "SqlRoleAssignmentCreateUpdateParameters",
    "Microsoft.ContainerRegistry/registries": "Registry",
    "Microsoft.Storage/storageAccounts": "StorageAccount",
    "Microsoft.Storage/storageAccounts/blobServices": "BlobServiceProperties",
    "Microsoft.Storage/storageAccounts/blobServices/containers": "BlobContainer",
    "Microsoft.Storage/storageAccounts/queueServices": "QueueServiceProperties",
    "Microsoft.Storage/storageAccounts/queueServices/queues": "StorageQueue",
    "Microsoft.Storage/storageAccounts/tableServices": "TableServiceProperties",
    "Microsoft.Storage/storageAccounts/tableServices/tables": "Table",
    "Microsoft.KeyVault/vaults": "Vault",
    "Microsoft.KeyVault/vaults/secrets": "Secret",
    "Microsoft.KeyVault/vaults/keys": "Key",
    "Microsoft.ServiceBus/namespaces": "SBNamespace",
    "Microsoft.ServiceBus/namespaces/queues": "SBQueue",
    "Microsoft.ServiceBus/namespaces/topics": "SBTopic",
    "Microsoft.EventHub/namespaces": "EHNamespace",
    "Microsoft.EventHub/namespaces/eventhubs": "Eventhub",
    "Microsoft.AppConfiguration/configurationStores": "ConfigurationStore",
}

# Azure RBAC scopes that are no Azure Resource Manager resource, so no SDK has a model for them: an
# `existing` reference only builds their ID (Bicep warns BCP081, "no type available"). Allowed as
# `existing` only, with the API version of their provider's package.
SCOPE_ONLY = {
    "Microsoft.ContainerService/managedClusters/namespaces",
    "Microsoft.KeyVault/vaults/certificates",
}

RESOURCE_META = {"name", "parent", "scope", "dependsOn"}
EXISTING_KEYS = {"name", "parent", "scope"}


def decode(text):
    """A Bicep single-quoted string's value, from the text between its quotes."""
    out, k = [], 0
    while k < len(text):
        c = text[k]
        if c == "\\" and k + 1 < len(text):
            n = text[k + 1]
            if n == "u" and text[k + 2 : k + 3] == "{":
                end = text.index("}", k)
                out.append(chr(int(text[k + 3 : end], 16)))
                k = end + 1
                continue
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", "$": "$"}.get(n, "\\" + n))
            k += 2
            continue
        out.append(c)
        k += 1
    return "".join(out)


def decoded(value):
    if isinstance(value, str):
        return decode(value)
    if isinstance(value, list):
        return [decoded(v) for v in value]
    if isinstance(value, dict):
        return {k: decoded(v) for k, v in value.items()}
    return value


def parse_file(path):
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith(".bicepparam"):
        lines = text.split("\n")
        using = [l for l in lines if l.startswith("using ")]
        body = "\n".join(re.sub(r"^param ", "var ", l) for l in lines if not l.startswith("using "))
        parsed = BicepParser().parse(text=body)
        return {"using": using[0][6:].strip().strip("'") if using else None, "params": parsed.get("variables", {})}
    return BicepParser().parse(text=text)


# ---- The SDK's models ----

_versions = {}


def api_versions(namespace):
    """Every API version the package of a provider namespace ships."""
    if namespace in _versions:
        return _versions[namespace]
    found = set()
    name = PACKAGES.get(namespace)
    if name:
        root = Path(importlib.import_module(name).__file__).parent
        for entry in root.iterdir():
            m = re.fullmatch(r"v(\d{4})_(\d{2})_(\d{2})(_preview)?", entry.name)
            if m and entry.is_dir():
                found.add(f"{m[1]}-{m[2]}-{m[3]}" + ("-preview" if m[4] else ""))
        for py in root.rglob("*.py"):
            if "/aio/" in str(py):
                continue
            for v in re.findall(r'"api[-_]version",\s*(?:_params\.pop\("api-version",\s*)?"(\d{4}-\d{2}-\d{2}(?:-preview)?)"', py.read_text(encoding="utf-8")):
                found.add(v)
    _versions[namespace] = found
    return found


def models_module(namespace, version):
    name = PACKAGES[namespace]
    folder = "v" + version.replace("-", "_")
    try:
        return importlib.import_module(f"{name}.{folder}.models")
    except ImportError:
        return importlib.import_module(f"{name}.models")


class Field:
    def __init__(self, kind, target, required, readonly):
        self.kind, self.target, self.required, self.readonly = kind, target, required, readonly


def fields(cls, module):
    """{rest name: Field} of a model class; target is a class or a {name: Field} dict (msrest's
    flattened `properties.x` keys), kind one of model, list, dict, scalar."""
    if isinstance(cls, dict):
        return cls
    if hasattr(cls, "_attribute_map"):
        tree = {}
        validation = getattr(cls, "_validation", {})
        for attr, info in cls._attribute_map.items():
            parts = [p.replace("\\.", ".") for p in re.split(r"(?<!\\)\.", info["key"])]
            rule = validation.get(attr, {})
            node = tree
            for p in parts[:-1]:
                if p not in node:
                    node[p] = Field("model", {}, False, False)
                node = node[p].target
            t = info["type"]
            inner = t.strip("[]{}")
            target = getattr(module, inner, None)
            kind = "list" if t.startswith("[") else "dict" if t.startswith("{") else "model" if target else "scalar"
            node[parts[-1]] = Field(kind, target, bool(rule.get("required")), bool(rule.get("readonly")))
        return tree
    out = {}
    for klass in reversed(cls.__mro__):
        annotations = klass.__dict__.get("__annotations__", {})
        for attr, rf in klass.__dict__.items():
            if attr.startswith("_") or not hasattr(rf, "_rest_name_input") or not hasattr(rf, "_visibility"):
                continue
            rest = rf._rest_name_input or attr
            ann = str(annotations.get(attr, ""))
            names = re.findall(r"_models\.(\w+)", ann)
            target = getattr(module, names[-1], None) if names else None
            kind = "list" if "list[" in ann.lower() else "dict" if "dict[" in ann.lower() else "model" if target else "scalar"
            readonly = rf._visibility == ["read"]
            optional = ann.startswith("typing.Optional") or "NoneType" in ann or ann == ""
            out[rest] = Field(kind, target, not optional, readonly)
    return out


def is_expression(v):
    return isinstance(v, dict) and len(v) == 1 and next(iter(v)) in ("operator", "function", "interpolation")


def check_body(body, cls, module, where, problems, top):
    known = fields(cls, module)
    for key, value in body.items():
        if top and key in RESOURCE_META:
            continue
        if key not in known:
            problems.append(f"{where}: `{key}` is not a property of the model")
            continue
        f = known[key]
        if f.readonly:
            problems.append(f"{where}: `{key}` is read-only")
        if is_expression(value) or value is None:
            continue
        if isinstance(value, dict):
            if f.kind == "model":
                check_body(value, f.target, module, f"{where}.{key}", problems, False)
            elif f.kind == "scalar":
                problems.append(f"{where}: `{key}` is a value in the model, written as an object")
        elif isinstance(value, list):
            if f.kind not in ("list",):
                problems.append(f"{where}: `{key}` is not a list in the model")
            elif f.target is not None:
                for k, item in enumerate(value):
                    if isinstance(item, dict) and not is_expression(item):
                        check_body(item, f.target, module, f"{where}.{key}[{k}]", problems, False)
    for key, f in known.items():
        if f.required and not f.readonly and key not in body and not (top and key in ("name", "id", "type")):
            problems.append(f"{where}: required `{key}` is missing")


def accessor_paths(value, out):
    """Property paths read from symbols: (root, [segments])."""
    if isinstance(value, dict):
        op = value.get("operator") if len(value) == 1 else None
        if isinstance(op, dict) and op.get("type") == "property_accessor":
            path = []
            node = value
            while isinstance(node, dict) and isinstance(node.get("operator"), dict) and node["operator"].get("type") == "property_accessor":
                operands = node["operator"]["operands"]
                path.append(operands["operand_1"])
                node = operands["operand_2"]
            path.append(node)
            if all(isinstance(p, str) for p in path):
                out.append((path[0], path[1:]))
                return
        for v in value.values():
            accessor_paths(v, out)
    elif isinstance(value, list):
        for v in value:
            accessor_paths(v, out)


def check_path(cls, module, path):
    node = fields(cls, module)
    for k, seg in enumerate(path):
        if seg not in node:
            return seg
        f = node[seg]
        if f.kind == "dict":
            # A map: the next segment is any key, then the map's value model.
            if k + 1 < len(path) and f.target is not None:
                return check_path(f.target, module, path[k + 2 :])
            return None
        if f.target is None:
            return None if k == len(path) - 1 else path[k + 1]
        node = fields(f.target, module)
    return None


def check_file(name, parsed, problems):
    resources = parsed.get("resources", {}) or {}
    modules = parsed.get("modules", {}) or {}
    symbols = set(resources) | set(modules)
    for sym, r in resources.items():
        kind, version = r["type"], r["api_version"]
        where = f"{name}: {sym} ({kind}@{version})"
        namespace = kind.split("/")[0]
        config = r["config"]
        if namespace not in PACKAGES:
            problems.append(f"{where}: no installed Azure SDK package for {namespace}")
            continue
        if version not in api_versions(namespace):
            problems.append(f"{where}: API version {version} is not one {PACKAGES[namespace]} ships")
            continue
        if kind in SCOPE_ONLY:
            if not r["existing"]:
                problems.append(f"{where}: {kind} can only be an existing reference")
        elif kind not in MODELS:
            problems.append(f"{where}: no such resource type known")
            continue
        else:
            module = models_module(namespace, version)
            cls = getattr(module, MODELS[kind], None)
            if cls is None:
                problems.append(f"{where}: {PACKAGES[namespace]} has no model {MODELS[kind]} at {version}")
                continue
            if r["existing"]:
                for key in config:
                    if key not in EXISTING_KEYS:
                        problems.append(f"{where}: an existing reference has `{key}`")
            else:
                check_body(config, cls, module, where, problems, True)
        for key in ("parent", "scope"):
            v = config.get(key)
            if isinstance(v, str) and v not in symbols:
                problems.append(f"{where}: {key} names no declared resource `{v}`")
        for d in config.get("dependsOn", []) or []:
            if isinstance(d, str) and d not in symbols:
                problems.append(f"{where}: dependsOn names no declared resource `{d}`")
    # Property paths read from resources.
    paths = []
    accessor_paths({k: v for k, v in parsed.items() if k != "globals"}, paths)
    for root, path in paths:
        r = resources.get(root)
        if r is None or not path or path[0] in ("id", "name", "type"):
            continue
        namespace = r["type"].split("/")[0]
        model = MODELS.get(r["type"])
        if model is None or namespace not in PACKAGES or r["api_version"] not in api_versions(namespace):
            continue
        module = models_module(namespace, r["api_version"])
        wrong = check_path(getattr(module, model), module, path)
        if wrong is not None:
            problems.append(f"{name}: {root}.{'.'.join(path)}: `{wrong}` is not in the model of {r['type']}")


def check_dir(folder):
    problems, files = [], {}
    for name in sorted(os.listdir(folder)):
        if not (name.endswith(".bicep") or name.endswith(".bicepparam")):
            continue
        try:
            parsed = parse_file(os.path.join(folder, name))
        except Exception as exc:  # any parse error is a finding, with the parser's words
            problems.append(f"{name}: does not parse: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        if name.endswith(".bicep"):
            check_file(name, parsed, problems)
            for sym, m in (parsed.get("modules") or {}).items():
                path = m["detail"]["path"]
                if not os.path.exists(os.path.join(folder, path)):
                    problems.append(f"{name}: module {sym}: no file {path}")
        files[name] = decoded(parsed)
    main, params = files.get("main.bicep"), files.get("main.bicepparam")
    if main is not None and params is not None:
        declared = {k for k, p in (main.get("parameters") or {}).items() if p.get("default") is None}
        given = set(params["params"])
        for p in sorted(declared - given):
            problems.append(f"main.bicepparam: parameter {p} of main.bicep is not given")
        for p in sorted(given - set(main.get("parameters") or {})):
            problems.append(f"main.bicepparam: parameter {p} is not declared in main.bicep")
        if params["using"] != "main.bicep":
            problems.append("main.bicepparam: does not say `using 'main.bicep'`")
    elif main is not None:
        problems.append("main.bicepparam is missing")
    return {"problems": problems, "files": files}


def main():
    if sys.argv[1] == "--values":
        parsed = BicepParser().parse(text=Path(sys.argv[2]).read_text(encoding="utf-8"))
        json.dump({k: decoded(v["value"]) for k, v in parsed.get("variables", {}).items()}, sys.stdout)
        return
    json.dump({d: check_dir(d) for d in sys.argv[1:]}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
