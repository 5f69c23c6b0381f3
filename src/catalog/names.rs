//! Naming rules Azure and Kubernetes enforce, as data plus one checker. Each rule names its source;
//! the validator turns a failed check into a finding, and `sanitize` into its fix.
//!
//! Sources: azure-facts.md section 5 [CLI][DOC][CODE]; rules it does not list (storage account,
//! Service Bus and Event Hubs namespaces and entities, SQL server and database, blob container, queue,
//! table, Key Vault secret) come from `MicrosoftDocs/azure-docs:
//! articles/azure-resource-manager/management/resource-name-rules.md` [DOC, older snapshot].

/// Which naming rule a value must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameRule {
    AksCluster,
    ResourceGroup,
    ManagedIdentity,
    FederatedCredential,
    StorageAccount,
    KeyVault,
    ContainerRegistry,
    ServiceBusNamespace,
    EventHubsNamespace,
    AppConfigStore,
    CosmosAccount,
    SqlServer,
    BlobContainer,
    StorageQueue,
    StorageTable,
    KeyVaultObject,
    ServiceBusEntity,
    EventHub,
    CosmosName,
    SqlDatabase,
    /// Kubernetes namespace, and any name also used as a label value or container name.
    DnsLabel,
    /// Kubernetes ServiceAccount (and other object) names.
    DnsSubdomain,
    Guid,
    KubernetesVersion,
    RegionFormat,
    /// A GitHub user or organization name (the OWNER of OWNER/NAME).
    GitHubOwner,
    /// A GitHub repository name (the NAME of OWNER/NAME).
    GitHubRepository,
    /// A GitHub environment name, as the wizard accepts it.
    GitHubEnvironment,
}

struct Spec {
    min: usize,
    max: usize,
    allowed: fn(char) -> bool,
    first: fn(char) -> bool,
    last: fn(char) -> bool,
    no_double_hyphen: bool,
    describe: &'static str,
}

fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}
fn lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}
fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}
fn any(_: char) -> bool {
    true
}
fn alnum_dash(c: char) -> bool {
    alnum(c) || c == '-'
}
fn alnum_dash_us(c: char) -> bool {
    alnum(c) || c == '-' || c == '_'
}
fn lower_alnum_dash(c: char) -> bool {
    lower_alnum(c) || c == '-'
}
fn alnum_dot_dash_us(c: char) -> bool {
    alnum(c) || matches!(c, '.' | '-' | '_')
}
/// Resource group: `^[-\w\._\(\)]+$`, where `\w` includes Unicode letters and digits [DOC].
fn rg_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')')
}
fn not_dot(c: char) -> bool {
    c != '.'
}
fn cosmos_char(c: char) -> bool {
    !c.is_control() && !matches!(c, '/' | '\\' | '#' | '?')
}
fn not_space(c: char) -> bool {
    c != ' '
}
fn sql_db_char(c: char) -> bool {
    !c.is_control() && !matches!(c, '<' | '>' | '*' | '%' | '&' | ':' | '\\' | '/' | '?')
}
fn sql_db_last(c: char) -> bool {
    c != '.' && c != ' '
}

impl NameRule {
    /// The rule in plain words, phrased so it also tells the fix.
    pub fn describe(self) -> &'static str {
        match self {
            NameRule::DnsSubdomain => {
                "use at most 253 lowercase letters, digits, '-' and '.', with each dot-separated part \
                 starting and ending with a letter or digit"
            }
            NameRule::Guid => "use a GUID like 01234567-89ab-cdef-0123-456789abcdef (36 characters)",
            NameRule::KubernetesVersion => "use a version like 1.35 or 1.35.2, or leave it empty for the default",
            other => other.spec().map(|s| s.describe).unwrap_or(""),
        }
    }

    fn spec(self) -> Option<Spec> {
        use NameRule::*;
        let s = |min, max, allowed, first, last, no_double_hyphen, describe| Spec {
            min,
            max,
            allowed,
            first,
            last,
            no_double_hyphen,
            describe,
        };
        Some(match self {
            // CLI validate_linux_host_name: ^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$ [CLI]
            AksCluster => s(1, 63, alnum_dash_us, alnum, alnum, false,
                "use 1-63 letters, digits, '-' and '_', starting and ending with a letter or digit"),
            ResourceGroup => s(1, 90, rg_char, any, not_dot, false,
                "use 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'"),
            // resource-name-rules.md userAssignedIdentities [DOC]
            ManagedIdentity => s(3, 128, alnum_dash_us, alnum, any, false,
                "use 3-128 letters, digits, '-' and '_', starting with a letter or digit"),
            // entra-docs federated credential considerations [DOC]
            FederatedCredential => s(3, 120, alnum_dash_us, alnum, any, false,
                "use 3-120 letters, digits, '-' and '_', starting with a letter or digit"),
            StorageAccount => s(3, 24, lower_alnum, any, any, false,
                "use 3-24 lowercase letters and digits"),
            KeyVault => s(3, 24, alnum_dash, letter, alnum, true,
                "use 3-24 letters, digits and '-', starting with a letter, ending with a letter or digit, without '--'"),
            ContainerRegistry => s(5, 50, alnum, any, any, false, "use 5-50 letters and digits"),
            ServiceBusNamespace | EventHubsNamespace => s(6, 50, alnum_dash, letter, alnum, false,
                "use 6-50 letters, digits and '-', starting with a letter and ending with a letter or digit"),
            AppConfigStore => s(5, 50, alnum_dash_us, any, any, false,
                "use 5-50 letters, digits, '_' and '-'"),
            // azure-facts.md: 3-44 lowercase letters, digits, '-'. The older rules page adds "start with a
            // lowercase letter or number".
            CosmosAccount => s(3, 44, lower_alnum_dash, lower_alnum, any, false,
                "use 3-44 lowercase letters, digits and '-', starting with a letter or digit"),
            SqlServer => s(1, 63, lower_alnum_dash, lower_alnum, lower_alnum, false,
                "use 1-63 lowercase letters, digits and '-', not starting or ending with '-'"),
            BlobContainer => s(3, 63, lower_alnum_dash, lower_alnum, lower_alnum, true,
                "use 3-63 lowercase letters, digits and '-', starting and ending with a letter or digit, without '--'"),
            StorageQueue => s(3, 63, lower_alnum_dash, lower_alnum, lower_alnum, true,
                "use 3-63 lowercase letters, digits and '-', starting and ending with a letter or digit, without '--'"),
            StorageTable => s(3, 63, alnum, letter, any, false,
                "use 3-63 letters and digits, starting with a letter"),
            KeyVaultObject => s(1, 127, alnum_dash, any, any, false, "use 1-127 letters, digits and '-'"),
            // Azure also allows '/' in queue and topic names; the wizard does not, because '/' separates
            // `topics/<name>` in the sub-resource field (see targets.rs).
            ServiceBusEntity => s(1, 260, alnum_dot_dash_us, alnum, alnum, false,
                "use 1-260 letters, digits, '.', '-' and '_', starting and ending with a letter or digit"),
            EventHub => s(1, 256, alnum_dot_dash_us, alnum, alnum, false,
                "use 1-256 letters, digits, '.', '-' and '_', starting and ending with a letter or digit"),
            // Cosmos DB ids: no '/', '\\', '#', '?' and no trailing space [UNVERIFIED: own recollection].
            CosmosName => s(1, 255, cosmos_char, any, not_space, false,
                "use 1-255 characters without '/', '\\', '#' or '?', not ending with a space"),
            SqlDatabase => s(1, 128, sql_db_char, any, sql_db_last, false,
                "use 1-128 characters without <>*%&:\\/?, not ending with '.' or a space"),
            // apimachinery IsDNS1123Label [CODE]
            DnsLabel => s(1, 63, lower_alnum_dash, lower_alnum, lower_alnum, false,
                "use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit"),
            RegionFormat => s(1, 64, lower_alnum, any, any, false,
                "use the region's short name: lowercase letters and digits only, like westeurope"),
            // GitHub's sign-up form: letters, digits and single hyphens, no hyphen at either end, at most
            // 39 characters [UNVERIFIED: the form's own message, not a docs page].
            GitHubOwner => s(1, 39, alnum_dash, alnum, alnum, true,
                "use 1-39 letters, digits and single '-', starting and ending with a letter or digit"),
            // GitHub turns any other character of a new repository's name into '-' [UNVERIFIED: the
            // create-repository form]; '.' and '..' alone are refused by the validator.
            GitHubRepository => s(1, 100, alnum_dot_dash_us, any, any, false,
                "use 1-100 letters, digits, '.', '-' and '_'"),
            // GitHub allows more (up to 255 characters); the wizard keeps to a plain alphabet, so the
            // name means the same in the subject, the workflow and the scripts [own rule].
            GitHubEnvironment => s(1, 255, alnum_dot_dash_us, alnum, any, false,
                "use 1-255 letters, digits, '.', '-' and '_', starting with a letter or digit"),
            DnsSubdomain | Guid | KubernetesVersion => return None,
        })
    }

    /// The longest value the rule allows, in characters.
    pub fn max_len(self) -> usize {
        match self {
            NameRule::DnsSubdomain => 253,
            NameRule::Guid => 36,
            NameRule::KubernetesVersion => 32,
            other => other.spec().map(|s| s.max).unwrap_or(0),
        }
    }

    /// Whether `value` follows the rule.
    pub fn check(self, value: &str) -> bool {
        match self {
            NameRule::Guid => is_guid(value),
            NameRule::KubernetesVersion => is_kubernetes_version(value),
            NameRule::DnsSubdomain => is_dns_subdomain(value),
            _ => match self.spec() {
                Some(spec) => check_spec(&spec, value),
                None => false,
            },
        }
    }

    /// A corrected value close to `value` that follows the rule, when one can be derived (lowercase,
    /// invalid characters replaced, trimmed to length). None when the result would still be invalid or
    /// would not differ.
    pub fn sanitize(self, value: &str) -> Option<String> {
        let candidate = match self {
            NameRule::Guid => {
                let t: String = value.trim().trim_start_matches('{').trim_end_matches('}').trim().to_string();
                t
            }
            NameRule::KubernetesVersion => value.chars().filter(|c| !c.is_whitespace()).collect(),
            NameRule::RegionFormat => value.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase(),
            NameRule::DnsSubdomain => {
                let label = sanitize_with(&NameRule::DnsLabel.spec()?, &value.to_ascii_lowercase(), '-');
                label.chars().take(253).collect()
            }
            _ => {
                let spec = self.spec()?;
                // Lowercase when the rule rejects uppercase; otherwise keep the user's case.
                let lowered = if !(spec.allowed)('A') { value.to_ascii_lowercase() } else { value.to_string() };
                let filler = if (spec.allowed)('-') { '-' } else { '\0' };
                sanitize_with(&spec, &lowered, filler)
            }
        };
        (candidate != value && self.check(&candidate)).then_some(candidate)
    }
}

fn check_spec(spec: &Spec, value: &str) -> bool {
    let n = value.chars().count();
    if n < spec.min || n > spec.max {
        return false;
    }
    let (Some(first), Some(last)) = (value.chars().next(), value.chars().last()) else {
        return false;
    };
    value.chars().all(spec.allowed)
        && (spec.first)(first)
        && (spec.last)(last)
        && !(spec.no_double_hyphen && value.contains("--"))
}

/// Replace disallowed characters by `filler` ('\0' drops them), fix the ends and the length.
fn sanitize_with(spec: &Spec, value: &str, filler: char) -> String {
    let mut out = String::new();
    for c in value.trim().chars() {
        let c = if (spec.allowed)(c) { c } else { filler };
        if c == '\0' {
            continue;
        }
        // Collapse runs of the filler so "my  app" becomes "my-app", not "my--app".
        if c == filler && out.ends_with(filler) {
            continue;
        }
        out.push(c);
    }
    let trim_ends = |s: &str| -> String {
        let s = s.trim_start_matches(|c: char| !(spec.first)(c) || !(spec.allowed)(c));
        s.trim_end_matches(|c: char| !(spec.last)(c) || !(spec.allowed)(c)).to_string()
    };
    let mut s = trim_ends(&out);
    if s.chars().count() > spec.max {
        s = trim_ends(&s.chars().take(spec.max).collect::<String>());
    }
    s
}

/// `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$` [DOC]
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    groups.len() == lens.len()
        && groups.iter().zip(lens).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `^[vV]?\d+\.\d+(\.\d+)?$`, the CLI's `--kubernetes-version` check [CLI]. Empty is not a version
/// (the caller treats empty as "region default").
pub fn is_kubernetes_version(s: &str) -> bool {
    let rest = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let parts: Vec<&str> = rest.split('.').collect();
    (parts.len() == 2 || parts.len() == 3) && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// DNS-1123 subdomain as apimachinery checks it: at most 253 characters, dot-separated labels of
/// lowercase alphanumerics and '-', each starting and ending with an alphanumeric [CODE].
pub fn is_dns_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            let (Some(f), Some(l)) = (label.chars().next(), label.chars().last()) else {
                return false;
            };
            lower_alnum(f) && lower_alnum(l) && label.chars().all(lower_alnum_dash)
        })
}

#[cfg(test)]
mod tests {
    use super::NameRule::{self, *};

    #[test]
    fn rules_accept_and_reject() {
        let cases: &[(NameRule, &str, bool)] = &[
            (AksCluster, "a", true),
            (AksCluster, "aks_demo-1", true),
            (AksCluster, "-aks", false),
            (AksCluster, "aks_", false),
            (AksCluster, &"a".repeat(63), true),
            (AksCluster, &"a".repeat(64), false),
            (ResourceGroup, "rg-(prod).ü", true),
            (ResourceGroup, "rg.", false),
            (ResourceGroup, "rg/x", false),
            (ResourceGroup, &"r".repeat(91), false),
            (ManagedIdentity, "id", false),
            (ManagedIdentity, "_id-x", false),
            (ManagedIdentity, "id_app-1", true),
            (FederatedCredential, &"f".repeat(121), false),
            (FederatedCredential, "fic-1", true),
            (StorageAccount, "stdemodata", true),
            (StorageAccount, "st-demo", false),
            (StorageAccount, "StDemo", false),
            (KeyVault, "kv-demo-1", true),
            (KeyVault, "kv--demo", false),
            (KeyVault, "1kv", false),
            (KeyVault, "kv-", false),
            (ContainerRegistry, "acr1", false),
            (ContainerRegistry, "acrdemo01", true),
            (ContainerRegistry, "acr-demo", false),
            (ServiceBusNamespace, "sb-demo", true),
            (ServiceBusNamespace, "sb-d", false),
            (EventHubsNamespace, "9events", false),
            (AppConfigStore, "appcs_demo", true),
            (CosmosAccount, "cosmos-demo", true),
            (CosmosAccount, "Cosmos", false),
            (SqlServer, "sql-demo", true),
            (SqlServer, "sql-", false),
            (BlobContainer, "reports", true),
            (BlobContainer, "re--ports", false),
            (BlobContainer, "ab", false),
            (StorageQueue, "orders-in", true),
            (StorageTable, "Orders2", true),
            (StorageTable, "2orders", false),
            (KeyVaultObject, "db-password", true),
            (KeyVaultObject, "db_password", false),
            (ServiceBusEntity, "orders.v1", true),
            (ServiceBusEntity, "orders/v1", false),
            (EventHub, "telemetry_", false),
            (CosmosName, "orders db", true),
            (CosmosName, "orders/db", false),
            (CosmosName, "orders ", false),
            (SqlDatabase, "sales", true),
            (SqlDatabase, "sales?", false),
            (DnsLabel, "demo", true),
            (DnsLabel, "Demo", false),
            (DnsLabel, "demo.app", false),
            (DnsSubdomain, "demo.app", true),
            (DnsSubdomain, "demo..app", false),
            (DnsSubdomain, "demo.-app", false),
            (Guid, "01234567-89ab-cdef-0123-456789ABCDEF", true),
            (Guid, "01234567-89ab-cdef-0123-456789abcde", false),
            (Guid, "{01234567-89ab-cdef-0123-456789abcdef}", false),
            (KubernetesVersion, "1.33", true),
            (KubernetesVersion, "v1.33.2", true),
            (KubernetesVersion, "1", false),
            (KubernetesVersion, "1.33.", false),
            (RegionFormat, "westeurope", true),
            (RegionFormat, "West Europe", false),
            (GitHubOwner, "contoso-labs", true),
            (GitHubOwner, "contoso--labs", false),
            (GitHubOwner, "-contoso", false),
            (GitHubOwner, &"o".repeat(40), false),
            (GitHubRepository, "demo.app_2-x", true),
            (GitHubRepository, "demo app", false),
            (GitHubEnvironment, "production", true),
            (GitHubEnvironment, "prod eu", false),
            (GitHubEnvironment, "_prod", false),
        ];
        for (rule, value, ok) in cases {
            assert_eq!(rule.check(value), *ok, "{rule:?} {value:?}");
        }
    }

    #[test]
    fn sanitize_produces_valid_names_or_nothing() {
        assert_eq!(DnsLabel.sanitize("My App!"), Some("my-app".into()));
        assert_eq!(StorageAccount.sanitize("St-Demo_Data"), Some("stdemodata".into()));
        assert_eq!(AksCluster.sanitize("-aks demo-"), Some("aks-demo".into()));
        assert_eq!(Guid.sanitize(" {01234567-89ab-cdef-0123-456789abcdef} "), Some("01234567-89ab-cdef-0123-456789abcdef".into()));
        assert_eq!(RegionFormat.sanitize("West Europe"), Some("westeurope".into()));
        assert_eq!(KeyVault.sanitize("kv--x"), Some("kv-x".into()));
        assert_eq!(DnsLabel.sanitize("demo"), None, "already valid: nothing to fix");
        assert_eq!(Guid.sanitize("nope"), None);
        assert_eq!(ContainerRegistry.sanitize("a-b"), None, "too short once cleaned");
        let long = DnsLabel.sanitize(&"x".repeat(100)).unwrap();
        assert_eq!(long.len(), 63);
    }
}
