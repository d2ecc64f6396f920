<?php
/**
 * Value formatting shared by the REST controllers.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

defined( 'ABSPATH' ) || exit;

/**
 * Database values to JSON values.
 */
final class Format {

	/**
	 * A stored UTC `Y-m-d H:i:s` time as ISO 8601 with `Z` (unambiguous for JavaScript's Date), or null.
	 *
	 * @param mixed $value Stored value.
	 * @return string|null
	 */
	public static function datetime( $value ): ?string {
		if ( ! is_string( $value ) || '' === $value || 0 === strpos( $value, '0000-00-00' ) ) {
			return null;
		}
		$time = strtotime( $value . ( preg_match( '/(Z|[+-]\d\d:?\d\d)$/', $value ) ? '' : ' UTC' ) );
		return false === $time ? null : gmdate( 'Y-m-d\TH:i:s\Z', $time );
	}

	/**
	 * An ISO 8601 time (any offset) as the stored UTC `Y-m-d H:i:s`, or null when unreadable.
	 *
	 * @param mixed $value ISO 8601 text.
	 * @return string|null
	 */
	public static function to_db_datetime( $value ): ?string {
		if ( ! is_string( $value ) || '' === $value ) {
			return null;
		}
		$time = strtotime( $value );
		return false === $time ? null : gmdate( 'Y-m-d H:i:s', $time );
	}

	/**
	 * A positive integer or null.
	 *
	 * @param mixed $value Value.
	 * @return int|null
	 */
	public static function id_or_null( $value ): ?int {
		return is_numeric( $value ) && (int) $value > 0 ? (int) $value : null;
	}

	/**
	 * Decode stored JSON; objects stay objects (an empty `{}` too), invalid or empty gives $fallback.
	 *
	 * @param mixed $json     Stored JSON text.
	 * @param mixed $fallback Value when there is nothing to decode.
	 * @return mixed
	 */
	public static function json( $json, $fallback = null ) {
		if ( ! is_string( $json ) || '' === $json ) {
			return $fallback;
		}
		$decoded = json_decode( $json );
		return null === $decoded ? $fallback : $decoded;
	}

	/**
	 * A string, '' for null.
	 *
	 * @param mixed $value Value.
	 * @return string
	 */
	public static function str( $value ): string {
		return null === $value ? '' : (string) $value;
	}
}
