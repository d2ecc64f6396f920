'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const wp = path.join(root, '.wp');

module.exports = {
	root,
	wp,
	cache: path.join(wp, 'cache'),
	core: path.join(wp, 'core'),
	sqlitePlugin: path.join(wp, 'cache', 'sqlite-database-integration'),
	defaultSite: path.join(wp, 'site'),
	plugin: path.join(root, 'plugin'),
	sidecar: path.join(root, 'sidecar'),
	sidecarMain: path.join(root, 'sidecar', 'dist', 'main.js'),
	router: path.join(root, 'scripts', 'php', 'router.php'),
	installer: path.join(root, 'scripts', 'php', 'install.php'),
};
