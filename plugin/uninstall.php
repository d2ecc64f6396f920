<?php
/**
 * Uninstall: removes tables, options, transients and the capability, only when the site owner
 * asked for it (Solar leads → Settings → "Delete all … when the plugin is deleted"), site by site
 * on a multisite network. Otherwise it changes nothing, so a reinstall finds everything again.
 *
 * @package SolarCapture
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Remove the current site's data when its settings say so.
 */
function solar_capture_uninstall_site() {
	global $wpdb;

	$settings = json_decode( (string) get_option( 'solar_capture_settings', '' ), true );
	if ( ! is_array( $settings ) || empty( $settings['delete_data_on_uninstall'] ) ) {
		return;
	}

	foreach ( array( 'solar_leads', 'solar_bookings', 'solar_events', 'solar_deliveries' ) as $name ) {
		$table = $wpdb->prefix . $name;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange -- table names cannot be placeholders.
		$wpdb->query( "DROP TABLE IF EXISTS `$table`" );
	}

	foreach ( array( 'solar_capture_internal_token', 'solar_capture_providers', 'solar_capture_schema_version', 'solar_capture_settings' ) as $option ) {
		delete_option( $option );
	}

	// Short-lived values: the webhook URL check, quote form answers and rate-limit counters.
	delete_transient( 'solar_capture_webhook_check' );
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- no API deletes transients by prefix.
	$wpdb->query(
		$wpdb->prepare(
			"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
			$wpdb->esc_like( '_transient_solar_capture_' ) . '%',
			$wpdb->esc_like( '_transient_timeout_solar_capture_' ) . '%'
		)
	);

	foreach ( wp_roles()->role_objects as $role ) {
		if ( $role->has_cap( 'manage_solar_leads' ) ) {
			$role->remove_cap( 'manage_solar_leads' );
		}
	}
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
