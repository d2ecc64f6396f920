<?php
/**
 * Loads the throw-away site scripts/phpunit.js installed (SOLAR_CAPTURE_SITE_CONFIG): WordPress
 * with Solar Capture active, its tables created by the plugin's own activation.
 *
 * @package SolarCapture
 */

if ( ! getenv( 'SOLAR_CAPTURE_SITE_CONFIG' ) ) {
	fwrite( STDERR, "Run the PHP tests with node scripts/phpunit.js (it installs the site they need).\n" );
	exit( 1 );
}
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__, 2 ) . '/.wp/core/wp-load.php';
require_once __DIR__ . '/Test_Case.php';
