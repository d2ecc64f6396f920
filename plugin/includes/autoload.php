<?php
/**
 * A tiny PSR-4 autoloader: SolarCapture\Rest\Webhook_Controller → includes/Rest/Webhook_Controller.php.
 *
 * @package SolarCapture
 */

defined( 'ABSPATH' ) || exit;

spl_autoload_register(
	static function ( $class_name ) {
		$prefix = 'SolarCapture\\';
		if ( 0 !== strncmp( $class_name, $prefix, strlen( $prefix ) ) ) {
			return;
		}
		$relative = substr( $class_name, strlen( $prefix ) );
		// Only letters, digits, underscores and namespace separators: never a path from elsewhere.
		if ( ! preg_match( '/^[A-Za-z0-9_\\\\]+$/', $relative ) ) {
			return;
		}
		$file = __DIR__ . '/' . str_replace( '\\', '/', $relative ) . '.php';
		if ( is_readable( $file ) ) {
			require_once $file;
		}
	}
);
