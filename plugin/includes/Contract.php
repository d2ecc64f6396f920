<?php
/**
 * The data files PHP, the sidecar and the screens share: pipeline.json, providers.json and
 * lead-fields.json in the plugin's folder (see docs/internals.md, "Contracts").
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Reads a contract file once per request and translates its labels.
 */
final class Contract {

	/**
	 * Decoded files by name.
	 *
	 * @var array<string,array>
	 */
	private static $files = array();

	/**
	 * Path of a contract file.
	 *
	 * @param string $name File name, e.g. providers.json.
	 * @return string
	 */
	public static function path( string $name ): string {
		return SOLAR_CAPTURE_DIR . $name;
	}

	/**
	 * The decoded file (an empty array when it is missing or broken).
	 *
	 * @param string $name File name, e.g. providers.json.
	 * @return array
	 */
	public static function read( string $name ): array {
		if ( ! isset( self::$files[ $name ] ) ) {
			$file    = self::path( $name );
			$raw     = is_readable( $file ) ? (string) file_get_contents( $file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- local file.
			$decoded = json_decode( $raw, true );

			self::$files[ $name ] = is_array( $decoded ) ? $decoded : array();
		}
		return self::$files[ $name ];
	}

	/**
	 * The decoded file with JSON objects as stdClass, so that `{}` stays an object when encoded
	 * again (a test delivery's body).
	 *
	 * @param string $name File name, e.g. providers.json.
	 * @return object|null
	 */
	public static function read_objects( string $name ) {
		$file    = self::path( $name );
		$decoded = json_decode( is_readable( $file ) ? (string) file_get_contents( $file ) : '' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- local file.
		return is_object( $decoded ) ? $decoded : null;
	}

	/**
	 * Translate a label from a contract file, once translations may load: the early webhook path
	 * runs before `after_setup_theme`, where WordPress 6.7+ warns about loading them too early.
	 * scripts/make-pot.js puts every label of the files into the .pot.
	 *
	 * @param string $label English label.
	 * @return string
	 */
	public static function translate( string $label ): string {
		if ( ! did_action( 'after_setup_theme' ) ) {
			return $label;
		}
		// phpcs:ignore WordPress.WP.I18n.NonSingularStringLiteralText, WordPress.WP.I18n.LowLevelTranslationFunction -- labels come from the contract files.
		return translate( $label, 'solar-capture' );
	}
}
