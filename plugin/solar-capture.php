<?php
/**
 * Plugin Name:       Solar Capture
 * Plugin URI:        https://example.com/solar-capture
 * Description:       Turns a solar installer's site into a lead pipeline: quote requests and booking webhooks (Cal.com, Calendly, Orufy or any tool) move leads through the sales pipeline.
 * Version:           0.1.0
 * Requires at least: 6.8
 * Requires PHP:      8.0
 * Author:            Solar Capture
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       solar-capture
 * Domain Path:       /languages
 *
 * @package SolarCapture
 */

// This file must stay parseable by old PHP versions, so that the version guard below can
// show a notice instead of a fatal error. Keep modern syntax in includes/.

defined( 'ABSPATH' ) || exit;

define( 'SOLAR_CAPTURE_VERSION', '0.1.0' );
define( 'SOLAR_CAPTURE_FILE', __FILE__ );
define( 'SOLAR_CAPTURE_DIR', plugin_dir_path( __FILE__ ) );
define( 'SOLAR_CAPTURE_MIN_PHP', '8.0' );
define( 'SOLAR_CAPTURE_MIN_WP', '6.8' );

// The sidecar's address (loopback). Define it in wp-config.php to change it.
if ( ! defined( 'SOLAR_CAPTURE_SIDECAR_URL' ) ) {
	define( 'SOLAR_CAPTURE_SIDECAR_URL', 'http://127.0.0.1:8787' );
}

/**
 * Whether this PHP and WordPress can run the plugin.
 *
 * @return bool
 */
function solar_capture_requirements_met() {
	$wp_version = isset( $GLOBALS['wp_version'] ) ? preg_replace( '/-.*$/', '', (string) $GLOBALS['wp_version'] ) : '0';
	return version_compare( PHP_VERSION, SOLAR_CAPTURE_MIN_PHP, '>=' )
		&& version_compare( $wp_version, SOLAR_CAPTURE_MIN_WP, '>=' );
}

/**
 * Admin notice shown instead of loading the plugin on a too-old PHP or WordPress.
 */
function solar_capture_requirements_notice() {
	if ( ! current_user_can( 'activate_plugins' ) ) {
		return;
	}
	printf(
		'<div class="notice notice-error"><p>%s</p></div>',
		esc_html(
			sprintf(
				/* translators: 1: required PHP version, 2: required WordPress version, 3: current PHP version, 4: current WordPress version. */
				__( 'Solar Capture needs PHP %1$s and WordPress %2$s or newer. This site runs PHP %3$s and WordPress %4$s, so the plugin is not active.', 'solar-capture' ),
				SOLAR_CAPTURE_MIN_PHP,
				SOLAR_CAPTURE_MIN_WP,
				PHP_VERSION,
				isset( $GLOBALS['wp_version'] ) ? $GLOBALS['wp_version'] : '?'
			)
		)
	);
}

if ( ! solar_capture_requirements_met() ) {
	add_action( 'admin_notices', 'solar_capture_requirements_notice' );
	add_action( 'network_admin_notices', 'solar_capture_requirements_notice' );
	return;
}

require_once SOLAR_CAPTURE_DIR . 'includes/autoload.php';

register_activation_hook( __FILE__, array( 'SolarCapture\\Activator', 'activate' ) );

SolarCapture\Plugin::instance()->boot();
