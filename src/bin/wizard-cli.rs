//! Native entry: answers.yaml in, the same bundle the browser offers out.

const USAGE: &str = "wizard-cli: generate the aks-identity-wizard bundle from an answers file

usage: wizard-cli ANSWERS.yaml --out DIR
       wizard-cli ANSWERS.yaml --zip FILE
";

fn main() {
    print!("{USAGE}");
}
