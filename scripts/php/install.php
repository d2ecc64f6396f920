<?php
/**
 * Installs a Solar Capture site without a browser, and is safe to run again:
 * installs WordPress when needed, keeps the admin password in step with the set-up,
 * activates the plugin, turns on pretty permalinks and stores the provider secrets given.
 *
 * Input (environment): SOLAR_CAPTURE_SITE_CONFIG, SOLAR_CAPTURE_CORE, SC_SITE_URL, SC_ADMIN_USER,
 * SC_ADMIN_PASSWORD, SC_ADMIN_EMAIL, SC_SECRETS (JSON: {"calcom":"…","calendly":"…"}),
 * SC_HTACCESS (a path: write WordPress's rewrite rules there, for Apache),
 * SC_MULTISITE (1: a subdirectory network; SC_SITES lists the other sites as JSON
 * [{"path":"/site2/","title":"…","secrets":{…}}]), SC_NETWORK_STEP=populate (create the network's
 * tables; wp-config.php then gets the multisite constants and this runs again).
 * Output: one line of JSON.
 */
define( 'WP_INSTALLING', true );
$solar_capture_url      = parse_url( getenv( 'SC_SITE_URL' ) ?: 'http://127.0.0.1' );
$solar_capture_host     = $solar_capture_url['host'] . ( isset( $solar_capture_url['port'] ) ? ':' . $solar_capture_url['port'] : '' );
$_SERVER['HTTP_HOST']   = $solar_capture_host;
$_SERVER['REQUEST_URI'] = '/';
require ( getenv( 'SOLAR_CAPTURE_CORE' ) ?: dirname( __DIR__, 2 ) . '/.wp/core' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

const SOLAR_CAPTURE_PLUGIN = 'solar-capture/solar-capture.php';

$user     = getenv( 'SC_ADMIN_USER' ) ?: 'admin';
$password = getenv( 'SC_ADMIN_PASSWORD' );
$email    = getenv( 'SC_ADMIN_EMAIL' ) ?: 'admin@example.com';
$result   = array( 'installed' => false );

if ( 'populate' === getenv( 'SC_NETWORK_STEP' ) ) {
	// What Tools → Network Setup does: the network's tables, then the network and its main site.
	if ( ! is_multisite() && ! $GLOBALS['wpdb']->get_var( "SHOW TABLES LIKE '{$GLOBALS['wpdb']->base_prefix}site'" ) ) {
		define( 'WP_INSTALLING_NETWORK', true );
		// As wp-admin/network.php does: the network's table names are not set on a single site yet.
		foreach ( $GLOBALS['wpdb']->tables( 'ms_global' ) as $table => $prefixed_table ) {
			$GLOBALS['wpdb']->$table = $prefixed_table;
		}
		install_network();
		$populated = populate_network( 1, $solar_capture_host, $email, 'Solar Capture network', '/', false );
		if ( is_wp_error( $populated ) && 'no_wildcard_dns' !== $populated->get_error_code() ) {
			fwrite( STDERR, 'The network could not be created: ' . $populated->get_error_message() . "\n" );
			exit( 1 );
		}
	}
	echo wp_json_encode( array( 'network' => true ) ), "\n";
	exit( 0 );
}

if ( ! is_blog_installed() ) {
	$installed = wp_install( 'Solar Capture', $user, $email, true, '', wp_slash( $password ) );
	if ( empty( $installed['user_id'] ) ) {
		fwrite( STDERR, "WordPress could not be installed.\n" );
		exit( 1 );
	}
	$result['installed'] = true;
} else {
	$existing = get_user_by( 'login', $user );
	if ( ! $existing ) {
		$id = wp_create_user( $user, $password, $email );
		if ( is_wp_error( $id ) ) {
			fwrite( STDERR, $id->get_error_message() . "\n" );
			exit( 1 );
		}
		( new WP_User( $id ) )->set_role( 'administrator' );
		$existing = get_user_by( 'id', $id );
	} elseif ( ! wp_check_password( $password, $existing->user_pass, $existing->ID ) ) {
		wp_set_password( $password, $existing->ID );
	}
	if ( is_multisite() && ! is_super_admin( $existing->ID ) ) {
		grant_super_admin( $existing->ID );
	}
}

/**
 * Permalinks, offline-friendly options and the provider secrets of the current site.
 *
 * @param array $secrets Provider → secret.
 */
function solar_capture_configure_site( array $secrets ) {
	global $wp_rewrite;
	$wp_rewrite->set_permalink_structure( '/%postname%/' );
	update_option( 'blog_public', '0' );
	update_option( 'show_avatars', '0' ); // Offline: avatars would be fetched from gravatar.com.
	flush_rewrite_rules( false );
	if ( $secrets ) {
		$providers = json_decode( (string) get_option( 'solar_capture_providers', '{}' ), true ) ?: array();
		foreach ( $secrets as $provider => $secret ) {
			$current = $providers[ $provider ] ?? array();
			if ( ( $current['secret'] ?? '' ) !== $secret ) {
				$current['secret']                  = $secret;
				$current['previous_secret']         = null;
				$current['previous_secret_expires'] = null;
			}
			$current['enabled']     = true;
			$providers[ $provider ] = $current + array( 'accept_unsigned' => false, 'booking_url' => '' );
		}
		update_option( 'solar_capture_providers', wp_json_encode( $providers ) );
	}
}

$secrets = json_decode( getenv( 'SC_SECRETS' ) ?: '{}', true ) ?: array();
if ( is_multisite() ) {
	$result['sites'] = array( array( 'blog_id' => 1, 'path' => '/' ) );
	$sites           = json_decode( getenv( 'SC_SITES' ) ?: '[]', true ) ?: array();
	$admin           = get_user_by( 'login', $user );
	foreach ( $sites as $wanted ) {
		$found = get_site_by_path( $solar_capture_host, $wanted['path'] );
		$id    = $found && $found->path === $wanted['path'] ? (int) $found->blog_id : wp_insert_site(
			array(
				'domain'  => $solar_capture_host,
				'path'    => $wanted['path'],
				'title'   => $wanted['title'] ?? trim( $wanted['path'], '/' ),
				'user_id' => $admin->ID,
			)
		);
		if ( is_wp_error( $id ) ) {
			fwrite( STDERR, 'Site ' . $wanted['path'] . ' could not be created: ' . $id->get_error_message() . "\n" );
			exit( 1 );
		}
		$result['sites'][] = array( 'blog_id' => (int) $id, 'path' => $wanted['path'] );
	}
	$activated = is_plugin_active_for_network( SOLAR_CAPTURE_PLUGIN ) ? null : activate_plugin( SOLAR_CAPTURE_PLUGIN, '', true );
	// Activated on the main site while it was a single site: network-active now, as on a network it should be only.
	update_option( 'active_plugins', array_values( array_diff( (array) get_option( 'active_plugins', array() ), array( SOLAR_CAPTURE_PLUGIN ) ) ) );
	foreach ( $result['sites'] as $index => $site ) {
		switch_to_blog( $site['blog_id'] );
		// A site made after the network activation was set up by the plugin's wp_initialize_site hook.
		solar_capture_configure_site( 0 === $index ? $secrets : ( $sites[ $index - 1 ]['secrets'] ?? array() ) );
		restore_current_blog();
	}
	$result['plugin'] = is_plugin_active_for_network( SOLAR_CAPTURE_PLUGIN );
} else {
	$activated = activate_plugin( SOLAR_CAPTURE_PLUGIN );
	solar_capture_configure_site( $secrets );
	$result['plugin'] = is_plugin_active( SOLAR_CAPTURE_PLUGIN );
}
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, 'The Solar Capture plugin could not be activated: ' . $activated->get_error_message() . "\n" );
	exit( 1 );
}

$htaccess = getenv( 'SC_HTACCESS' );
if ( $htaccess ) {
	// The rules WordPress writes on Settings → Permalinks when it may write .htaccess itself.
	require_once ABSPATH . 'wp-admin/includes/misc.php';
	insert_with_markers( $htaccess, 'WordPress', explode( "\n", $GLOBALS['wp_rewrite']->mod_rewrite_rules() ) );
}

$result['wordpress'] = get_bloginfo( 'version' );
echo wp_json_encode( $result ), "\n";
