#!/usr/bin/env python3
"""A stateful test double for az, kubectl and kubelogin.

Invoked as `azdouble.py TOOL ARGS...` (TOOL: az, kubectl, kubelogin; tiny wrappers named after the
tools exec it), or `azdouble.py double-seed ...` to describe the world before a script runs. State is
one JSON file at $DOUBLE_STATE. Objects are kept in the shape az prints them (camelCase), so real
JMESPath queries run against them.

Refusals copy the real CLI's and cite where it makes them: files under azure-cli 2.91.0's
azure/cli/command_modules/ (acs/, role/, identity/, cosmosdb/), knack 0.14.0 (the version
azure-cli-core 2.91 requires) and the azure-workload-identity webhook.

Anything the double does not model (a command, a flag, a kind, a jsonpath form, a field a query
names) fails with exit 2 and a message starting `azdouble:`, so a script change it does not
understand is caught instead of answered wrongly.
"""

import collections
import copy
import fcntl
import hashlib
import json
import os
import re
import sys
import uuid

NOT_EMULATED = 2
# azure/cli/core/util.py handle_exception: a ResourceNotFoundError (HTTP 404) exits 3, others 1.
NOT_FOUND = 3

# Fixed namespace for the double's GUIDs: uuid5 of a sequence number, so two runs are comparable.
GUID_NAMESPACE = bytes.fromhex("6f1c2b0e8d3a4c599e7b2a4d5c6e7f80")


def uuid5(name):
    """RFC 4122 name-based (SHA-1) UUID; the uuid module costs more to import than the double runs."""
    b = bytearray(hashlib.sha1(GUID_NAMESPACE + name.encode()).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x50
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return "{}-{}-{}-{}-{}".format(h[:8], h[8:12], h[12:16], h[16:20], h[20:])

BUILT_IN_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")

# The Entra ID authority host the webhook injects, per cloud (go-autorest's ActiveDirectoryEndpoint,
# which the webhook's getAzureAuthorityHost reads; same values as src/catalog/clouds.rs).
AUTHORITY_HOSTS = {
    "AzureCloud": "https://login.microsoftonline.com/",
    "AzureUSGovernment": "https://login.microsoftonline.us/",
    "AzureChinaCloud": "https://login.chinacloudapi.cn/",
}

TOKEN_FILE = "/var/run/secrets/azure/tokens/azure-identity-token"
TOKEN_AUDIENCE = "api://AzureADTokenExchange"
ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
# Cosmos DB's built-in data-plane roles, the only SQL role definitions an account has until someone
# creates a custom one (which the double does not model).
COSMOS_BUILT_IN_ROLES = (
    "00000000-0000-0000-0000-000000000001",
    "00000000-0000-0000-0000-000000000002",
)

# The `az aks create/update` flags that switch a cluster feature on; a re-run that sends one again
# makes AKS reconcile the whole cluster.
FEATURE_FLAGS = (
    "--enable-aad",
    "--aad-admin-group-object-ids",
    "--aad-tenant-id",
    "--enable-azure-rbac",
    "--disable-local-accounts",
    "--enable-oidc-issuer",
    "--enable-workload-identity",
)


class Fail(Exception):
    """A refusal: `message` goes to stderr as the tool prints it, then exit `code`."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.message = message
        self.code = code


def not_emulated(what):
    return Fail("azdouble: not emulated: " + what, NOT_EMULATED)


def arm_error(code, message, exit_code=1):
    # How az prints an ARM error response (azure-core's HttpResponseError text).
    return Fail("({}) {}\nCode: {}\nMessage: {}".format(code, message, code, message), exit_code)


def resource_not_found(rtype, name, group):
    return arm_error(
        "ResourceNotFound",
        "The Resource '{}/{}' under resource group '{}' was not found. For more details please go to "
        "https://aka.ms/ARMResourceNotFoundFix".format(rtype, name, group),
        NOT_FOUND,
    )


def group_not_found(group):
    return arm_error("ResourceGroupNotFound", "Resource group '{}' could not be found.".format(group), NOT_FOUND)


def under(scope, parent):
    """True when `scope` is `parent` or inside it: a prefix at a '/' boundary, ignoring case."""
    s = scope.rstrip("/").lower()
    p = parent.rstrip("/").lower()
    return s == p or s.startswith(p + "/")


# ---------------------------------------------------------------------------------------------
# State


class World:
    def __init__(self, state):
        self.s = state
        self.changed = False

    @property
    def sub(self):
        return self.s["subscription"]

    @property
    def tenant(self):
        return self.s["tenant"]

    def book(self):
        return self.s["bookkeeping"]

    def next_seq(self):
        self.book()["sequence"] += 1
        self.changed = True
        return self.book()["sequence"]

    def guid(self):
        return uuid5(str(self.next_seq()))

    def timestamp(self):
        # A logical clock: one second per event, so sorting by creation time is the creation order.
        minutes, seconds = divmod(self.next_seq(), 60)
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        if days > 27:
            raise not_emulated("more than 27 days of logical time")
        return "2025-01-{:02d}T{:02d}:{:02d}:{:02d}Z".format(days + 1, hours, minutes, seconds)

    def touch(self):
        self.changed = True

    # Resource groups: names are case-insensitive in ARM, so keys are lower-cased.
    def group(self, name):
        return self.s["groups"].get(name.lower())

    def need_group(self, name):
        g = self.group(name)
        if g is None:
            raise group_not_found(name)
        return g

    def group_id(self, name):
        return "/subscriptions/{}/resourceGroups/{}".format(self.sub, name)

    def cluster(self, rg, name):
        return self.s["clusters"].get("{}/{}".format(rg, name).lower())

    def need_cluster(self, rg, name):
        self.need_group(rg)
        c = self.cluster(rg, name)
        if c is None:
            raise resource_not_found("Microsoft.ContainerService/managedClusters", name, rg)
        return c

    def identity(self, rg, name):
        return self.s["identities"].get("{}/{}".format(rg, name).lower())

    def need_identity(self, rg, name):
        self.need_group(rg)
        i = self.identity(rg, name)
        if i is None:
            raise resource_not_found("Microsoft.ManagedIdentity/userAssignedIdentities", name, rg)
        return i

    def resource(self, rid):
        return self.s["resources"].get(rid.lower())

    def cluster_by_id(self, cid):
        for c in self.s["clusters"].values():
            if c["id"].lower() == cid.lower():
                return c
        return None

    def principal_ids(self):
        ids = {i["principalId"] for i in self.s["identities"].values()}
        for c in self.s["clusters"].values():
            ids.add(c["identityProfile"]["kubeletidentity"]["objectId"])
        return ids


def empty_state(subscription, tenant, cloud):
    return {
        "subscription": subscription,
        "tenant": tenant,
        # The cloud the signed-in account belongs to, and the one `az cloud set` last chose.
        "cloud": {"signedIn": cloud, "active": cloud},
        "groups": {},
        "resources": {},
        "clusters": {},
        "identities": {},
        "federatedCredentials": {},
        "roleAssignments": [],
        "cosmosAssignments": [],
        "roleNames": {ACR_PULL: "AcrPull"},
        "kubeconfig": {"contexts": {}, "current": None},
        "kubernetes": {},
        # Counters and logs a test reads; a second identical run changes only these.
        "bookkeeping": {
            "sequence": 0,
            "clusterPuts": 0,
            "clusterWrites": [],
            "identityChecks": [],
        },
    }


class Locked:
    """The state file, under an exclusive flock for the whole call (the setup scripts pipe one
    kubectl into another, so two processes can run at once)."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.lock = open(self.path + ".lock", "a")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        with open(self.path) as f:
            self.world = World(json.load(f))
        return self.world

    def __exit__(self, exc_type, exc, tb):
        try:
            if self.world.changed and (exc_type is None or exc_type is Fail):
                tmp = self.path + ".tmp"
                with open(tmp, "w") as f:
                    json.dump(self.world.s, f, indent=1, sort_keys=True)
                os.replace(tmp, self.path)
        finally:
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()
        return False


def state_path():
    p = os.environ.get("DOUBLE_STATE")
    if not p:
        raise not_emulated("DOUBLE_STATE is not set (run `azdouble.py double-seed` first)")
    if not os.path.exists(p):
        raise not_emulated("no state at {} (run `azdouble.py double-seed` first)".format(p))
    return p


# ---------------------------------------------------------------------------------------------
# Argument parsing shared by the three tools

VALUE, SWITCH, LIST = "value", "switch", "list"


def parse_flags(tool, command, argv, flags, aliases, positional_max=0):
    """Returns ({canonical flag: value}, [positionals]); an unknown flag fails loudly."""
    out = {}
    pos = []
    k = 0
    while k < len(argv):
        arg = argv[k]
        k += 1
        if arg.startswith("-") and arg != "-" and not re.match(r"^-\d", arg):
            name, eq, inline = arg.partition("=")
            name = aliases.get(name, name)
            kind = flags.get(name)
            if kind is None:
                raise not_emulated("{} {}: flag {} (unrecognized arguments)".format(tool, command, arg))
            if kind == SWITCH:
                if eq:
                    if inline.lower() not in ("true", "false"):
                        raise not_emulated("{} {}: {} takes no value here".format(tool, command, arg))
                    out[name] = inline.lower() == "true"
                else:
                    out[name] = True
            elif kind == VALUE:
                if eq:
                    out[name] = inline
                else:
                    if k >= len(argv):
                        raise Fail("argument {}: expected one argument".format(name), 2)
                    out[name] = argv[k]
                    k += 1
            else:  # LIST: every following word up to the next flag
                values = [inline] if eq else []
                while k < len(argv) and not (argv[k].startswith("-") and len(argv[k]) > 1):
                    values.append(argv[k])
                    k += 1
                if not values:
                    raise Fail("argument {}: expected at least one argument".format(name), 2)
                out.setdefault(name, []).extend(values)
        else:
            pos.append(arg)
    if len(pos) > positional_max:
        raise not_emulated("{} {}: unexpected arguments {}".format(tool, command, pos[positional_max:]))
    return out, pos


# ---------------------------------------------------------------------------------------------
# az output: --query through the real jmespath package, formatted as knack formats it

# Every key the double's objects carry, per kind: a query naming any other field would read null
# from the double where real az may have a value, so it fails instead.
KNOWN_FIELDS = {
    "cloud": {"name", "isActive", "profile"},
    "account": {"id", "name", "tenantId", "homeTenantId", "isDefault", "state", "environmentName", "user", "type"},
    "user": {"id", "userPrincipalName", "displayName", "mail"},
    "group": {"id", "name", "location", "properties", "provisioningState", "type", "tags", "managedBy"},
    "cluster": {
        "id", "name", "resourceGroup", "location", "type", "kubernetesVersion", "currentKubernetesVersion",
        "provisioningState", "fqdn", "nodeResourceGroup", "sku", "tier", "agentPoolProfiles", "count", "vmSize",
        "mode", "aadProfile", "managed", "enableAzureRbac", "adminGroupObjectIDs", "tenantId", "disableLocalAccounts",
        "oidcIssuerProfile", "enabled", "issuerUrl", "securityProfile", "workloadIdentity", "identityProfile",
        "kubeletidentity", "clientId", "objectId", "resourceId", "identity", "principalId", "tags",
    },
    "identity": {"id", "name", "location", "resourceGroup", "type", "clientId", "principalId", "tenantId", "tags"},
    "federatedCredential": {"id", "name", "resourceGroup", "type", "issuer", "subject", "audiences"},
    "roleAssignment": {
        "id", "name", "type", "principalId", "principalType", "principalName", "roleDefinitionId",
        "roleDefinitionName", "scope", "condition", "conditionVersion", "description",
    },
    "cosmosAssignment": {"id", "name", "type", "resourceGroup", "principalId", "roleDefinitionId", "scope"},
}


def query_fields(node, out):
    if isinstance(node, dict):
        if node.get("type") == "field":
            out.add(node["value"])
        for child in node.get("children", []):
            query_fields(child, out)
    return out


def run_query(query, result, kind):
    import jmespath
    from jmespath import exceptions as jexc

    try:
        # knack/query.py CLIQuery.jmespath_type compiles the query while parsing arguments.
        compiled = jmespath.compile(query)
    except (jexc.JMESPathError, KeyError) as ex:
        raise Fail("argument --query: invalid jmespath_type value: {!r}\n{}".format(query, ex), 2)
    unknown = sorted(query_fields(compiled.parsed, set()) - KNOWN_FIELDS[kind])
    if unknown:
        raise not_emulated("--query {!r} names {} the double does not keep".format(query, ", ".join(unknown)))
    try:
        return compiled.search(result, jmespath.Options(dict_cls=collections.OrderedDict))
    except jexc.JMESPathError as ex:
        # azure/cli/core/util.py handle_exception: JMESPathError at run time.
        raise Fail("Invalid jmespath query supplied for `--query`: {}".format(ex))


def tsv_obj(data):
    # knack/output.py _TsvOutput._dump_obj: a list prints its length, a dict nothing, the rest str().
    if isinstance(data, list):
        return str(len(data))
    if isinstance(data, dict):
        return ""
    return data if isinstance(data, str) else str(data)


def tsv_row(data):
    # knack/output.py _TsvOutput._dump_row: a dict's values in key order (insertion order for an
    # OrderedDict, which --query makes), a list's in order; a bare bool prints lower-case, but
    # inside a row str() prints True/False.
    if isinstance(data, (dict, list)):
        if isinstance(data, collections.OrderedDict):
            values = list(data.values())
        elif isinstance(data, dict):
            values = [v for _, v in sorted(data.items())]
        else:
            values = data
        return "\t".join(tsv_obj(v) for v in values) + "\n"
    if isinstance(data, bool):
        return tsv_obj(str(data).lower()) + "\n"
    return tsv_obj(data) + "\n"


def emit(result, flags, kind):
    output = flags.get("--output", "json")
    if output not in ("json", "tsv", "none"):
        raise not_emulated("--output {}".format(output))
    if "--query" in flags:
        result = run_query(flags["--query"], result, kind)
    # knack/cli.py CLI.invoke prints nothing when the result is None.
    if result is None:
        return
    if output == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True, separators=(",", ": ")) + "\n")
    elif output == "tsv":
        # knack/output.py format_tsv: a non-list result is a one-row list.
        rows = result if isinstance(result, list) else [result]
        sys.stdout.write("".join(tsv_row(r) for r in rows))


def confirm_or_cancel(flags):
    # knack/commands.py _user_confirmed: without --yes, az prompts; with no terminal it warns and the
    # command is cancelled (azure/cli/core/commands/__init__.py: CLIError('Operation cancelled.')).
    if flags.get("--yes"):
        return
    if sys.stdin.isatty():
        raise not_emulated("interactive confirmation prompt (pass --yes)")
    sys.stderr.write("WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\n")
    raise Fail("ERROR: Operation cancelled.")


# ---------------------------------------------------------------------------------------------
# az commands

G = {"--resource-group": VALUE}
GA = {"-g": "--resource-group"}
N = {"--name": VALUE}
NA = {"-n": "--name"}


def cmd_cloud_set(w, f):
    if f["--name"] not in AUTHORITY_HOSTS:
        raise Fail("ERROR: Cloud '{}' is not registered.".format(f["--name"]))
    if w.s["cloud"]["active"] != f["--name"]:
        w.s["cloud"]["active"] = f["--name"]
        w.touch()


def cmd_cloud_show(w, f):
    name = f.get("--name", w.s["cloud"]["active"])
    if name not in AUTHORITY_HOSTS:
        raise Fail("ERROR: Cloud '{}' is not registered.".format(name))
    return {"name": name, "isActive": name == w.s["cloud"]["active"], "profile": "latest"}


def cmd_account_show(w, f):
    return {
        "id": w.sub,
        "name": "Subscription " + w.sub[:8],
        "tenantId": w.tenant,
        "homeTenantId": w.tenant,
        "isDefault": True,
        "state": "Enabled",
        "environmentName": w.s["cloud"]["active"],
        "user": {"name": "admin@example.com", "type": "user"},
    }


def cmd_ad_user_show(w, f):
    # The test directory holds every sign-in name (name@domain) with an object ID derived from it, so
    # a script that looks a participant up gets the same ID on every run. Anything else is not found,
    # as Microsoft Graph answers for a user it does not have (azure-cli prints its message, exit 1).
    upn = f["--id"]
    if "@" not in upn or upn.startswith("@") or upn.endswith("@"):
        raise Fail("ERROR: Resource '{}' does not exist or one of its queried reference-property objects "
                   "are not present.".format(upn))
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "user:" + upn.lower())),
        "userPrincipalName": upn,
        "displayName": upn.split("@")[0],
        "mail": None,
    }


def group_object(w, name, location):
    return {
        "id": w.group_id(name),
        "name": name,
        "location": location,
        "properties": {"provisioningState": "Succeeded"},
        "type": "Microsoft.Resources/resourceGroups",
        "tags": None,
        "managedBy": None,
    }


def cmd_group_create(w, f):
    name, location = f["--name"], f["--location"]
    g = w.group(name)
    if g is not None:
        # ARM keeps a group's location; a PUT naming another one is refused.
        if g["location"].lower() != location.lower():
            raise arm_error(
                "InvalidResourceGroupLocation",
                "Invalid resource group location '{}'. The Resource group already exists in location '{}'.".format(
                    location, g["location"]
                ),
            )
        return g
    g = group_object(w, name, location)
    w.s["groups"][name.lower()] = g
    w.touch()
    return g


def cmd_group_delete(w, f):
    confirm_or_cancel(f)
    name = f["--name"]
    g = w.need_group(name)
    gid = g["id"]
    for key, c in list(w.s["clusters"].items()):
        if c["resourceGroup"].lower() == name.lower():
            delete_cluster(w, key)
    for key, i in list(w.s["identities"].items()):
        if i["resourceGroup"].lower() == name.lower():
            delete_identity(w, key)
    for rid in list(w.s["resources"]):
        if under(rid, gid):
            del w.s["resources"][rid]
    # Role assignments are child resources of their scope and go with it.
    w.s["roleAssignments"] = [ra for ra in w.s["roleAssignments"] if not under(ra["scope"], gid)]
    w.s["cosmosAssignments"] = [ca for ca in w.s["cosmosAssignments"] if not under(ca["id"], gid)]
    del w.s["groups"][name.lower()]
    w.touch()


def cmd_aks_list(w, f):
    rg = f["--resource-group"]
    w.need_group(rg)
    return [c for c in w.s["clusters"].values() if c["resourceGroup"].lower() == rg.lower()]


def cmd_aks_show(w, f):
    return w.need_cluster(f["--resource-group"], f["--name"])


def issuer_url(w, location):
    return "https://{}.oic.prod-aks.azure.com/{}/{}/".format(location, w.tenant, w.guid())


def new_cluster(w, rg, name, location, node_count=3, vm_size="Standard_DS2_v2", version="1.33", tier="free"):
    node_rg = "MC_{}_{}_{}".format(rg, name, location)
    kubelet_name = name + "-agentpool"
    return {
        "id": "/subscriptions/{}/resourcegroups/{}/providers/Microsoft.ContainerService/managedClusters/{}".format(
            w.sub, rg, name
        ),
        "name": name,
        "resourceGroup": rg,
        "location": location,
        "type": "Microsoft.ContainerService/ManagedClusters",
        "kubernetesVersion": version,
        "currentKubernetesVersion": version,
        "provisioningState": "Succeeded",
        "fqdn": "{}-dns-{}.hcp.{}.azmk8s.io".format(name, w.guid()[:8], location),
        "nodeResourceGroup": node_rg,
        "sku": {"name": "Base", "tier": tier.capitalize()},
        "agentPoolProfiles": [{"name": "nodepool1", "count": node_count, "vmSize": vm_size, "mode": "System"}],
        "aadProfile": None,
        "disableLocalAccounts": False,
        "oidcIssuerProfile": {"enabled": False, "issuerUrl": None},
        "securityProfile": {"workloadIdentity": None},
        "identity": {"type": "SystemAssigned", "principalId": w.guid(), "tenantId": w.tenant},
        "identityProfile": {
            "kubeletidentity": {
                "clientId": w.guid(),
                "objectId": w.guid(),
                "resourceId": "/subscriptions/{}/resourcegroups/{}/providers/Microsoft.ManagedIdentity/"
                "userAssignedIdentities/{}".format(w.sub, node_rg, kubelet_name),
            }
        },
    }


def enable_oidc(w, c):
    # acs/managed_cluster_decorator.py get_oidc_issuer_profile keeps an existing profile and sets
    # enabled; the service then publishes the issuer URL, which stays the same from then on.
    if not c["oidcIssuerProfile"]["enabled"]:
        c["oidcIssuerProfile"] = {"enabled": True, "issuerUrl": issuer_url(w, c["location"])}


def registry_for(w, acr):
    if not acr.startswith("/subscriptions/"):
        raise not_emulated("--attach-acr/--detach-acr by registry name (the scripts pass the resource ID)")
    reg = w.resource(acr)
    if reg is None:
        # acs/_roleassignments.py ensure_aks_acr: registries.get(...) for a resource ID, whose
        # HttpResponseError message is re-raised.
        m = re.match(r"(?i)^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.ContainerRegistry/"
                     r"registries/([^/]+)$", acr)
        if not m:
            raise not_emulated("--attach-acr {!r} is not a registry resource ID".format(acr))
        # AzCLIError, so exit 1 rather than the 3 of a plain 404.
        raise Fail(resource_not_found("Microsoft.ContainerRegistry/registries", m.group(2), m.group(1)).message)
    return reg["id"]


def attach_acr(w, c, acr):
    # acs/_roleassignments.py ensure_aks_acr_role_assignment -> add_role_assignment("acrpull", the
    # kubelet identity, scope=registry): an existing assignment ends as RoleAssignmentExists, which
    # add_role_assignment treats as done.
    scope = registry_for(w, acr)
    principal = c["identityProfile"]["kubeletidentity"]["objectId"]
    create_role_assignment(w, principal, "ServicePrincipal", ACR_PULL, scope)


def detach_acr(w, c, acr):
    # acs/_roleassignments.py delete_role_assignments_executor: deletes the matching assignments at
    # exactly that scope, and none found is no error.
    scope = registry_for(w, acr)
    principal = c["identityProfile"]["kubeletidentity"]["objectId"]
    role_id = role_definition_id(w, ACR_PULL)
    before = len(w.s["roleAssignments"])
    w.s["roleAssignments"] = [
        ra for ra in w.s["roleAssignments"]
        if not (ra["scope"].lower() == scope.lower() and ra["principalId"] == principal
                and ra["roleDefinitionId"] == role_id)
    ]
    if len(w.s["roleAssignments"]) != before:
        w.touch()


def record_put(w, command, c, f):
    w.book()["clusterPuts"] += 1
    w.book()["clusterWrites"].append(
        {"command": command, "cluster": c["id"], "featureFlags": [x for x in FEATURE_FLAGS if f.get(x)]}
    )
    w.touch()


AKS_CREATE_FLAGS = dict(G, **N, **{
    "--location": VALUE, "--node-count": VALUE, "--tier": VALUE, "--node-vm-size": VALUE,
    "--kubernetes-version": VALUE, "--enable-aad": SWITCH, "--aad-admin-group-object-ids": VALUE,
    "--aad-tenant-id": VALUE, "--enable-azure-rbac": SWITCH, "--disable-local-accounts": SWITCH,
    "--enable-oidc-issuer": SWITCH, "--enable-workload-identity": SWITCH, "--no-ssh-key": SWITCH,
    "--generate-ssh-keys": SWITCH, "--attach-acr": VALUE,
})


def cmd_aks_create(w, f):
    rg, name = f["--resource-group"], f["--name"]
    # acs/custom.py aks_create: refuses a cluster that already exists.
    if w.group(rg) is not None and w.cluster(rg, name) is not None:
        raise Fail(
            "The cluster '{}' under resource group '{}' already exists. Please use command 'az aks update' to "
            "update the existing cluster, or select a different cluster name to create a new cluster.".format(
                name, rg
            )
        )
    # acs/managed_cluster_decorator.py _get_enable_aad / _get_enable_azure_rbac (create mode).
    if f.get("--enable-azure-rbac") and not f.get("--enable-aad"):
        raise Fail("--enable-azure-rbac can only be used together with --enable-aad")
    # acs/managed_cluster_decorator.py get_workload_identity_profile: needs the OIDC issuer.
    if f.get("--enable-workload-identity") and not f.get("--enable-oidc-issuer"):
        raise Fail("Enabling workload identity requires enabling OIDC issuer (--enable-oidc-issuer).")
    tier = f.get("--tier", "free").lower()
    # acs/_params.py: --tier is an enum of the three SKU tiers.
    if tier not in ("free", "standard", "premium"):
        raise Fail("argument --tier: invalid choice: '{}' (choose from 'free', 'standard', 'premium')".format(tier), 2)
    g = w.need_group(rg)
    c = new_cluster(w, rg, name, f.get("--location", g["location"]), int(f.get("--node-count", "3")),
                    f.get("--node-vm-size", "Standard_DS2_v2"), f.get("--kubernetes-version", "1.33"), tier)
    # acs/managed_cluster_decorator.py set_up_aad_profile: only with --enable-aad; the tenant defaults
    # to the subscription's on the service side.
    if f.get("--enable-aad"):
        groups = f.get("--aad-admin-group-object-ids")
        c["aadProfile"] = {
            "managed": True,
            "enableAzureRbac": bool(f.get("--enable-azure-rbac")),
            "adminGroupObjectIDs": groups.split(",") if groups else None,
            "tenantId": f.get("--aad-tenant-id") or w.tenant,
        }
    c["disableLocalAccounts"] = bool(f.get("--disable-local-accounts"))
    if f.get("--enable-oidc-issuer"):
        enable_oidc(w, c)
    if f.get("--enable-workload-identity"):
        c["securityProfile"]["workloadIdentity"] = {"enabled": True}
    w.s["clusters"]["{}/{}".format(rg, name).lower()] = c
    w.s["kubernetes"][c["id"]] = new_kubernetes()
    record_put(w, "create", c, f)
    if f.get("--attach-acr"):
        # acs/managed_cluster_decorator.py postprocessing_after_mc_created: AcrPull for the kubelet
        # identity once the cluster exists, so a missing registry fails after the cluster is made.
        attach_acr(w, c, f["--attach-acr"])
    return c


AKS_UPDATE_FLAGS = dict(G, **N, **{
    "--enable-aad": SWITCH, "--aad-admin-group-object-ids": VALUE, "--aad-tenant-id": VALUE,
    "--enable-azure-rbac": SWITCH, "--disable-local-accounts": SWITCH, "--enable-oidc-issuer": SWITCH,
    "--enable-workload-identity": SWITCH, "--attach-acr": VALUE, "--detach-acr": VALUE,
})


def cmd_aks_update(w, f):
    rg, name = f["--resource-group"], f["--name"]
    given = [k for k in AKS_UPDATE_FLAGS if k not in ("--resource-group", "--name") and f.get(k)]
    # acs/managed_cluster_decorator.py check_raw_parameters: with no update argument it asks whether
    # to reconcile; knack's prompt_y_n raises NoTTYException without a terminal, which
    # azure/cli/core/util.py handle_exception reports as an unexpected error. At a terminal the
    # default answer (n) leads to "Please specify one or more of ...".
    if not given:
        if sys.stdin.isatty():
            raise Fail("Please specify one or more of the update arguments (the double lists none).")
        raise Fail("The command failed with an unexpected error. Here is the traceback:\nNoTTYException")
    c = w.need_cluster(rg, name)
    before = copy.deepcopy(c)
    # update_mc_profile_default order: process_attach_detach_acr runs first and creates the role
    # assignment even when a later check refuses the update.
    if f.get("--attach-acr"):
        attach_acr(w, c, f["--attach-acr"])
    if f.get("--detach-acr"):
        detach_acr(w, c, f["--detach-acr"])
    # update_disable_local_accounts: no check in update mode besides --enable-local-accounts.
    if f.get("--disable-local-accounts"):
        c["disableLocalAccounts"] = True
    # update_aad_profile: get_enable_aad refuses --enable-aad on a managed-AAD cluster, else replaces
    # the profile with a managed one; the later checks read that mutated profile, so --enable-aad
    # together with --aad-tenant-id or --enable-azure-rbac passes on a cluster without Entra ID.
    if f.get("--enable-aad"):
        if before["aadProfile"] and before["aadProfile"].get("managed"):
            restore(w, rg, name, before)
            raise Fail('Cannot specify "--enable-aad" if managed AAD is already enabled')
        c["aadProfile"] = {"managed": True, "enableAzureRbac": False, "adminGroupObjectIDs": None,
                           "tenantId": w.tenant}
    managed = bool(c["aadProfile"] and c["aadProfile"].get("managed"))
    # _get_aad_tenant_id, _get_aad_admin_group_object_ids, _get_enable_azure_rbac (update mode), in
    # the order update_aad_profile calls them.
    for flag in ("--aad-tenant-id", "--aad-admin-group-object-ids", "--enable-azure-rbac"):
        if f.get(flag) and not managed:
            restore(w, rg, name, before)
            raise Fail('Cannot specify "{}" if managed AAD is not enabled'.format(flag))
    if f.get("--aad-tenant-id"):
        c["aadProfile"]["tenantId"] = f["--aad-tenant-id"]
    if f.get("--aad-admin-group-object-ids"):
        c["aadProfile"]["adminGroupObjectIDs"] = f["--aad-admin-group-object-ids"].split(",")
    if f.get("--enable-azure-rbac"):
        c["aadProfile"]["enableAzureRbac"] = True
    # update_oidc_issuer_profile, then update_workload_identity_profile, whose
    # get_workload_identity_profile refuses workload identity while the issuer stays off. Repeating
    # any of these on a cluster that has them is accepted (no check refuses it).
    if f.get("--enable-oidc-issuer"):
        enable_oidc(w, c)
    if f.get("--enable-workload-identity"):
        if not c["oidcIssuerProfile"]["enabled"]:
            restore(w, rg, name, before)
            raise Fail("Enabling workload identity requires enabling OIDC issuer (--enable-oidc-issuer).")
        c["securityProfile"]["workloadIdentity"] = {"enabled": True}
    # aks_update always ends in update_mc, a PUT of the whole cluster.
    record_put(w, "update", c, f)
    return c


def restore(w, rg, name, before):
    w.s["clusters"]["{}/{}".format(rg, name).lower()] = before


def new_kubernetes():
    ns = {n: {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}} for n in BUILT_IN_NAMESPACES}
    sas = {"{}/default".format(n): {"apiVersion": "v1", "kind": "ServiceAccount",
                                    "metadata": {"name": "default", "namespace": n}} for n in BUILT_IN_NAMESPACES}
    return {"namespaces": ns, "serviceaccounts": sas, "deployments": {}, "pods": {}, "logs": {}, "rolebindings": {}}


def delete_cluster(w, key):
    c = w.s["clusters"].pop(key)
    w.s["kubernetes"].pop(c["id"], None)
    w.touch()


def cmd_aks_delete(w, f):
    confirm_or_cancel(f)
    rg, name = f["--resource-group"], f["--name"]
    w.need_group(rg)
    key = "{}/{}".format(rg, name).lower()
    # ARM answers a DELETE of a missing resource with 204, so az succeeds.
    if key in w.s["clusters"]:
        delete_cluster(w, key)


def cmd_aks_get_credentials(w, f):
    c = w.need_cluster(f["--resource-group"], f["--name"])
    name = f.get("--context") or c["name"]
    kc = w.s["kubeconfig"]
    # An Entra ID cluster's user entry runs kubelogin in device-code mode until
    # `kubelogin convert-kubeconfig` rewrites it.
    kc["contexts"][name] = {
        "cluster": c["id"],
        "user": "clusterUser_{}_{}".format(c["resourceGroup"], c["name"]),
        "needsConvert": bool(c["aadProfile"] and c["aadProfile"].get("managed")),
        "convertedTo": None,
    }
    kc["current"] = name
    w.touch()
    sys.stderr.write('Merged "{}" as current context in ~/.kube/config\n'.format(name))


def identity_id(w, rg, name):
    return "/subscriptions/{}/resourcegroups/{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}".format(
        w.sub, rg, name)


def cmd_identity_create(w, f):
    rg, name = f["--resource-group"], f["--name"]
    g = w.need_group(rg)
    location = f.get("--location", g["location"])
    i = w.identity(rg, name)
    if i is not None:
        # A PUT on an existing identity keeps its client and principal IDs; its location is fixed.
        if i["location"].lower() != location.lower():
            raise arm_error(
                "InvalidResourceLocation",
                "The resource '{}' already exists in location '{}' in resource group '{}'. A resource with the "
                "same name cannot be created in location '{}'. Please select a new resource name.".format(
                    name, i["location"], rg, location),
            )
        return i
    i = {
        "id": identity_id(w, rg, name),
        "name": name,
        "location": location,
        "resourceGroup": rg,
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
        "clientId": w.guid(),
        "principalId": w.guid(),
        "tenantId": w.tenant,
        "tags": {},
    }
    w.s["identities"]["{}/{}".format(rg, name).lower()] = i
    w.touch()
    return i


def cmd_identity_show(w, f):
    return w.need_identity(f["--resource-group"], f["--name"])


def delete_identity(w, key):
    w.s["identities"].pop(key)
    for k in [k for k in w.s["federatedCredentials"] if k.startswith(key + "/")]:
        del w.s["federatedCredentials"][k]
    # Its role assignments stay behind, as in Azure (listed with an unknown principal).
    w.touch()


def cmd_identity_delete(w, f):
    rg, name = f["--resource-group"], f["--name"]
    w.need_group(rg)
    key = "{}/{}".format(rg, name).lower()
    if key in w.s["identities"]:
        delete_identity(w, key)


def fic_key(rg, identity, name):
    return "{}/{}/{}".format(rg, identity, name).lower()


def cmd_fic_create(w, f):
    rg, ident, name = f["--resource-group"], f["--identity-name"], f["--name"]
    i = w.need_identity(rg, ident)
    audiences = f.get("--audiences")
    # identity/aaz/latest/identity/federated_credential/_create.py: issuer, subject and audiences are
    # required properties of the credential.
    for flag in ("--issuer", "--subject"):
        if not f.get(flag):
            raise Fail("the following arguments are required: {}".format(flag), 2)
    if not audiences:
        raise Fail("the following arguments are required: --audiences", 2)
    prefix = "{}/{}/".format(rg, ident).lower()
    for k, other in w.s["federatedCredentials"].items():
        if k.startswith(prefix) and other["name"].lower() != name.lower() \
                and other["issuer"] == f["--issuer"] and other["subject"] == f["--subject"]:
            # The managed identity service refuses a second credential with the same issuer and
            # subject (its message, as quoted in Azure/bicep-types-az#2054).
            raise arm_error("BadRequest", "Issuer and subject combination already exists for this Managed Identity.")
    fic = {
        "id": i["id"] + "/federatedIdentityCredentials/" + name,
        "name": name,
        "resourceGroup": rg,
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        "issuer": f["--issuer"],
        "subject": f["--subject"],
        "audiences": audiences,
    }
    key = fic_key(rg, ident, name)
    if w.s["federatedCredentials"].get(key) != fic:
        w.s["federatedCredentials"][key] = fic
        w.touch()
    return fic


def cmd_fic_show(w, f):
    rg, ident, name = f["--resource-group"], f["--identity-name"], f["--name"]
    w.need_identity(rg, ident)
    fic = w.s["federatedCredentials"].get(fic_key(rg, ident, name))
    if fic is None:
        raise resource_not_found("Microsoft.ManagedIdentity/userAssignedIdentities/{}/federatedIdentityCredentials"
                                 .format(ident), name, rg)
    return fic


def cmd_fic_delete(w, f):
    # identity/aaz/latest/identity/federated_credential/_delete.py: confirmation="Are you sure ...".
    confirm_or_cancel(f)
    rg, ident, name = f["--resource-group"], f["--identity-name"], f["--name"]
    w.need_identity(rg, ident)
    if w.s["federatedCredentials"].pop(fic_key(rg, ident, name), None) is not None:
        w.touch()


def role_definition_id(w, role):
    return "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}".format(w.sub, role)


def resolve_role(w, role):
    # role/custom.py _resolve_role_id: a full role definition ID as is, a GUID under the
    # subscription, else a lookup by name that fails with "Role '...' doesn't exist."
    if re.match(r"(?i)/subscriptions/.+/providers/Microsoft.Authorization/roleDefinitions/", role):
        return role
    if re.match(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", role):
        return role_definition_id(w, role)
    for guid, name in w.s["roleNames"].items():
        if name.lower() == role.lower():
            return role_definition_id(w, guid)
    raise Fail("Role '{}' doesn't exist.".format(role))


def create_role_assignment(w, principal, principal_type, role, scope):
    role_id = resolve_role(w, role)
    for ra in w.s["roleAssignments"]:
        # role/custom.py create_role_assignment: the service answers 409 RoleAssignmentExists for the
        # same principal, role and scope (_error_caused_by_role_assignment_exists), and az then
        # returns the existing assignment: idempotent.
        if ra["principalId"] == principal and ra["roleDefinitionId"].lower() == role_id.lower() \
                and ra["scope"].lower() == scope.lower():
            return ra
    name = w.guid()
    ra = {
        "id": "{}/providers/Microsoft.Authorization/roleAssignments/{}".format(scope, name),
        "name": name,
        "type": "Microsoft.Authorization/roleAssignments",
        "principalId": principal,
        "principalType": principal_type,
        "roleDefinitionId": role_id,
        "scope": scope,
        "condition": None,
        "conditionVersion": None,
        "description": None,
    }
    w.s["roleAssignments"].append(ra)
    w.touch()
    return ra


def cmd_role_create(w, f):
    # role/custom.py create_role_assignment: --assignee-object-id (the scripts' form) skips Graph;
    # with --assignee-principal-type the service skips its principal check too.
    if not f.get("--assignee-object-id"):
        raise Fail("usage error: --assignee STRING | --assignee-object-id GUID")
    principal_type = f.get("--assignee-principal-type")
    if not principal_type:
        raise not_emulated("role assignment create without --assignee-principal-type (az asks Graph)")
    return create_role_assignment(w, f["--assignee-object-id"], principal_type, f["--role"], f["--scope"])


def cmd_role_list(w, f):
    scope = f.get("--scope")
    principal = f.get("--assignee-object-id")
    if f.get("--all"):
        # role/custom.py list_role_assignments: --all refuses a scope, then _search_role_assignments
        # lists the subscription's assignments with "principalId eq" the object ID, at every scope.
        if scope or not principal:
            raise not_emulated("role assignment list --all needs --assignee-object-id and no --scope")
        found = [copy.deepcopy(ra) for ra in w.s["roleAssignments"] if ra["principalId"].lower() == principal.lower()]
    elif not scope or principal:
        raise not_emulated("role assignment list without --scope")
    else:
        # role/custom.py _search_role_assignments: atScope() plus, without --include-inherited, only the
        # assignments whose scope equals the given one (ignoring case).
        found = [copy.deepcopy(ra) for ra in w.s["roleAssignments"] if ra["scope"].lower() == scope.lower()]
    clients = {i["principalId"]: i["clientId"] for i in w.s["identities"].values()}
    for ra in found:
        # list_role_assignments fills roleDefinitionName from the definitions at the scope (None for
        # one it cannot find) and principalName from Graph.
        ra["roleDefinitionName"] = w.s["roleNames"].get(ra["roleDefinitionId"].rsplit("/", 1)[-1].lower())
        ra["principalName"] = clients.get(ra["principalId"], "")
    return found


def cmd_role_delete(w, f):
    if not f.get("--ids"):
        raise not_emulated("role assignment delete without --ids")
    before = len(w.s["roleAssignments"])
    wanted = {i.lower() for i in f["--ids"]}
    # role/custom.py delete_role_assignments: delete_by_id for each ID; a missing one is a 204.
    w.s["roleAssignments"] = [ra for ra in w.s["roleAssignments"] if ra["id"].lower() not in wanted]
    if len(w.s["roleAssignments"]) != before:
        w.touch()


COSMOS_ACCOUNT_RE = r"(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.DocumentDB/databaseAccounts/[^/]+"


def cosmos_account(w, f):
    rg, name = f["--resource-group"], f["--account-name"]
    w.need_group(rg)
    rid = "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DocumentDB/databaseAccounts/{}".format(w.sub, rg, name)
    acct = w.resource(rid)
    if acct is None:
        raise resource_not_found("Microsoft.DocumentDB/databaseAccounts", name, rg)
    return acct["id"]


def cosmos_short_id(value, kind):
    # cosmosdb/_validators.py _parse_resource_path(to_fully_qualified=False): the last segment of a
    # full ID, or the value as given.
    m = re.match(COSMOS_ACCOUNT_RE + "/" + kind + "/(?P<id>.*)", value)
    return m.group("id") if m else value


def cmd_cosmos_create(w, f):
    account = cosmos_account(w, f)
    if not f.get("--role-definition-id"):
        raise not_emulated("cosmosdb sql role assignment create without --role-definition-id")
    role = cosmos_short_id(f["--role-definition-id"], "sqlRoleDefinitions")
    if role not in COSMOS_BUILT_IN_ROLES:
        raise not_emulated("Cosmos DB SQL role definition {} (only the built-in ones exist here)".format(role))
    scope = f["--scope"]
    # cosmosdb/_validators.py validate_scope: a scope not already under the account is appended to
    # the account ID as given ('/' -> ACCOUNT/).
    if not re.match(COSMOS_ACCOUNT_RE, scope):
        scope = account + scope
    # cosmosdb/_validators.py validate_role_assignment_id: without --role-assignment-id, _gen_guid()
    # (uuid4) names a new assignment on every call, so repeating the command adds a duplicate; with
    # one, begin_create_update_sql_role_assignment is a PUT that creates or replaces it.
    name = cosmos_short_id(f["--role-assignment-id"], "sqlRoleAssignments") if f.get("--role-assignment-id") \
        else w.guid()
    ca = {
        "id": "{}/sqlRoleAssignments/{}".format(account, name),
        "name": name,
        "type": "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
        "resourceGroup": f["--resource-group"],
        "principalId": f["--principal-id"],
        "roleDefinitionId": "{}/sqlRoleDefinitions/{}".format(account, role),
        "scope": scope,
    }
    for k, old in enumerate(w.s["cosmosAssignments"]):
        if old["id"].lower() == ca["id"].lower():
            if old != ca:
                w.s["cosmosAssignments"][k] = ca
                w.touch()
            return ca
    w.s["cosmosAssignments"].append(ca)
    w.touch()
    return ca


def cmd_cosmos_list(w, f):
    account = cosmos_account(w, f)
    return [ca for ca in w.s["cosmosAssignments"] if ca["id"].lower().startswith(account.lower() + "/")]


def cmd_cosmos_delete(w, f):
    # cosmosdb/commands.py: delete is registered with confirmation=True.
    confirm_or_cancel(f)
    account = cosmos_account(w, f)
    if not f.get("--role-assignment-id"):
        raise not_emulated("cosmosdb sql role assignment delete without --role-assignment-id")
    target = "{}/sqlRoleAssignments/{}".format(account, cosmos_short_id(f["--role-assignment-id"],
                                                                       "sqlRoleAssignments")).lower()
    before = len(w.s["cosmosAssignments"])
    w.s["cosmosAssignments"] = [ca for ca in w.s["cosmosAssignments"] if ca["id"].lower() != target]
    if len(w.s["cosmosAssignments"]) != before:
        w.touch()


# (words) -> (handler, flags, aliases, required, needs sign-in, result kind for --query)
AZ_COMMANDS = {
    ("cloud", "set"): (cmd_cloud_set, N, NA, ["--name"], False, None),
    ("cloud", "show"): (cmd_cloud_show, N, NA, [], False, "cloud"),
    ("account", "show"): (cmd_account_show, {}, {}, [], True, "account"),
    ("ad", "user", "show"): (cmd_ad_user_show, {"--id": VALUE}, {}, ["--id"], True, "user"),
    ("group", "create"): (cmd_group_create, dict(N, **{"--location": VALUE}),
                          {"-n": "--name", "-g": "--name", "--resource-group": "--name", "-l": "--location"},
                          ["--name", "--location"], True, "group"),
    ("group", "delete"): (cmd_group_delete, dict(N, **{"--yes": SWITCH}),
                          {"-n": "--name", "-g": "--name", "--resource-group": "--name", "-y": "--yes"},
                          ["--name"], True, None),
    ("aks", "list"): (cmd_aks_list, G, GA, [], True, "cluster"),
    ("aks", "show"): (cmd_aks_show, dict(G, **N), dict(GA, **NA), ["--resource-group", "--name"], True, "cluster"),
    ("aks", "create"): (cmd_aks_create, AKS_CREATE_FLAGS,
                        dict(GA, **NA, **{"-l": "--location", "-c": "--node-count", "-s": "--node-vm-size",
                                          "-k": "--kubernetes-version", "-x": "--no-ssh-key"}),
                        ["--resource-group", "--name"], True, "cluster"),
    ("aks", "update"): (cmd_aks_update, AKS_UPDATE_FLAGS, dict(GA, **NA), ["--resource-group", "--name"], True,
                        "cluster"),
    ("aks", "get-credentials"): (cmd_aks_get_credentials,
                                 dict(G, **N, **{"--overwrite-existing": SWITCH, "--context": VALUE}),
                                 dict(GA, **NA), ["--resource-group", "--name"], True, None),
    ("aks", "delete"): (cmd_aks_delete, dict(G, **N, **{"--yes": SWITCH}), dict(GA, **NA, **{"-y": "--yes"}),
                        ["--resource-group", "--name"], True, None),
    ("identity", "create"): (cmd_identity_create, dict(G, **N, **{"--location": VALUE}),
                             dict(GA, **NA, **{"-l": "--location", "--resource-name": "--name"}),
                             ["--resource-group", "--name"], True, "identity"),
    ("identity", "show"): (cmd_identity_show, dict(G, **N), dict(GA, **NA, **{"--resource-name": "--name"}),
                           ["--resource-group", "--name"], True, "identity"),
    ("identity", "delete"): (cmd_identity_delete, dict(G, **N), dict(GA, **NA, **{"--resource-name": "--name"}),
                             ["--resource-group", "--name"], True, None),
    ("identity", "federated-credential", "create"): (
        cmd_fic_create,
        dict(G, **N, **{"--identity-name": VALUE, "--issuer": VALUE, "--subject": VALUE, "--audiences": LIST}),
        dict(GA, **NA), ["--resource-group", "--name", "--identity-name"], True, "federatedCredential"),
    ("identity", "federated-credential", "show"): (
        cmd_fic_show, dict(G, **N, **{"--identity-name": VALUE}), dict(GA, **NA),
        ["--resource-group", "--name", "--identity-name"], True, "federatedCredential"),
    ("identity", "federated-credential", "delete"): (
        cmd_fic_delete, dict(G, **N, **{"--identity-name": VALUE, "--yes": SWITCH}), dict(GA, **NA, **{"-y": "--yes"}),
        ["--resource-group", "--name", "--identity-name"], True, None),
    ("role", "assignment", "create"): (
        cmd_role_create, {"--assignee-object-id": VALUE, "--assignee-principal-type": VALUE, "--role": VALUE,
                          "--scope": VALUE}, {}, ["--role", "--scope"], True, "roleAssignment"),
    ("role", "assignment", "list"): (
        cmd_role_list, {"--scope": VALUE, "--assignee-object-id": VALUE, "--all": SWITCH}, {}, [], True, "roleAssignment"),
    ("role", "assignment", "delete"): (cmd_role_delete, {"--ids": LIST}, {}, [], True, None),
    ("cosmosdb", "sql", "role", "assignment", "create"): (
        cmd_cosmos_create,
        dict(G, **{"--account-name": VALUE, "--role-definition-id": VALUE, "--principal-id": VALUE,
                   "--scope": VALUE, "--role-assignment-id": VALUE}),
        dict(GA, **{"-a": "--account-name", "-d": "--role-definition-id", "-p": "--principal-id", "-s": "--scope",
                    "-i": "--role-assignment-id"}),
        ["--resource-group", "--account-name", "--scope", "--principal-id"], True, "cosmosAssignment"),
    ("cosmosdb", "sql", "role", "assignment", "list"): (
        cmd_cosmos_list, dict(G, **{"--account-name": VALUE}), dict(GA, **{"-a": "--account-name"}),
        ["--resource-group", "--account-name"], True, "cosmosAssignment"),
    ("cosmosdb", "sql", "role", "assignment", "delete"): (
        cmd_cosmos_delete, dict(G, **{"--account-name": VALUE, "--role-assignment-id": VALUE, "--yes": SWITCH}),
        dict(GA, **{"-a": "--account-name", "-i": "--role-assignment-id", "-y": "--yes"}),
        ["--resource-group", "--account-name"], True, None),
}


def run_az(argv):
    words = []
    for a in argv:
        if a.startswith("-"):
            break
        words.append(a)
    entry = None
    for n in range(len(words), 0, -1):
        if tuple(words[:n]) in AZ_COMMANDS:
            entry = AZ_COMMANDS[tuple(words[:n])]
            rest = argv[n:]
            break
    if entry is None:
        raise not_emulated("az " + " ".join(words))
    handler, flags, aliases, required, signed_in, kind = entry
    name = " ".join(words[: len(argv) - len(rest)])
    all_flags = dict(flags, **{"--output": VALUE, "--query": VALUE})
    if signed_in:
        all_flags["--subscription"] = VALUE
    parsed, _ = parse_flags("az", name, rest, all_flags, dict(aliases, **{"-o": "--output"}))
    missing = [r for r in required if r not in parsed]
    if missing:
        # knack's argparse error, exit 2.
        raise Fail("the following arguments are required: {}".format(", ".join(missing)), 2)
    if "--query" in parsed and kind is None:
        raise not_emulated("az {} --query (the double returns nothing to query)".format(name))
    with Locked(state_path()) as w:
        if signed_in:
            if w.s["cloud"]["active"] != w.s["cloud"]["signedIn"]:
                # Switching clouds signs az out of the other one.
                raise Fail("Please run 'az login' to setup account.")
            sub = parsed.get("--subscription")
            if sub is not None and sub.lower() != w.sub.lower():
                raise Fail("Subscription '{}' not found. Check the spelling and casing and try again.".format(sub))
        result = handler(w, parsed)
        if kind is not None:
            emit(result, parsed, kind)
        elif parsed.get("--output", "json") not in ("json", "tsv", "none"):
            raise not_emulated("--output " + parsed["--output"])


# ---------------------------------------------------------------------------------------------
# kubectl


def resolve_cluster(w, context):
    kc = w.s["kubeconfig"]
    if context is None:
        context = kc["current"]
        if context is None:
            raise Fail("The connection to the server localhost:8080 was refused - did you specify the right host or "
                       "port?")
    ctx = kc["contexts"].get(context)
    if ctx is None:
        raise Fail('error: context "{}" does not exist'.format(context))
    c = w.cluster_by_id(ctx["cluster"])
    if c is None:
        host = ctx["cluster"].rsplit("/", 1)[-1] + ".hcp.azmk8s.io"
        raise Fail("Unable to connect to the server: dial tcp: lookup {}: no such host".format(host))
    if ctx["needsConvert"] and ctx["convertedTo"] is None:
        # The kubeconfig az writes for an Entra ID cluster signs in with kubelogin's device code flow,
        # which waits for a person at a browser; the double fails instead of waiting.
        raise Fail("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the "
                   "code to authenticate. (azdouble: device-code sign-in needs a person; run kubelogin "
                   "convert-kubeconfig -l azurecli first)")
    return c, w.s["kubernetes"][c["id"]]


def load_docs(path, stdin_text):
    import yaml

    if path == "-":
        text = stdin_text
    else:
        if os.path.isdir(path):
            raise not_emulated("kubectl -f DIRECTORY")
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            raise Fail('error: the path "{}" does not exist'.format(path))
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as ex:
        raise Fail("error: error parsing {}: {}".format(path, ex))
    for d in docs:
        if not isinstance(d, dict) or "kind" not in d or "apiVersion" not in d:
            raise Fail("error: error validating \"{}\": apiVersion or kind not set".format(path))
    return docs


KINDS = {
    # kind: (apiVersion, namespaced, resource name as kubectl prints it, state table)
    "Namespace": ("v1", False, "namespace", "namespaces"),
    "ServiceAccount": ("v1", True, "serviceaccount", "serviceaccounts"),
    "Deployment": ("apps/v1", True, "deployment.apps", "deployments"),
    "Pod": ("v1", True, "pod", "pods"),
    "RoleBinding": ("rbac.authorization.k8s.io/v1", True, "rolebinding.rbac.authorization.k8s.io", "rolebindings"),
}

# The ClusterRoles every cluster has that a RoleBinding may name (Kubernetes' user-facing roles,
# plus cluster-admin).
BUILT_IN_CLUSTER_ROLES = ("view", "edit", "admin", "cluster-admin")

RESOURCE_ALIASES = {
    "namespace": "Namespace", "namespaces": "Namespace", "ns": "Namespace",
    "serviceaccount": "ServiceAccount", "serviceaccounts": "ServiceAccount", "sa": "ServiceAccount",
    "deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
    "pod": "Pod", "pods": "Pod", "po": "Pod",
    "rolebinding": "RoleBinding", "rolebindings": "RoleBinding",
}


def kind_info(doc, source):
    kind = doc["kind"]
    if kind not in KINDS:
        raise not_emulated("kubectl: kind {} (in {})".format(kind, source))
    api = KINDS[kind][0]
    if doc["apiVersion"] != api:
        raise Fail('error: resource mapping not found for name: "{}" namespace: "" from "{}": no matches for kind '
                   '"{}" in version "{}"'.format(doc.get("metadata", {}).get("name", ""), source, kind,
                                                 doc["apiVersion"]))
    return KINDS[kind]


def object_key(doc, namespace):
    name = doc["metadata"]["name"]
    return name if namespace is None else "{}/{}".format(namespace, name)


def doc_namespace(doc, flag_ns):
    ns = doc.get("metadata", {}).get("namespace")
    if ns and flag_ns and ns != flag_ns:
        raise Fail("error: the namespace from the provided object \"{}\" does not match the namespace \"{}\". You "
                   "must pass '--namespace={}' to perform this operation.".format(ns, flag_ns, ns))
    return ns or flag_ns or "default"


def env_list(container):
    return {e.get("name"): e.get("value") for e in container.get("env") or []}


def create_pod(w, c, k8s, ns, name, meta, spec, owner):
    """Admits one pod: the ServiceAccount admission check, then the workload identity webhook."""
    sa_name = spec.get("serviceAccountName") or "default"
    sa = k8s["serviceaccounts"].get("{}/{}".format(ns, sa_name))
    if sa is None:
        # The ServiceAccount admission plugin refuses a pod whose ServiceAccount does not exist.
        return 'pods "{}" is forbidden: error looking up service account {}/{}: serviceaccount "{}" not found'.format(
            name, ns, sa_name, sa_name)
    pod_spec = copy.deepcopy(spec)
    labels = dict(meta.get("labels") or {})
    injected = False
    wi = c["securityProfile"].get("workloadIdentity")
    # The webhook only sees pods labelled azure.workload.identity/use: "true", and AKS installs it only
    # with workload identity on. pkg/webhook/webhook.go addEnvironmentVariables adds each variable the
    # container lacks, skipping empty values (so no AZURE_CLIENT_ID without the annotation), reading
    # the ServiceAccount as it is at this moment.
    if labels.get("azure.workload.identity/use") == "true" and wi and wi.get("enabled"):
        annotations = sa["metadata"].get("annotations") or {}
        desired = [
            ("AZURE_CLIENT_ID", annotations.get("azure.workload.identity/client-id", "")),
            ("AZURE_TENANT_ID", annotations.get("azure.workload.identity/tenant-id", w.tenant)),
            ("AZURE_FEDERATED_TOKEN_FILE", TOKEN_FILE),
            ("AZURE_AUTHORITY_HOST", AUTHORITY_HOSTS[w.s["cloud"]["signedIn"]]),
        ]
        for container in pod_spec.get("containers") or []:
            have = env_list(container)
            env = container.setdefault("env", [])
            for key, value in desired:
                if key not in have and value:
                    env.append({"name": key, "value": value})
        injected = True
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": labels, "annotations": meta.get("annotations") or {},
                     "uid": w.guid(), "creationTimestamp": w.timestamp()},
        "spec": pod_spec,
    }
    if owner:
        pod["metadata"]["ownerReferences"] = [{"kind": "ReplicaSet", "name": owner}]
    containers = pod_spec.get("containers") or []
    check = next((ct for ct in containers if "CHECK_GRANT_COUNT" in env_list(ct)), None)
    if check is not None and pod_spec.get("restartPolicy") == "Never":
        logs = identity_check(w, c, ns, sa_name, env_list(check), injected)
        pod["status"] = {"phase": "Succeeded", "containerStatuses": [
            {"name": ct.get("name"), "restartCount": 0, "ready": False,
             "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}} for ct in containers]}
        k8s["logs"]["{}/{}".format(ns, name)] = logs
        w.book()["identityChecks"].append({"cluster": c["id"], "namespace": ns, "serviceAccount": sa_name,
                                           "pod": name, "log": logs})
    else:
        pod["status"] = {"phase": "Running", "containerStatuses": [
            {"name": ct.get("name"), "restartCount": 0, "ready": True, "state": {"running": {}}} for ct in containers]}
        k8s["logs"]["{}/{}".format(ns, name)] = ""
    k8s["pods"]["{}/{}".format(ns, name)] = pod
    w.touch()
    return None


def identity_check(w, c, ns, sa_name, env, injected):
    """What the identity-check pod's script prints: a token exchange as the pod's identity, then one
    line per grant (CHECK_GRANT_<n>_SCOPE) saying whether that identity holds a role there, or, for a
    grant the script can only ask a token for (CHECK_GRANT_<n>_KIND=token), that it got one."""
    lines = []
    client_id = env.get("AZURE_CLIENT_ID") if injected else None
    identity = None
    if not client_id:
        lines.append("identity-check: token exchange failed: no AZURE_CLIENT_ID: the webhook did not inject")
    else:
        identity = next((i for i in w.s["identities"].values() if i["clientId"].lower() == client_id.lower()), None)
        if identity is None:
            lines.append("identity-check: token exchange failed: AADSTS700016: Application with identifier '{}' was "
                         "not found in the directory.".format(client_id))
        else:
            issuer = c["oidcIssuerProfile"].get("issuerUrl")
            subject = "system:serviceaccount:{}:{}".format(ns, sa_name)
            prefix = identity["id"].lower() + "/federatedidentitycredentials/"
            match = any(
                fic["id"].lower().startswith(prefix) and issuer and fic["issuer"] == issuer
                and fic["subject"] == subject and fic["audiences"] == [TOKEN_AUDIENCE]
                for fic in w.s["federatedCredentials"].values()
            )
            if match:
                lines.append("identity-check: token exchange ok")
            else:
                lines.append("identity-check: token exchange failed: AADSTS70021: No matching federated identity "
                             "record found for presented assertion.")
                identity = None
    try:
        count = int(env.get("CHECK_GRANT_COUNT", ""))
    except ValueError:
        raise Fail("azdouble: CHECK_GRANT_COUNT is not a number: {!r}".format(env.get("CHECK_GRANT_COUNT")),
                   NOT_EMULATED)
    for n in range(1, count + 1):
        scope = env.get("CHECK_GRANT_{}_SCOPE".format(n))
        if scope is None:
            raise Fail("azdouble: identity-check pod has no CHECK_GRANT_{}_SCOPE".format(n), NOT_EMULATED)
        if identity is not None and env.get("CHECK_GRANT_{}_KIND".format(n)) == "token":
            # The script only asks for a token for the service's audience: any identity gets one.
            lines.append("identity-check: grant {} ok (token only; the role itself is not exercised)".format(n))
        elif identity is not None and holds_access(w, identity["principalId"], scope):
            lines.append("identity-check: grant {} ok".format(n))
        else:
            lines.append("identity-check: grant {} failed: 403 Forbidden: no role assignment for the identity at or "
                         "above {}".format(n, scope))
    return "\n".join(lines) + "\n"


def holds_access(w, principal, scope):
    for ra in w.s["roleAssignments"]:
        if ra["principalId"] == principal and under(scope, ra["scope"]):
            return True
    for ca in w.s["cosmosAssignments"]:
        if ca["principalId"] == principal and under(scope, ca["scope"]):
            return True
    return False


def owner_deployment(pod):
    """The Deployment a pod belongs to: its ReplicaSet is named DEPLOYMENT-HASH, the hash without dashes."""
    refs = pod["metadata"].get("ownerReferences")
    return refs[0]["name"].rsplit("-", 1)[0] if refs else None


def pod_template_hash(template):
    return hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()[:10]


def reconcile_deployment(w, c, k8s, ns, dep):
    """The ReplicaSet controller: one pod per replica of the current template; a pod it could not
    create (no ServiceAccount yet) is retried on the next change."""
    name = dep["metadata"]["name"]
    template = dep["spec"]["template"]
    rs = "{}-{}".format(name, pod_template_hash(template))
    owned = [k for k, p in k8s["pods"].items() if k.startswith(ns + "/") and owner_deployment(p) == name]
    for k in owned:
        if k8s["pods"][k]["metadata"]["ownerReferences"][0]["name"] != rs:
            del k8s["pods"][k]
            k8s["logs"].pop(k, None)
            w.touch()
    current = [k for k in owned if k in k8s["pods"]]
    want = int(dep["spec"].get("replicas", 1))
    for _ in range(want - len(current)):
        suffix = hashlib.sha256(str(w.next_seq()).encode()).hexdigest()[:5]
        create_pod(w, c, k8s, ns, "{}-{}".format(rs, suffix), template.get("metadata") or {}, template["spec"],
                   rs)


def apply_doc(w, c, k8s, doc, flag_ns, source):
    kind = doc["kind"]
    _, namespaced, rname, table = kind_info(doc, source)
    meta = doc.get("metadata") or {}
    name = meta.get("name")
    if not name:
        raise Fail('error: error when retrieving current configuration of "{}": resource name may not be '
                   'empty'.format(source))
    template_meta = ((doc.get("spec") or {}).get("template") or {}).get("metadata") or {}
    for where in (meta, template_meta):
        for field in ("labels", "annotations"):
            for value in (where.get(field) or {}).values():
                if not isinstance(value, str):
                    # The API server decodes labels and annotations as strings only.
                    return None, 'error: unable to decode "{}": json: cannot unmarshal {} into Go struct field ' \
                                 'ObjectMeta.metadata.{} of type string'.format(source, type(value).__name__, field)
    ns = doc_namespace(doc, flag_ns) if namespaced else None
    if namespaced and ns not in k8s["namespaces"]:
        return None, 'Error from server (NotFound): error when creating "{}": namespaces "{}" not found'.format(
            source, ns)
    key = object_key(doc, ns)
    old = k8s[table].get(key)
    label = "{}/{}".format(rname, name)
    if kind == "RoleBinding":
        ref = doc.get("roleRef") or {}
        if ref.get("kind") != "ClusterRole" or ref.get("apiGroup") != "rbac.authorization.k8s.io":
            raise not_emulated("RoleBinding roleRef {!r}".format(ref))
        if ref.get("name") not in BUILT_IN_CLUSTER_ROLES:
            raise not_emulated("RoleBinding to ClusterRole {!r}".format(ref.get("name")))
        for sub in doc.get("subjects") or []:
            if sub.get("kind") != "User" or sub.get("apiGroup") != "rbac.authorization.k8s.io" or not sub.get("name"):
                raise not_emulated("RoleBinding subject {!r}".format(sub))
        if old is not None and old.get("roleRef") != ref:
            # The API server's RoleBinding validation: roleRef is immutable once created.
            return None, 'The RoleBinding "{}" is invalid: roleRef: Invalid value: {}: cannot change roleRef'.format(
                name, json.dumps(ref))
    if kind == "Deployment":
        selector = (doc.get("spec", {}).get("selector") or {}).get("matchLabels") or {}
        labels = ((doc.get("spec", {}).get("template") or {}).get("metadata") or {}).get("labels") or {}
        if not selector or any(labels.get(k) != v for k, v in selector.items()):
            return None, 'The Deployment "{}" is invalid: spec.template.metadata.labels: Invalid value: {}: ' \
                         '`selector` does not match template `labels`'.format(name, json.dumps(labels))
    if old is not None and old.get("lastApplied") == doc:
        return "{} unchanged".format(label), None
    if kind == "Pod":
        if old is not None:
            if old["lastApplied"].get("spec") != doc.get("spec"):
                # The API server refuses a change to a running pod's spec beyond a few fields.
                return None, 'The Pod "{}" is invalid: spec: Forbidden: pod updates may not change fields other ' \
                             'than `spec.containers[*].image`,`spec.initContainers[*].image`,' \
                             '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing ' \
                             'tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was ' \
                             'previously negative)'.format(name)
            pod = k8s["pods"][key]
            pod["metadata"]["labels"] = dict(meta.get("labels") or {})
            pod["metadata"]["annotations"] = dict(meta.get("annotations") or {})
            k8s[table][key]["lastApplied"] = doc
            w.touch()
            return "{} configured".format(label), None
        refusal = create_pod(w, c, k8s, ns, name, meta, doc.get("spec") or {}, None)
        if refusal:
            return None, 'Error from server (Forbidden): error when creating "{}": {}'.format(source, refusal)
        k8s["pods"][key]["lastApplied"] = doc
        return "{} created".format(label), None
    stored = copy.deepcopy(doc)
    stored["lastApplied"] = doc
    k8s[table][key] = stored
    w.touch()
    if kind == "Deployment":
        reconcile_deployment(w, c, k8s, ns, stored)
    if kind == "ServiceAccount":
        for dk, dep in k8s["deployments"].items():
            if dk.startswith(ns + "/"):
                reconcile_deployment(w, c, k8s, ns, dep)
    return "{} {}".format(label, "configured" if old is not None else "created"), None


def public(obj):
    """The object as the API server returns it (without the double's own last-applied copy)."""
    out = copy.deepcopy(obj)
    out.pop("lastApplied", None)
    return out


def delete_object(w, k8s, kind, ns, name):
    table = KINDS[kind][3]
    key = name if ns is None else "{}/{}".format(ns, name)
    if key not in k8s[table]:
        return False
    del k8s[table][key]
    if kind == "Namespace":
        for t in ("serviceaccounts", "deployments", "pods", "logs", "rolebindings"):
            for k in [k for k in k8s[t] if k.startswith(name + "/")]:
                del k8s[t][k]
    if kind == "Deployment":
        for k in [k for k, p in k8s["pods"].items() if k.startswith(ns + "/") and owner_deployment(p) == name]:
            del k8s["pods"][k]
            k8s["logs"].pop(k, None)
    if kind == "Pod":
        k8s["logs"].pop(key, None)
    w.touch()
    return True


# -- kubectl's jsonpath, the subset the scripts use: .field (with \. escapes), [n], [a:b],
# [?(@.field=="value")]; anything else fails loudly.

def jsonpath_parse(template):
    parts = []
    k = 0
    while k < len(template):
        if template[k] == "{":
            end = template.find("}", k)
            if end < 0:
                raise not_emulated("jsonpath {!r}".format(template))
            parts.append(("expr", jsonpath_steps(template[k + 1:end], template)))
            k = end + 1
        else:
            end = template.find("{", k)
            end = len(template) if end < 0 else end
            parts.append(("text", template[k:end]))
            k = end
    return parts


def jsonpath_steps(expr, template):
    steps = []
    k = 0
    if not expr.startswith("."):
        raise not_emulated("jsonpath {!r}".format(template))
    while k < len(expr):
        ch = expr[k]
        if ch == ".":
            k += 1
            name = ""
            while k < len(expr) and expr[k] not in ".[":
                if expr[k] == "\\" and k + 1 < len(expr):
                    name += expr[k + 1]
                    k += 2
                else:
                    name += expr[k]
                    k += 1
            if not name or not re.match(r"^[A-Za-z0-9_./-]+$", name):
                raise not_emulated("jsonpath {!r}".format(template))
            steps.append(("field", name))
        elif ch == "[":
            end = expr.find("]", k)
            inner = expr[k + 1:end]
            k = end + 1
            m_index = re.match(r"^-?\d+$", inner)
            m_slice = re.match(r"^(-?\d*):(-?\d*)$", inner)
            m_filter = re.match(r"""^\?\(@\.([A-Za-z0-9_]+)==(?:"([^"]*)"|'([^']*)')\)$""", inner)
            if m_index:
                steps.append(("index", int(inner)))
            elif m_slice:
                a, b = m_slice.groups()
                steps.append(("slice", int(a) if a else None, int(b) if b else None))
            elif m_filter:
                value = m_filter.group(2) if m_filter.group(2) is not None else m_filter.group(3)
                steps.append(("filter", m_filter.group(1), value))
            else:
                raise not_emulated("jsonpath {!r}".format(template))
        else:
            raise not_emulated("jsonpath {!r}".format(template))
    return steps


def jsonpath_eval(steps, root):
    values = [root]
    for step in steps:
        out = []
        for v in values:
            if step[0] == "field":
                # kubectl get prints missing keys as nothing (allowMissingKeys).
                if isinstance(v, dict) and step[1] in v:
                    out.append(v[step[1]])
            elif step[0] == "index":
                if isinstance(v, list) and -len(v) <= step[1] < len(v):
                    out.append(v[step[1]])
            elif step[0] == "slice":
                if isinstance(v, list):
                    out.extend(v[step[1]:step[2]])
            else:
                if isinstance(v, list):
                    out.extend(x for x in v if isinstance(x, dict) and str(x.get(step[1])) == step[2])
        values = out
    return values


def jsonpath_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def jsonpath_render(template, root):
    out = ""
    for part in jsonpath_parse(template):
        if part[0] == "text":
            out += part[1]
        else:
            out += " ".join(jsonpath_text(v) for v in jsonpath_eval(part[1], root))
    return out


def parse_selector(text, what):
    terms = []
    for term in text.split(","):
        m = re.match(r"^([A-Za-z0-9_./-]+)(==|=|!=)(.*)$", term)
        if not m:
            raise not_emulated("{} {!r}".format(what, text))
        terms.append((m.group(1), m.group(2) != "!=", m.group(3)))
    return terms


def split_resource(pos, verb):
    """`TYPE NAME` or `TYPE/NAME` -> (kind, name or None)."""
    if not pos:
        raise Fail("error: You must specify the type of resource to {}.".format(verb))
    first = pos[0]
    if "/" in first:
        rtype, name = first.split("/", 1)
        extra = pos[1:]
    else:
        rtype, name = first, (pos[1] if len(pos) > 1 else None)
        extra = pos[2:]
    if extra:
        raise not_emulated("kubectl {} with several names".format(verb))
    kind = RESOURCE_ALIASES.get(rtype)
    if kind is None:
        raise not_emulated("kubectl {} {}".format(verb, rtype))
    return kind, name


def not_found(kind, name):
    plural = {"Namespace": "namespaces", "ServiceAccount": "serviceaccounts", "Deployment": "deployments.apps",
              "Pod": "pods", "RoleBinding": "rolebindings.rbac.authorization.k8s.io"}[kind]
    return Fail('Error from server (NotFound): {} "{}" not found'.format(plural, name))


KUBECTL_GLOBAL = {"--context": VALUE, "--namespace": VALUE}
KUBECTL_GLOBAL_ALIASES = {"-n": "--namespace"}


def kubectl_apply(f, pos, stdin_text):
    path = f.get("--filename")
    if path is None:
        raise Fail("error: must specify one of -f and -k")
    docs = load_docs(path, stdin_text)
    source = "STDIN" if path == "-" else path
    with Locked(state_path()) as w:
        c, k8s = resolve_cluster(w, f.get("--context"))
        errors = []
        for doc in docs:
            line, err = apply_doc(w, c, k8s, doc, f.get("--namespace"), source)
            if line:
                print(line)
            if err:
                errors.append(err)
        if errors:
            raise Fail("\n".join(errors))


def kubectl_annotate(f, pos):
    if not f.get("--local"):
        raise not_emulated("kubectl annotate without --local")
    if f.get("--output") != "yaml":
        raise not_emulated("kubectl annotate --local without --output yaml")
    import yaml

    pairs = []
    for p in pos:
        if "=" not in p or p.endswith("-"):
            raise not_emulated("kubectl annotate argument {!r}".format(p))
        key, value = p.split("=", 1)
        pairs.append((key, value))
    if not pairs:
        raise Fail("error: at least one annotation update is required")
    docs = load_docs(f.get("--filename", ""), "")
    out = []
    for doc in docs:
        annotations = doc.setdefault("metadata", {}).setdefault("annotations", {}) or {}
        doc["metadata"]["annotations"] = annotations
        for key, value in pairs:
            # kubectl annotate refuses to replace an existing value without --overwrite.
            if key in annotations and annotations[key] != value and not f.get("--overwrite"):
                raise Fail("error: --overwrite is false but found the following declared annotation(s): '{}' already "
                           "has a value ({})".format(key, annotations[key]))
            annotations[key] = value
        out.append(yaml.safe_dump(doc, default_flow_style=False, sort_keys=True))
    sys.stdout.write("---\n".join(out))


def kubectl_set_subject(f, pos):
    # kubectl's set/set_subject.go: adds each --user (and --group, --serviceaccount) to the subjects of
    # the RoleBindings and ClusterRoleBindings given, skipping one that is already there.
    if not f.get("--local"):
        raise not_emulated("kubectl set subject without --local")
    if f.get("--output") != "yaml":
        raise not_emulated("kubectl set subject --local without --output yaml")
    if pos:
        raise not_emulated("kubectl set subject TYPE NAME")
    user = f.get("--user")
    if not user:
        raise Fail("error: you must specify at least one value of user, group or serviceaccount")
    import yaml

    out = []
    for doc in load_docs(f.get("--filename", ""), ""):
        if doc["kind"] not in ("RoleBinding", "ClusterRoleBinding"):
            raise Fail('error: setting subjects is only supported for RoleBinding/ClusterRoleBinding')
        subjects = doc.get("subjects") or []
        subject = {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}
        if subject not in subjects:
            subjects.append(subject)
        doc["subjects"] = subjects
        out.append(yaml.safe_dump(doc, default_flow_style=False, sort_keys=True))
    sys.stdout.write("---\n".join(out))


def kubectl_get(f, pos):
    template = f.get("--output", "")
    if not template.startswith("jsonpath="):
        raise not_emulated("kubectl get --output {!r}".format(template))
    template = template[len("jsonpath="):]
    kind, name = split_resource(pos, "get")
    with Locked(state_path()) as w:
        c, k8s = resolve_cluster(w, f.get("--context"))
        table = KINDS[kind][3]
        ns = None if kind == "Namespace" else f.get("--namespace", "default")
        if name is not None:
            if f.get("--selector") or f.get("--field-selector"):
                raise not_emulated("kubectl get NAME with a selector")
            obj = k8s[table].get(name if ns is None else "{}/{}".format(ns, name))
            if obj is None:
                raise not_found(kind, name)
            root = public(obj)
        else:
            items = [public(o) for k, o in k8s[table].items() if ns is None or k.startswith(ns + "/")]
            for key, want, value in parse_selector(f["--selector"], "--selector") if f.get("--selector") else []:
                items = [o for o in items if ((o["metadata"].get("labels") or {}).get(key) == value) == want]
            for key, want, value in parse_selector(f["--field-selector"], "--field-selector") \
                    if f.get("--field-selector") else []:
                if key not in ("status.phase", "metadata.name", "metadata.namespace"):
                    raise not_emulated("--field-selector {}".format(key))
                path = [("field", p) for p in key.split(".")]
                items = [o for o in items if ([str(v) for v in jsonpath_eval(path, o)] == [value]) == want]
            if f.get("--sort-by"):
                expr = f["--sort-by"].strip("{}")
                if expr != ".metadata.creationTimestamp":
                    raise not_emulated("--sort-by {}".format(f["--sort-by"]))
                items.sort(key=lambda o: o["metadata"]["creationTimestamp"])
            root = {"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}}
        sys.stdout.write(jsonpath_render(template, root))


def kubectl_delete(f, pos):
    ignore = f.get("--ignore-not-found", False)
    with Locked(state_path()) as w:
        c, k8s = resolve_cluster(w, f.get("--context"))
        targets = []
        source = None
        if f.get("--filename"):
            if pos:
                raise not_emulated("kubectl delete with both -f and names")
            source = f["--filename"]
            for doc in load_docs(source, ""):
                _, namespaced, _, _ = kind_info(doc, source)
                ns = doc_namespace(doc, f.get("--namespace")) if namespaced else None
                targets.append((doc["kind"], ns, doc["metadata"]["name"]))
        else:
            kind, name = split_resource(pos, "delete")
            if name is None:
                raise not_emulated("kubectl delete of every object of a kind")
            ns = None if kind == "Namespace" else f.get("--namespace", "default")
            targets.append((kind, ns, name))
        errors = []
        for kind, ns, name in targets:
            if kind == "Namespace" and name in BUILT_IN_NAMESPACES:
                errors.append('Error from server (Forbidden): namespaces "{}" is forbidden: this namespace may not '
                              'be deleted'.format(name))
                continue
            if delete_object(w, k8s, kind, ns, name):
                print('{} "{}" deleted'.format(KINDS[kind][2], name))
            elif not ignore:
                err = not_found(kind, name).message
                if source:
                    err = err.replace("Error from server (NotFound): ",
                                      'Error from server (NotFound): error when deleting "{}": '.format(source))
                errors.append(err)
        if errors:
            raise Fail("\n".join(errors))


def kubectl_wait(f, pos):
    cond = f.get("--for", "")
    m = re.match(r"^jsonpath=(\{[^}]*\})=(.*)$", cond)
    if not m:
        raise not_emulated("kubectl wait --for={}".format(cond))
    kind, name = split_resource(pos, "wait")
    if name is None:
        raise not_emulated("kubectl wait without a name")
    steps = jsonpath_steps(m.group(1)[1:-1], m.group(1))
    with Locked(state_path()) as w:
        c, k8s = resolve_cluster(w, f.get("--context"))
        ns = None if kind == "Namespace" else f.get("--namespace", "default")
        obj = k8s[KINDS[kind][3]].get(name if ns is None else "{}/{}".format(ns, name))
        if obj is None:
            raise not_found(kind, name)
        # Nothing in the double changes by itself, so a condition not met now never will be.
        if [jsonpath_text(v) for v in jsonpath_eval(steps, public(obj))] != [m.group(2)]:
            raise Fail("error: timed out waiting for the condition on {}s/{}".format(kind.lower(), name))
        print("{}/{} condition met".format(kind.lower(), name))


def kubectl_logs(f, pos):
    if len(pos) != 1:
        raise not_emulated("kubectl logs {}".format(pos))
    name = pos[0][len("pod/"):] if pos[0].startswith("pod/") else pos[0]
    if "/" in name:
        raise not_emulated("kubectl logs {}".format(pos[0]))
    with Locked(state_path()) as w:
        c, k8s = resolve_cluster(w, f.get("--context"))
        ns = f.get("--namespace", "default")
        key = "{}/{}".format(ns, name)
        if key not in k8s["pods"]:
            raise not_found("Pod", name)
        sys.stdout.write(k8s["logs"].get(key, ""))


KUBECTL = {
    # verb: (handler, flags, aliases, positionals allowed)
    "apply": (kubectl_apply, {"--filename": VALUE}, {"-f": "--filename"}, 0),
    "annotate": (kubectl_annotate, {"--local": SWITCH, "--filename": VALUE, "--overwrite": SWITCH, "--output": VALUE},
                 {"-f": "--filename", "-o": "--output"}, 8),
    "get": (kubectl_get, {"--output": VALUE, "--selector": VALUE, "--field-selector": VALUE, "--sort-by": VALUE},
            {"-o": "--output", "-l": "--selector"}, 2),
    "delete": (kubectl_delete, {"--filename": VALUE, "--ignore-not-found": SWITCH, "--wait": SWITCH},
               {"-f": "--filename"}, 2),
    "wait": (kubectl_wait, {"--for": VALUE, "--timeout": VALUE}, {}, 2),
    "logs": (kubectl_logs, {}, {}, 1),
    "set subject": (kubectl_set_subject, {"--local": SWITCH, "--filename": VALUE, "--user": VALUE, "--output": VALUE},
                    {"-f": "--filename", "-o": "--output"}, 0),
}


def run_kubectl(argv):
    # `set` is the one verb of two words the scripts use.
    words = 2 if argv[:1] == ["set"] else 1
    verb = " ".join(argv[:words])
    if verb not in KUBECTL:
        raise not_emulated("kubectl " + verb)
    handler, flags, aliases, npos = KUBECTL[verb]
    f, pos = parse_flags("kubectl", verb, argv[words:], dict(flags, **KUBECTL_GLOBAL),
                         dict(aliases, **KUBECTL_GLOBAL_ALIASES), npos)
    if verb == "apply":
        # Read a piped manifest before taking the lock: the writer at the other end of the pipe may
        # be another double waiting for it.
        stdin_text = sys.stdin.read() if f.get("--filename") == "-" else ""
        handler(f, pos, stdin_text)
    elif verb in ("annotate", "set subject"):
        # --local touches no cluster, so it takes no lock (it feeds `kubectl apply -f -`).
        handler(f, pos)
    else:
        handler(f, pos)


# ---------------------------------------------------------------------------------------------
# kubelogin


def run_kubelogin(argv):
    if not argv or argv[0] != "convert-kubeconfig":
        raise not_emulated("kubelogin " + " ".join(argv[:1]))
    f, _ = parse_flags("kubelogin", "convert-kubeconfig", argv[1:], {"--login": VALUE, "--context": VALUE},
                       {"-l": "--login"})
    login = f.get("--login")
    if login != "azurecli":
        raise not_emulated("kubelogin convert-kubeconfig --login {}".format(login))
    with Locked(state_path()) as w:
        kc = w.s["kubeconfig"]
        if not kc["contexts"]:
            raise Fail("Error: unable to load kubeconfig: no kubeconfig (run az aks get-credentials first)")
        names = [f["--context"]] if f.get("--context") else list(kc["contexts"])
        for name in names:
            if name not in kc["contexts"]:
                raise Fail('Error: context "{}" not found in kubeconfig'.format(name))
            if kc["contexts"][name]["convertedTo"] != login:
                kc["contexts"][name]["convertedTo"] = login
                w.touch()


# ---------------------------------------------------------------------------------------------
# Seeding: the world before a script runs


def seed(argv):
    f, _ = parse_flags("azdouble", "double-seed", argv, {
        "--subscription": VALUE, "--tenant": VALUE, "--cloud": VALUE, "--cluster": VALUE, "--location": VALUE,
        "--entra": VALUE, "--oidc": VALUE, "--workload-identity": VALUE, "--resource": LIST, "--role": LIST,
    }, {})
    for req in ("--subscription", "--tenant"):
        if req not in f:
            raise Fail("azdouble: double-seed needs {}".format(req), NOT_EMULATED)
    cloud = f.get("--cloud", "AzureCloud")
    if cloud not in AUTHORITY_HOSTS:
        raise Fail("azdouble: unknown cloud {}".format(cloud), NOT_EMULATED)
    w = World(empty_state(f["--subscription"], f["--tenant"], cloud))
    location = f.get("--location", "westeurope")

    def flag(name):
        v = f.get(name, "false")
        if v not in ("true", "false"):
            raise Fail("azdouble: {} takes true or false".format(name), NOT_EMULATED)
        return v == "true"

    def ensure_group(name):
        if w.group(name) is None:
            w.s["groups"][name.lower()] = group_object(w, name, location)

    for rid in f.get("--resource", []):
        m = re.match(r"(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/[^/]+/[^/]+/[^/]+$", rid)
        if not m or m.group(1).lower() != w.sub.lower():
            raise Fail("azdouble: --resource {} is not a top-level resource ID in the subscription".format(rid),
                       NOT_EMULATED)
        ensure_group(m.group(2))
        w.s["resources"][rid.lower()] = {"id": rid}
    for pair in f.get("--role", []):
        guid, _, name = pair.partition("=")
        w.s["roleNames"][guid.lower()] = name
    if f.get("--cluster"):
        rg, _, name = f["--cluster"].partition("/")
        ensure_group(rg)
        c = new_cluster(w, rg, name, location)
        if flag("--entra"):
            c["aadProfile"] = {"managed": True, "enableAzureRbac": False, "adminGroupObjectIDs": None,
                               "tenantId": w.tenant}
        if flag("--oidc"):
            enable_oidc(w, c)
        if flag("--workload-identity"):
            if not c["oidcIssuerProfile"]["enabled"]:
                raise Fail("azdouble: workload identity needs the OIDC issuer", NOT_EMULATED)
            c["securityProfile"]["workloadIdentity"] = {"enabled": True}
        w.s["clusters"]["{}/{}".format(rg, name).lower()] = c
        w.s["kubernetes"][c["id"]] = new_kubernetes()
    path = os.environ.get("DOUBLE_STATE")
    if not path:
        raise Fail("azdouble: DOUBLE_STATE is not set", NOT_EMULATED)
    with open(path, "w") as out:
        json.dump(w.s, out, indent=1, sort_keys=True)


def main(argv):
    if not argv:
        sys.stderr.write("usage: azdouble.py az|kubectl|kubelogin|double-seed ARGS...\n")
        return NOT_EMULATED
    tool, rest = argv[0], argv[1:]
    try:
        if tool == "az":
            run_az(rest)
        elif tool == "kubectl":
            run_kubectl(rest)
        elif tool == "kubelogin":
            run_kubelogin(rest)
        elif tool == "double-seed":
            seed(rest)
        else:
            raise not_emulated("tool " + tool)
    except Fail as ex:
        sys.stdout.flush()
        message = ex.message
        if tool == "az" and not message.startswith(("azdouble:", "ERROR:")) and ex.code != 2:
            message = "ERROR: " + message
        elif tool == "az" and ex.code == 2 and not message.startswith("azdouble:"):
            message = "az: error: " + message
        sys.stderr.write(message + "\n")
        return ex.code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
