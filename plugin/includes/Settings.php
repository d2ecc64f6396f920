<?php
/**
 * Provider settings (the JSON option the sidecar reads) and the general settings.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Storage of `solar_capture_providers` and `solar_capture_settings`, both JSON strings
 * (not PHP-serialised) because the sidecar reads them with plain SQL.
 */
final class Settings {

	public const PROVIDERS_OPTION = 'solar_capture_providers';
	public const SETTINGS_OPTION  = 'solar_capture_settings';

	/**
	 * How long a rotated-out secret still verifies.
	 */
	public const PREVIOUS_SECRET_TTL = DAY_IN_SECONDS;

	/**
	 * "Accept unsigned deliveries" turns itself off this long after it was turned on.
	 */
	public const UNSIGNED_TTL = DAY_IN_SECONDS;

	/**
	 * Default sidecar address when SOLAR_CAPTURE_SIDECAR_URL is not defined.
	 */
	public const DEFAULT_SIDECAR_URL = 'http://127.0.0.1:8787';

	/**
	 * The stored shape of one provider.
	 *
	 * @param string $id Provider id.
	 * @return array
	 */
	public static function provider_defaults( string $id ): array {
		return array(
			'enabled'                 => true === Providers::get( $id, 'enabled_by_default', false ),
			'secret'                  => '',
			'previous_secret'         => null,
			'previous_secret_expires' => null,
			'accept_unsigned'         => false,
			'accept_unsigned_until'   => null,
			'booking_url'             => '',
		);
	}

	/**
	 * Until when (UTC `Y-m-d H:i:s`) a provider's unsigned deliveries are accepted, or null when they
	 * are not: the switch is on and its 24 hours have not run out. A switch stored on without a
	 * time (before it expired by itself) counts as off, as the sidecar reads it.
	 *
	 * @param array $settings The provider's settings.
	 * @return string|null
	 */
	public static function unsigned_until( array $settings ): ?string {
		$until = is_string( $settings['accept_unsigned_until'] ?? null ) ? $settings['accept_unsigned_until'] : '';
		if ( empty( $settings['accept_unsigned'] ) || '' === $until ) {
			return null;
		}
		$time = strtotime( $until . ' UTC' );
		return false !== $time && $time > time() ? $until : null;
	}

	/**
	 * The changes that turn "Accept unsigned deliveries" on (for 24 hours from now) or off.
	 *
	 * @param bool $on On or off.
	 * @return array
	 */
	public static function unsigned_changes( bool $on ): array {
		return array(
			'accept_unsigned'       => $on,
			'accept_unsigned_until' => $on ? gmdate( 'Y-m-d H:i:s', time() + self::UNSIGNED_TTL ) : null,
		);
	}

	/**
	 * All providers' settings, every known provider present, secrets included (server side only).
	 *
	 * @return array<string,array>
	 */
	public static function get_providers(): array {
		$stored = json_decode( (string) get_option( self::PROVIDERS_OPTION, '' ), true );
		$stored = is_array( $stored ) ? $stored : array();

		$providers = array();
		foreach ( Providers::ids() as $id ) {
			$row = isset( $stored[ $id ] ) && is_array( $stored[ $id ] ) ? $stored[ $id ] : array();
			// Keep keys we do not know about (written by a newer version or by the sidecar's set-up).
			$providers[ $id ] = array_merge( self::provider_defaults( $id ), $row );
		}
		// Providers not known to this version are kept as they are.
		foreach ( $stored as $id => $row ) {
			if ( ! isset( $providers[ $id ] ) && is_array( $row ) ) {
				$providers[ $id ] = $row;
			}
		}
		return $providers;
	}

	/**
	 * One provider's settings, secrets included (server side only).
	 *
	 * @param string $id Provider id.
	 * @return array
	 */
	public static function get_provider( string $id ): array {
		$all = self::get_providers();
		return $all[ $id ] ?? self::provider_defaults( $id );
	}

	/**
	 * Replace all providers' settings.
	 *
	 * @param array<string,array> $providers Settings keyed by provider id.
	 * @return bool
	 */
	public static function update_providers( array $providers ): bool {
		$json = wp_json_encode( $providers, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		if ( false === $json ) {
			return false;
		}
		// Not autoloaded: the webhook route does not read it (the sidecar does, with SQL).
		update_option( self::PROVIDERS_OPTION, $json, false );
		return true;
	}

	/**
	 * Merge $changes into one provider's settings.
	 *
	 * @param string $id      Provider id.
	 * @param array  $changes Keys to change.
	 * @return array The provider's new settings.
	 */
	public static function update_provider( string $id, array $changes ): array {
		$all        = self::get_providers();
		$all[ $id ] = array_merge( $all[ $id ] ?? self::provider_defaults( $id ), $changes );
		self::update_providers( $all );
		return $all[ $id ];
	}

	/**
	 * Create the options with their defaults when missing; never overwrites a value.
	 */
	public static function ensure_defaults(): void {
		$stored = json_decode( (string) get_option( self::PROVIDERS_OPTION, '' ), true );
		if ( ! is_array( $stored ) ) {
			$defaults = array();
			foreach ( Providers::ids() as $id ) {
				$defaults[ $id ] = self::provider_defaults( $id );
			}
			self::update_providers( $defaults );
		}

		$settings = json_decode( (string) get_option( self::SETTINGS_OPTION, '' ), true );
		if ( ! is_array( $settings ) ) {
			self::update_settings( self::settings_defaults() );
		}
	}

	/**
	 * A new webhook secret.
	 *
	 * @return string
	 */
	public static function generate_secret(): string {
		return 'whsec_' . bin2hex( random_bytes( 32 ) );
	}

	/**
	 * Generate a secret for $id. A planned change keeps the old one verifying for 24 hours (while
	 * the new one is pasted into the booking tool); after a leak it stops at once.
	 *
	 * @param string $id            Provider id.
	 * @param bool   $keep_previous Whether the old secret keeps verifying for 24 hours.
	 * @return string The new secret (to show once).
	 */
	public static function rotate_secret( string $id, bool $keep_previous = true ): string {
		$current  = self::get_provider( $id );
		$secret   = self::generate_secret();
		$previous = $keep_previous ? self::previous_secret_changes( $current ) : array(
			'previous_secret'         => null,
			'previous_secret_expires' => null,
		);
		self::update_provider( $id, array_merge( array( 'secret' => $secret ), $previous ) );
		return $secret;
	}

	/**
	 * Keep the current secret verifying for 24 hours after it is replaced. An `env:NAME`
	 * reference is not kept: the variable may be gone once the site owner moves away from it,
	 * and the sidecar refuses to verify with a reference it cannot resolve.
	 *
	 * @param array $current The provider's settings before the change.
	 * @return array Keys to merge into the change.
	 */
	public static function previous_secret_changes( array $current ): array {
		$old = is_string( $current['secret'] ?? null ) ? $current['secret'] : '';
		if ( '' === $old || self::is_env_reference( $old ) ) {
			return array(
				'previous_secret'         => null,
				'previous_secret_expires' => null,
			);
		}
		return array(
			'previous_secret'         => $old,
			'previous_secret_expires' => gmdate( 'Y-m-d H:i:s', time() + self::PREVIOUS_SECRET_TTL ),
		);
	}

	/**
	 * Where the secret comes from: 'env' (an env:NAME reference resolved by the sidecar),
	 * 'option' (stored in the option) or 'none'.
	 *
	 * @param mixed $secret Stored secret.
	 * @return string
	 */
	public static function secret_source( $secret ): string {
		if ( ! is_string( $secret ) || '' === $secret ) {
			return 'none';
		}
		return self::is_env_reference( $secret ) ? 'env' : 'option';
	}

	/**
	 * Whether $secret is an `env:NAME` reference.
	 *
	 * @param mixed $secret Stored secret.
	 * @return bool
	 */
	public static function is_env_reference( $secret ): bool {
		return is_string( $secret ) && (bool) preg_match( '/^env:[A-Za-z_][A-Za-z0-9_]*$/', $secret );
	}

	/**
	 * A hint that tells secrets apart without revealing them: the last 4 characters,
	 * the rest masked. An env reference is shown as it is (it names a variable, not a secret).
	 *
	 * @param mixed $secret Stored secret.
	 * @return string
	 */
	public static function secret_hint( $secret ): string {
		if ( ! is_string( $secret ) || '' === $secret ) {
			return '';
		}
		if ( self::is_env_reference( $secret ) ) {
			return $secret;
		}
		if ( strlen( $secret ) <= 8 ) {
			return str_repeat( '•', 8 );
		}
		return str_repeat( '•', 8 ) . substr( $secret, -4 );
	}

	/**
	 * Base URL of the sidecar, without trailing slash: `http://host:port`, or `unix:/path/to/socket`
	 * where the host runs the sidecar as a Node.js app on a Unix socket (Sidecar::target()).
	 *
	 * @return string
	 */
	public static function sidecar_url(): string {
		$url = defined( 'SOLAR_CAPTURE_SIDECAR_URL' ) && is_string( SOLAR_CAPTURE_SIDECAR_URL ) && '' !== SOLAR_CAPTURE_SIDECAR_URL
			? SOLAR_CAPTURE_SIDECAR_URL
			: self::DEFAULT_SIDECAR_URL;
		/**
		 * Filters the sidecar's base URL (loopback by default).
		 *
		 * @param string $url Base URL, e.g. http://127.0.0.1:8787 or unix:/home/me/solar-capture/sidecar.sock.
		 */
		$url = (string) apply_filters( 'solar_capture_sidecar_url', $url );
		return rtrim( $url, '/' );
	}

	/**
	 * Defaults of the general settings.
	 *
	 * @return array
	 */
	public static function settings_defaults(): array {
		return array(
			'cta_show'                 => 'after_submit',
			'cta_text'                 => '',
			'consent_text'             => '',
			'notification_email'       => '',
			'notify_on_booking'        => true,
			'delete_data_on_uninstall' => false,
		);
	}

	/**
	 * How the booking step shows after the quote form is sent: the booking tool's calendar
	 * embedded in the thank-you ('embed', with the button as its fallback), a button to the booking
	 * page in the thank-you ('after_submit', the first settings' value, kept for what it meant),
	 * only in the visitor's confirmation e-mail, or never.
	 */
	public const CTA_SHOW = array( 'embed', 'after_submit', 'email', 'never' );

	/**
	 * General settings (booking call to action, notification e-mail, uninstall behaviour).
	 *
	 * @return array
	 */
	public static function get_settings(): array {
		$stored   = json_decode( (string) get_option( self::SETTINGS_OPTION, '' ), true );
		$settings = array_merge( self::settings_defaults(), is_array( $stored ) ? $stored : array() );
		// 'always' (shown beside the form) was offered by the first settings page.
		if ( ! in_array( $settings['cta_show'], self::CTA_SHOW, true ) ) {
			$settings['cta_show'] = 'after_submit';
		}
		$settings['cta_text']                 = is_string( $settings['cta_text'] ) ? $settings['cta_text'] : '';
		$settings['consent_text']             = is_string( $settings['consent_text'] ) ? $settings['consent_text'] : '';
		$settings['notification_email']       = is_string( $settings['notification_email'] ) ? $settings['notification_email'] : '';
		$settings['notify_on_booking']        = (bool) $settings['notify_on_booking'];
		$settings['delete_data_on_uninstall'] = (bool) $settings['delete_data_on_uninstall'];
		return $settings;
	}

	/**
	 * The call to action's text when none is set.
	 *
	 * @return string
	 */
	public static function default_cta_text(): string {
		return __( 'Book your free survey call', 'solar-capture' );
	}

	/**
	 * The call to action's text: the configured one, else the default.
	 *
	 * @return string
	 */
	public static function cta_text(): string {
		$text = trim( (string) self::get_settings()['cta_text'] );
		return '' !== $text ? $text : self::default_cta_text();
	}

	/**
	 * The quote form's consent checkbox text when none is set.
	 *
	 * @return string
	 */
	public static function default_consent_text(): string {
		return sprintf(
			/* translators: %s: site name. */
			__( 'I agree that %s stores the details I give here to prepare my quote and to contact me about it.', 'solar-capture' ),
			wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES )
		);
	}

	/**
	 * The consent checkbox text: the configured one, else the default.
	 *
	 * @return string
	 */
	public static function consent_text(): string {
		$text = trim( (string) self::get_settings()['consent_text'] );
		return '' !== $text ? $text : self::default_consent_text();
	}

	/**
	 * Store the general settings.
	 *
	 * @param array $settings Settings to store (merged over the current ones).
	 * @return array The stored settings.
	 */
	public static function update_settings( array $settings ): array {
		$current = json_decode( (string) get_option( self::SETTINGS_OPTION, '' ), true );
		$merged  = array_merge( self::settings_defaults(), is_array( $current ) ? $current : array(), $settings );
		update_option( self::SETTINGS_OPTION, (string) wp_json_encode( $merged, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ), false );
		return $merged;
	}

	/**
	 * The address notifications go to: the configured one, else the site's admin e-mail.
	 *
	 * @return string
	 */
	public static function notification_email(): string {
		$email = sanitize_email( (string) self::get_settings()['notification_email'] );
		return '' !== $email ? $email : (string) get_option( 'admin_email' );
	}
}
