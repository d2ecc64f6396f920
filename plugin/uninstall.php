<?php
/**
 * Uninstall: removes tables, options, transients and the capability, only when the site owner
 * asked for it (Solar leads → Settings → "Delete all … when the plugin is deleted"), site by site
 * on a multisite network. Otherwise it changes nothing, so a reinstall finds everything again.
 *
 * @package SolarCapture
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

// The plugin may be inactive: its classes are loaded here for their names of tables, options and
// the capability (nothing of the plugin runs).
require_once __DIR__ . '/includes/autoload.php';

use SolarCapture\Activator;
use SolarCapture\Integrations\Webhook_Url_Check;
use SolarCapture\Schema;
use SolarCapture\Settings;

/**
 * Remove the current site's data when its settings say so.
 */
function solar_capture_uninstall_site() {
	global $wpdb;

	$settings = json_decode( (string) get_option( Settings::SETTINGS_OPTION, '' ), true );
	if ( ! is_array( $settings ) || empty( $settings['delete_data_on_uninstall'] ) ) {
		return;
	}

	Schema::drop();
	foreach ( array( Activator::TOKEN_OPTION, Settings::PROVIDERS_OPTION, Settings::SETTINGS_OPTION ) as $option ) {
		delete_option( $option );
	}

	// Short-lived values: the webhook URL check, quote form answers and rate-limit counters.
	delete_transient( Webhook_Url_Check::TRANSIENT );
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- no API deletes transients by prefix.
	$wpdb->query(
		$wpdb->prepare(
			"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
			$wpdb->esc_like( '_transient_solar_capture_' ) . '%',
			$wpdb->esc_like( '_transient_timeout_solar_capture_' ) . '%'
		)
	);

	Activator::remove_capability();
}

if ( is_multisite() ) {
	foreach ( get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $solar_capture_site_id ) {
		switch_to_blog( (int) $solar_capture_site_id );
		solar_capture_uninstall_site();
		restore_current_blog();
	}
} else {
	solar_capture_uninstall_site();
}
