'use strict';
// TEST-ONLY: another sidecar process on the same database. Reads {db, prefix, ids, now, env} as JSON
// from argv[2], prints "ready", waits for a line on stdin (so both sidecars start at once), processes
// the ids concurrently with the sidecar's own sources (compiled on the fly) and prints the outcomes.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};

const { openStore } = require('../store/index.ts');
const { loadPipeline } = require('../pipeline.ts');
const { processDelivery } = require('../process.ts');

async function main() {
  const { db, prefix, ids, now, env } = JSON.parse(process.argv[2]);
  const store = openStore(db, prefix);
  const pipeline = loadPipeline(path.join(__dirname, '..', '..', '..', 'plugin', 'pipeline.json'));
  const ctx = { store, pipeline, env, clock: () => new Date(now) };
  await store.getOption('siteurl');
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  try {
    const outcomes = await Promise.all(ids.map((id) => processDelivery(ctx, id)));
    process.stdout.write(JSON.stringify(outcomes));
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
