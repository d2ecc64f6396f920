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
 * What this PHP and WordPress lack to run the plugin: 'php', 'wp' or '' (nothing).
 *
 * @param string|null $php_version PHP version to check (default: this PHP).
 * @param string|null $wp_version  WordPress version to check (default: this WordPress).
 * @return string
 */
function solar_capture_requirements_problem( $php_version = null, $wp_version = null ) {
	if ( null === $php_version ) {
		$php_version = PHP_VERSION;
	}
	if ( null === $wp_version ) {
		$wp_version = isset( $GLOBALS['wp_version'] ) ? $GLOBALS['wp_version'] : '0';
	}
	// "6.9-RC1" counts as 6.9; "6.8" as 6.8.0.
	$wp_version = preg_replace( '/-.*$/', '', (string) $wp_version );
	if ( version_compare( (string) $php_version, SOLAR_CAPTURE_MIN_PHP, '<' ) ) {
		return 'php';
	}
	if ( version_compare( $wp_version, SOLAR_CAPTURE_MIN_WP, '<' ) ) {
		return 'wp';
	}
	return '';
}

/**
 * Whether this PHP and WordPress can run the plugin.
 *
 * @param string|null $php_version PHP version to check (default: this PHP).
 * @param string|null $wp_version  WordPress version to check (default: this WordPress).
 * @return bool
 */
function solar_capture_requirements_met( $php_version = null, $wp_version = null ) {
	return '' === solar_capture_requirements_problem( $php_version, $wp_version );
}

/**
 * The notice's HTML for a too-old PHP or WordPress ('' when nothing is missing).
 *
 * @param string|null $php_version PHP version (default: this PHP).
 * @param string|null $wp_version  WordPress version (default: this WordPress).
 * @return string
 */
function solar_capture_requirements_notice_html( $php_version = null, $wp_version = null ) {
	$problem = solar_capture_requirements_problem( $php_version, $wp_version );
	if ( '' === $problem ) {
		return '';
	}
	$php_version = null === $php_version ? PHP_VERSION : (string) $php_version;
	$wp_version  = null === $wp_version ? ( isset( $GLOBALS['wp_version'] ) ? (string) $GLOBALS['wp_version'] : '?' ) : (string) $wp_version;
	if ( 'php' === $problem ) {
		$text = sprintf(
			/* translators: 1: required PHP version, 2: current PHP version. */
			__( 'Solar Capture needs PHP %1$s or newer, and this site runs PHP %2$s, so Solar Capture is not running. Ask your host to update PHP: the plugin starts working as soon as they do.', 'solar-capture' ),
			SOLAR_CAPTURE_MIN_PHP,
			$php_version
		);
	} else {
		$text = sprintf(
			/* translators: 1: required WordPress version, 2: current WordPress version. */
			__( 'Solar Capture needs WordPress %1$s or newer, and this site runs WordPress %2$s, so Solar Capture is not running. Update WordPress (Dashboard → Updates): the plugin starts working as soon as you do.', 'solar-capture' ),
			SOLAR_CAPTURE_MIN_WP,
			$wp_version
		);
	}
	return '<div class="notice notice-error solar-capture-requirements"><p>' . esc_html( $text ) . '</p></div>';
}

/**
 * Admin notice shown instead of loading the plugin on a too-old PHP or WordPress.
 */
function solar_capture_requirements_notice() {
	if ( ! current_user_can( 'activate_plugins' ) ) {
		return;
	}
	echo solar_capture_requirements_notice_html(); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped when built.
}

if ( ! solar_capture_requirements_met() ) {
	add_action( 'admin_notices', 'solar_capture_requirements_notice' );
	add_action( 'network_admin_notices', 'solar_capture_requirements_notice' );
	return;
}

require_once SOLAR_CAPTURE_DIR . 'includes/autoload.php';

register_activation_hook( __FILE__, array( 'SolarCapture\\Activator', 'activate' ) );

SolarCapture\Plugin::instance()->boot();
