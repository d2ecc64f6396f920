<?php
/**
 * Activation and per-site set-up (tables, internal token, provider settings, capability).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Everything a site needs before the plugin can work. Idempotent: safe to run again.
 */
final class Activator {

	/**
	 * The capability guarding every admin screen and admin REST route.
	 */
	public const CAPABILITY = 'manage_solar_leads';

	/**
	 * Option holding the bearer token PHP sends to the sidecar (64 hex characters).
	 */
	public const TOKEN_OPTION = 'solar_capture_internal_token';

	/**
	 * Activation hook.
	 *
	 * @param bool $network_wide Whether the plugin is being network-activated.
	 */
	public static function activate( $network_wide = false ): void {
		if ( is_multisite() && $network_wide ) {
			foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $site_id ) {
				switch_to_blog( (int) $site_id );
				self::setup_site();
				restore_current_blog();
			}
			return;
		}
		self::setup_site();
	}

	/**
	 * A site created after network activation gets its own tables.
	 *
	 * @param \WP_Site $site The new site.
	 */
	public static function on_new_site( $site ): void {
		if ( ! function_exists( 'is_plugin_active_for_network' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		if ( ! is_plugin_active_for_network( plugin_basename( SOLAR_CAPTURE_FILE ) ) ) {
			return;
		}
		switch_to_blog( (int) $site->blog_id );
		self::setup_site();
		restore_current_blog();
	}

	/**
	 * Set up the current site: tables, token, provider settings, general settings, capability.
	 */
	public static function setup_site(): void {
		Schema::install();
		self::ensure_token();
		Settings::ensure_defaults();
		self::add_capability();
	}

	/**
	 * The internal bearer token, made once.
	 *
	 * @return string
	 */
	public static function ensure_token(): string {
		$token = (string) get_option( self::TOKEN_OPTION, '' );
		if ( ! preg_match( '/^[0-9a-f]{64}$/', $token ) ) {
			$token = bin2hex( random_bytes( 32 ) );
			// Autoloaded: the webhook route reads it on every delivery.
			update_option( self::TOKEN_OPTION, $token, true );
		}
		return $token;
	}

	/**
	 * Give administrators the plugin's capability.
	 */
	public static function add_capability(): void {
		$role = get_role( 'administrator' );
		if ( $role && ! $role->has_cap( self::CAPABILITY ) ) {
			$role->add_cap( self::CAPABILITY );
		}
	}

	/**
	 * Remove the capability from every role (uninstall only).
	 */
	public static function remove_capability(): void {
		$roles = wp_roles();
		foreach ( array_keys( $roles->roles ) as $role_name ) {
			$role = $roles->get_role( $role_name );
			if ( $role && $role->has_cap( self::CAPABILITY ) ) {
				$role->remove_cap( self::CAPABILITY );
			}
		}
	}
}
