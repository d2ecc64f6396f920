'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const wp = path.join(root, '.wp');

module.exports = {
	root,
	wp,
	cache: path.join(wp, 'cache'),
	core: path.join(wp, 'core'),
	// The newest WordPress (Debian sid's, 7.x) for the suites that run on both releases.
	coreNewest: path.join(wp, 'core-newest'),
	// nginx, Apache and PHP-FPM unpacked from Debian's packages (scripts/lib/servers.js).
	servers: path.join(wp, 'cache', 'servers'),
	sqlitePlugin: path.join(wp, 'cache', 'sqlite-database-integration'),
	defaultSite: path.join(wp, 'site'),
	deploy: path.join(root, 'deploy'),
	plugin: path.join(root, 'plugin'),
	sidecar: path.join(root, 'sidecar'),
	sidecarMain: path.join(root, 'sidecar', 'dist', 'main.js'),
	router: path.join(root, 'scripts', 'php', 'router.php'),
	installer: path.join(root, 'scripts', 'php', 'install.php'),
};
