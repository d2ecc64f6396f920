<?php
/**
 * Test and bench helper: loads the site named by SOLAR_CAPTURE_SITE_CONFIG and runs the PHP file given
 * as the first argument, with the remaining arguments in $args. Prints what the file returns as JSON.
 * On a network made by the set-up the main site is loaded by its host, port included
 * (SOLAR_CAPTURE_NETWORK_HOST); switch_to_blog() reaches the others.
 */
$_SERVER['HTTP_HOST']   = getenv( 'SOLAR_CAPTURE_NETWORK_HOST' ) ?: '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require ( getenv( 'SOLAR_CAPTURE_CORE' ) ?: dirname( __DIR__, 2 ) . '/.wp/core' ) . '/wp-load.php';
$args = array_slice( $argv, 2 );
$solar_capture_result = require $argv[1];
echo wp_json_encode( $solar_capture_result ), "\n";
