<?php
/**
 * Test and bench helper: loads the site named by SOLAR_CAPTURE_SITE_CONFIG and runs the PHP file given
 * as the first argument, with the remaining arguments in $args. Prints what the file returns as JSON.
 */
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__, 2 ) . '/.wp/core/wp-load.php';
$args = array_slice( $argv, 2 );
$solar_capture_result = require $argv[1];
echo wp_json_encode( $solar_capture_result ), "\n";
