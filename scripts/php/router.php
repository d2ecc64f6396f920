<?php
/**
 * Router for PHP's built-in web server: WordPress core is the document root, the site's own
 * wp-content lives elsewhere (SOLAR_CAPTURE_CONTENT_DIR). Real files are served as they are,
 * everything else goes to WordPress's index.php (pretty permalinks, /wp-json/…).
 */
$solar_capture_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( str_contains( $solar_capture_path, '..' ) ) {
	http_response_code( 400 );
	return true;
}

if ( str_starts_with( $solar_capture_path, '/wp-content/' ) ) {
	$solar_capture_file = getenv( 'SOLAR_CAPTURE_CONTENT_DIR' ) . substr( $solar_capture_path, strlen( '/wp-content' ) );
	if ( is_file( $solar_capture_file ) && ! preg_match( '/\.(php|sqlite|json\.php)$|\/\.ht/i', $solar_capture_file ) ) {
		$solar_capture_types = array(
			'css'   => 'text/css; charset=utf-8',
			'js'    => 'application/javascript; charset=utf-8',
			'json'  => 'application/json',
			'map'   => 'application/json',
			'svg'   => 'image/svg+xml',
			'png'   => 'image/png',
			'jpg'   => 'image/jpeg',
			'jpeg'  => 'image/jpeg',
			'gif'   => 'image/gif',
			'webp'  => 'image/webp',
			'woff'  => 'font/woff',
			'woff2' => 'font/woff2',
			'ttf'   => 'font/ttf',
			'txt'   => 'text/plain; charset=utf-8',
			'pot'   => 'text/plain; charset=utf-8',
		);
		$solar_capture_ext = strtolower( pathinfo( $solar_capture_file, PATHINFO_EXTENSION ) );
		header( 'Content-Type: ' . ( $solar_capture_types[ $solar_capture_ext ] ?? 'application/octet-stream' ) );
		header( 'Content-Length: ' . filesize( $solar_capture_file ) );
		header( 'Cache-Control: public, max-age=300' );
		readfile( $solar_capture_file );
		return true;
	}
	http_response_code( 404 );
	return true;
}

$solar_capture_file = $_SERVER['DOCUMENT_ROOT'] . $solar_capture_path;
if ( '/' !== $solar_capture_path && ( is_file( $solar_capture_file ) || is_file( rtrim( $solar_capture_file, '/' ) . '/index.php' ) ) ) {
	return false; // A real file (or a folder with index.php, such as /wp-admin/): let the server handle it.
}

$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
chdir( $_SERVER['DOCUMENT_ROOT'] );
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
