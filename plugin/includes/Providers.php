<?php
/**
 * The booking tools, read from providers.json (declared once, shared with the sidecar and the UI).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Provider ids, labels, credentials, the headers stored with a delivery, the body limit, the
 * lead-token parameter and the test delivery. No provider id is listed in PHP.
 */
final class Providers {

	public const FILE = 'providers.json';

	/**
	 * The declarations by id, once per request.
	 *
	 * @var array<string,array>|null
	 */
	private static $all = null;

	/**
	 * The providers as declared, keyed by id, in display order.
	 *
	 * @return array<string,array>
	 */
	public static function all(): array {
		if ( null !== self::$all ) {
			return self::$all;
		}
		$out = array();
		foreach ( (array) ( Contract::read( self::FILE )['providers'] ?? array() ) as $provider ) {
			if ( is_array( $provider ) && isset( $provider['id'] ) && is_string( $provider['id'] ) && '' !== $provider['id'] ) {
				$out[ $provider['id'] ] = $provider;
			}
		}
		self::$all = $out;
		return $out;
	}

	/**
	 * Known provider ids, in display order. The webhook route refuses any other.
	 *
	 * @return string[]
	 */
	public static function ids(): array {
		return array_keys( self::all() );
	}

	/**
	 * Whether $id is a known provider.
	 *
	 * @param mixed $id Candidate id.
	 * @return bool
	 */
	public static function is_provider( $id ): bool {
		return is_string( $id ) && isset( self::all()[ $id ] );
	}

	/**
	 * The provider a delivery without ?provider= comes from.
	 *
	 * @return string
	 */
	public static function default_id(): string {
		$id = Contract::read( self::FILE )['default'] ?? '';
		return is_string( $id ) && self::is_provider( $id ) ? $id : (string) ( self::ids()[0] ?? '' );
	}

	/**
	 * One field of a provider's declaration.
	 *
	 * @param string $id      Provider id.
	 * @param string $key     Field.
	 * @param mixed  $fallback Value for an unknown provider or a missing field.
	 * @return mixed
	 */
	public static function get( string $id, string $key, $fallback = null ) {
		return self::all()[ $id ][ $key ] ?? $fallback;
	}

	/**
	 * Translated labels of the providers, by id.
	 *
	 * @return array<string,string>
	 */
	public static function labels(): array {
		$labels = array();
		foreach ( self::all() as $id => $provider ) {
			$labels[ $id ] = Contract::translate( is_string( $provider['label'] ?? null ) ? $provider['label'] : $id );
		}
		return $labels;
	}

	/**
	 * Stored headers that carry a shared secret as it is (providers.json `secret_headers`, plus
	 * `query:<query_token>`): they rest in the database only as fingerprints (Webhook_Handler).
	 *
	 * @return string[] Lower-cased names.
	 */
	public static function secret_headers(): array {
		$names   = array_map( 'strtolower', array_filter( (array) ( Contract::read( self::FILE )['secret_headers'] ?? array() ), 'is_string' ) );
		$names[] = 'query:' . self::query_token();
		return array_values( array_unique( $names ) );
	}

	/**
	 * Whether an `env:NAME` secret may name the variable $name: SOLAR_CAPTURE_… or a name ending in
	 * _WEBHOOK_SECRET, _SIGNING_KEY or _TOKEN (providers.json `secret_env_names`), never the
	 * server's other variables such as DB_PASSWORD.
	 *
	 * @param string $name Variable name, without `env:`.
	 * @return bool
	 */
	public static function secret_env_allowed( string $name ): bool {
		$pattern = Contract::read( self::FILE )['secret_env_names'] ?? '';
		if ( ! is_string( $pattern ) || '' === $pattern ) {
			$pattern = '^(SOLAR_CAPTURE_[A-Z0-9_]+|[A-Z][A-Z0-9_]*_(WEBHOOK_SECRET|SIGNING_KEY|TOKEN))$';
		}
		return 1 === preg_match( '/' . str_replace( '/', '\\/', $pattern ) . '/', $name );
	}

	/**
	 * Why an `env:NAME` secret with $name is refused (for the owner; the same text in PHP and the sidecar's log).
	 *
	 * @param string $name Variable name.
	 * @return string
	 */
	public static function secret_env_refusal( string $name ): string {
		return sprintf(
			/* translators: %s: environment variable name. */
			__( '%s cannot hold a webhook secret here: use a name that starts with SOLAR_CAPTURE_ or ends in _WEBHOOK_SECRET, _SIGNING_KEY or _TOKEN, for example CALCOM_WEBHOOK_SECRET. This keeps the server\'s other settings, such as database passwords, out of reach.', 'solar-capture' ),
			$name
		);
	}

	/**
	 * Largest delivery body accepted, in bytes.
	 *
	 * @return int
	 */
	public static function max_body_bytes(): int {
		$max = Contract::read( self::FILE )['max_body_bytes'] ?? 0;
		return is_int( $max ) && $max > 0 ? $max : 1048576;
	}

	/**
	 * Headers stored with a delivery (lower-cased): every provider's signature-bearing headers,
	 * then the common ones (the user agent, for the delivery log).
	 *
	 * @return string[]
	 */
	public static function stored_headers(): array {
		$names = array();
		foreach ( self::all() as $provider ) {
			$names = array_merge( $names, (array) ( $provider['signature_headers'] ?? array() ) );
		}
		$names = array_merge( $names, (array) ( Contract::read( self::FILE )['headers'] ?? array() ) );
		return array_values( array_unique( array_map( 'strtolower', array_filter( $names, 'is_string' ) ) ) );
	}

	/**
	 * The query parameter a secret may travel in (stored as `query:<name>`).
	 *
	 * @return string
	 */
	public static function query_token(): string {
		$name = Contract::read( self::FILE )['query_token'] ?? '';
		return is_string( $name ) && '' !== $name ? $name : 'token';
	}

	/**
	 * The booking URL parameter a provider passes our lead token back in.
	 *
	 * @param string $id Provider id.
	 * @return string
	 */
	public static function lead_token_parameter( string $id ): string {
		$name = self::get( $id, 'lead_token', '' );
		return is_string( $name ) && '' !== $name ? $name : 'sc_lead';
	}

	/**
	 * The webhook URL a provider is given: the public route, with ?provider= for all but the default.
	 *
	 * @param string $id Provider id.
	 * @return string
	 */
	public static function webhook_url( string $id ): string {
		$url = rest_url( 'solar-capture/v1/calcom-webhook' );
		return self::default_id() === $id ? $url : add_query_arg( 'provider', $id, $url );
	}

	/**
	 * What the screens need (window.solarCapture.providers): id, label, short label, credential.
	 *
	 * @return array<int,array{id:string,label:string,shortLabel:string,credential:string}>
	 */
	public static function for_screens(): array {
		$out = array();
		foreach ( self::all() as $id => $provider ) {
			$label = Contract::translate( (string) ( $provider['label'] ?? $id ) );
			$out[] = array(
				'id'         => $id,
				'label'      => $label,
				'shortLabel' => isset( $provider['short_label'] ) && is_string( $provider['short_label'] ) ? Contract::translate( $provider['short_label'] ) : $label,
				'credential' => (string) ( $provider['credential'] ?? '' ),
			);
		}
		return $out;
	}
}
