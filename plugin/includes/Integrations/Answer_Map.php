<?php
/**
 * A provider's answer map: which booking question fills which lead field.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Integrations;

use SolarCapture\Contract;
use SolarCapture\Leads\Lead_Fields;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Stored as `answer_map` in each provider's entry of the `solar_capture_providers` option
 * (a JSON object: question → lead field, or '' for "not used"), which the sidecar reads
 * (sidecar/src/settings.ts, sidecar/src/answers.ts). The fields an answer may fill and the
 * defaults by label are declared in lead-fields.json (`answer_map`).
 */
final class Answer_Map {

	/**
	 * Most questions one provider's map may name.
	 */
	public const MAX_ROWS = 50;

	/**
	 * Longest question, in characters (an answer's label is kept up to this length).
	 */
	public const MAX_QUESTION = 255;

	/**
	 * The lead fields an answer may fill, in the order the cards offer them.
	 *
	 * @return string[]
	 */
	public static function fields(): array {
		$declared = (array) ( Contract::read( Lead_Fields::FILE )['answer_map']['fields'] ?? array() );
		return array_values( array_intersect( array_filter( $declared, 'is_string' ), array_keys( Lead_Fields::all() ) ) );
	}

	/**
	 * The stored map as the card shows it: a JSON object (`{}` when empty), only text entries
	 * naming a field of fields() or ''.
	 *
	 * @param mixed $stored The provider's `answer_map`.
	 * @return object
	 */
	public static function present( $stored ): object {
		$map    = array();
		$fields = self::fields();
		// An array as read from the option, or sanitize()'s object in the request that saved it.
		$stored = is_object( $stored ) ? get_object_vars( $stored ) : $stored;
		foreach ( is_array( $stored ) ? $stored : array() as $question => $field ) {
			if ( is_string( $field ) && ( '' === $field || in_array( $field, $fields, true ) ) ) {
				$map[ (string) $question ] = $field;
			}
		}
		return (object) $map;
	}

	/**
	 * The map as stored: questions trimmed and single-spaced, blank ones dropped; one row per
	 * question (case-insensitive, as the sidecar matches them).
	 *
	 * @param mixed $raw The request's `answer_map` (validated against arg()).
	 * @return object|WP_Error A JSON object to store, or a 400 saying what to fix.
	 */
	public static function sanitize( $raw ) {
		if ( ! is_array( $raw ) ) {
			return self::invalid( __( 'The answer map must be an object of question → lead field.', 'solar-capture' ) );
		}
		if ( count( $raw ) > self::MAX_ROWS ) {
			/* translators: %d: most rows. */
			return self::invalid( sprintf( __( 'Map at most %d questions.', 'solar-capture' ), self::MAX_ROWS ) );
		}
		$fields = self::fields();
		$map    = array();
		$seen   = array();
		foreach ( $raw as $question => $field ) {
			$question = trim( (string) preg_replace( '/\s+/u', ' ', sanitize_text_field( (string) $question ) ) );
			if ( '' === $question ) {
				continue;
			}
			if ( mb_strlen( $question ) > self::MAX_QUESTION ) {
				/* translators: %d: most characters. */
				return self::invalid( sprintf( __( 'A question may be at most %d characters long.', 'solar-capture' ), self::MAX_QUESTION ) );
			}
			if ( ! is_string( $field ) || ( '' !== $field && ! in_array( $field, $fields, true ) ) ) {
				return self::invalid( __( 'Choose one of the lead fields offered for each question.', 'solar-capture' ) );
			}
			$key = mb_strtolower( $question );
			if ( isset( $seen[ $key ] ) ) {
				/* translators: %s: a booking question. */
				return self::invalid( sprintf( __( 'The question “%s” is listed twice.', 'solar-capture' ), $question ) );
			}
			$seen[ $key ]     = true;
			$map[ $question ] = $field;
		}
		return (object) $map;
	}

	/**
	 * The `answer_map` parameter of POST /integrations/<provider>.
	 *
	 * @return array
	 */
	public static function arg(): array {
		return array(
			'description'          => __( 'Booking question (its label or key, case-insensitive) → the lead field its answer fills when blank, or "" to not use it. Replaces the whole map; {} goes back to the defaults.', 'solar-capture' ),
			'type'                 => 'object',
			'maxProperties'        => self::MAX_ROWS,
			'additionalProperties' => array(
				'type' => 'string',
				'enum' => array_merge( array( '' ), self::fields() ),
			),
		);
	}

	/**
	 * The card's `answer_map` property (JSON schema).
	 *
	 * @return array
	 */
	public static function property(): array {
		return array(
			'description'          => __( 'Booking question → lead field its answer fills when blank ("" = not used). Questions not listed are matched by label (lead-fields.json answer_map.defaults).', 'solar-capture' ),
			'type'                 => 'object',
			'additionalProperties' => array( 'type' => 'string' ),
		);
	}

	/**
	 * A 400 error.
	 *
	 * @param string $message What to fix.
	 * @return WP_Error
	 */
	private static function invalid( string $message ): WP_Error {
		return new WP_Error( 'rest_invalid_param', $message, array( 'status' => 400 ) );
	}
}
