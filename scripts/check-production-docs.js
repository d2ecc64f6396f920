'use strict';
// The docs cannot drift from what is tested:
// - docs/production.md quotes each web-server, PHP and database file of deploy/ verbatim, in a code block
//   (the files are what npm start's production stacks and npm test run);
// - plugin/readme.txt's "Tested up to" is the newest WordPress the suites run on (.wp/core-newest, when
//   the set-up fetched it), and no older than the stable one.
// Usage: node scripts/check-production-docs.js  (exit 1 and one line per problem)
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./lib/paths');
const { coreVersion } = require('./lib/wordpress');

const QUOTED = ['nginx.conf', 'apache.conf', 'php-opcache.ini', 'sidecar-grants.sql', 'sidecar-grants-network.sql'];
const problems = [];

const doc = fs.readFileSync(path.join(paths.root, 'docs', 'production.md'), 'utf8');
const blocks = [...doc.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
for (const file of QUOTED) {
	const text = fs.readFileSync(path.join(paths.deploy, file), 'utf8').replace(/\n+$/, '\n');
	if (!blocks.some((block) => block === text)) problems.push(`docs/production.md does not quote deploy/${file} as it is (a code block holding exactly the file)`);
}

const readme = fs.readFileSync(path.join(paths.plugin, 'readme.txt'), 'utf8');
const tested = (readme.match(/^Tested up to:\s*(\S+)/m) || [])[1];
const majorMinor = (v) => (v || '').split('.').slice(0, 2).join('.');
const newest = coreVersion(paths.coreNewest);
const stable = coreVersion(paths.core);
if (!tested) problems.push('plugin/readme.txt has no "Tested up to:" line');
else if (newest && tested !== majorMinor(newest)) problems.push(`plugin/readme.txt says "Tested up to: ${tested}", but the suites run on WordPress ${newest} (the newest release): make it ${majorMinor(newest)}`);
else if (!newest && stable && Number(tested) < Number(majorMinor(stable))) problems.push(`plugin/readme.txt says "Tested up to: ${tested}", older than WordPress ${stable} the suites run on`);

for (const problem of problems) console.log(problem);
process.exit(problems.length ? 1 : 0);
