<?php
/**
 * Installs a Solar Capture site without a browser, and is safe to run again:
 * installs WordPress when needed, keeps the admin password in step with the set-up,
 * activates the plugin, turns on pretty permalinks and stores the provider secrets given.
 *
 * Input (environment): SOLAR_CAPTURE_SITE_CONFIG, SC_ADMIN_USER, SC_ADMIN_PASSWORD, SC_ADMIN_EMAIL,
 * SC_SECRETS (JSON: {"calcom":"…","calendly":"…"}).  Output: one line of JSON.
 */
define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST']   = parse_url( getenv( 'SC_SITE_URL' ) ?: 'http://127.0.0.1', PHP_URL_HOST );
$_SERVER['REQUEST_URI'] = '/';
require dirname( __DIR__, 2 ) . '/.wp/core/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$user     = getenv( 'SC_ADMIN_USER' ) ?: 'admin';
$password = getenv( 'SC_ADMIN_PASSWORD' );
$email    = getenv( 'SC_ADMIN_EMAIL' ) ?: 'admin@example.com';
$result   = array( 'installed' => false );

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
	} elseif ( ! wp_check_password( $password, $existing->user_pass, $existing->ID ) ) {
		wp_set_password( $password, $existing->ID );
	}
}

update_option( 'permalink_structure', '/%postname%/' );
update_option( 'blog_public', '0' );
update_option( 'show_avatars', '0' ); // Offline: avatars would be fetched from gravatar.com.

$activated = activate_plugin( 'solar-capture/solar-capture.php' );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, 'The Solar Capture plugin could not be activated: ' . $activated->get_error_message() . "\n" );
	exit( 1 );
}
flush_rewrite_rules( false );

$secrets = json_decode( getenv( 'SC_SECRETS' ) ?: '{}', true ) ?: array();
if ( $secrets ) {
	$providers = json_decode( (string) get_option( 'solar_capture_providers', '{}' ), true ) ?: array();
	foreach ( $secrets as $provider => $secret ) {
		$current = $providers[ $provider ] ?? array();
		if ( ( $current['secret'] ?? '' ) !== $secret ) {
			$current['secret']                  = $secret;
			$current['previous_secret']         = null;
			$current['previous_secret_expires'] = null;
		}
		$current['enabled']        = true;
		$providers[ $provider ]    = $current + array( 'accept_unsigned' => false, 'booking_url' => '' );
	}
	update_option( 'solar_capture_providers', wp_json_encode( $providers ) );
}

$result['wordpress'] = get_bloginfo( 'version' );
$result['plugin']    = is_plugin_active( 'solar-capture/solar-capture.php' );
echo wp_json_encode( $result ), "\n";
