<?php
/**
 * A lead's fields, read from lead-fields.json (declared once, shared with the sidecar and the UI).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Contract;

defined( 'ABSPATH' ) || exit;

/**
 * Labels, maximum lengths and what each field takes part in: editing, search, the CSV export
 * and the personal data export.
 */
final class Lead_Fields {

	public const FILE = 'lead-fields.json';

	/**
	 * The declarations by key, once per request.
	 *
	 * @var array<string,array>|null
	 */
	private static $all = null;

	/**
	 * Every field, keyed by its column, in the file's (the CSV's) order.
	 *
	 * @return array<string,array{key:string,label:string,type:string,max_length?:int,maximum?:int,editable:bool,search?:string,exported:bool,privacy:bool}>
	 */
	public static function all(): array {
		if ( null === self::$all ) {
			self::$all = array();
			foreach ( (array) ( Contract::read( self::FILE )['fields'] ?? array() ) as $field ) {
				if ( is_array( $field ) && isset( $field['key'] ) && is_string( $field['key'] ) ) {
					self::$all[ $field['key'] ] = $field + array(
						'label'    => $field['key'],
						'type'     => 'text',
						'editable' => false,
						'exported' => false,
						'privacy'  => false,
					);
				}
			}
		}
		return self::$all;
	}

	/**
	 * Keys of the fields for which $flag (editable, exported, privacy) is true.
	 *
	 * @param string $flag Flag.
	 * @return string[]
	 */
	public static function keys_with( string $flag ): array {
		return array_keys(
			array_filter(
				self::all(),
				static function ( array $field ) use ( $flag ): bool {
					return ! empty( $field[ $flag ] );
				}
			)
		);
	}

	/**
	 * A field's maximum length in characters (0: none declared).
	 *
	 * @param string $key Field.
	 * @return int
	 */
	public static function max_length( string $key ): int {
		return (int) ( self::all()[ $key ]['max_length'] ?? 0 );
	}

	/**
	 * A field's type: text, textarea, email, number, boolean, stage, time, integer, derived.
	 *
	 * @param string $key Field.
	 * @return string
	 */
	public static function type( string $key ): string {
		return (string) ( self::all()[ $key ]['type'] ?? 'text' );
	}

	/**
	 * A field's translated label.
	 *
	 * @param string $key Field.
	 * @return string
	 */
	public static function label( string $key ): string {
		return Contract::translate( (string) ( self::all()[ $key ]['label'] ?? $key ) );
	}

	/**
	 * The label in a file a person reads later (CSV, personal data export): times say they are UTC.
	 *
	 * @param string $key Field.
	 * @return string
	 */
	public static function file_label( string $key ): string {
		if ( 'time' !== self::type( $key ) ) {
			return self::label( $key );
		}
		/* translators: %s: a field's name, e.g. "Created". */
		return sprintf( __( '%s (UTC)', 'solar-capture' ), self::label( $key ) );
	}

	/**
	 * Labels of the fields for which $flag is true, for a file (see file_label()).
	 *
	 * @param string $flag exported or privacy.
	 * @return array<string,string>
	 */
	public static function file_labels( string $flag ): array {
		$labels = array();
		foreach ( self::keys_with( $flag ) as $key ) {
			$labels[ $key ] = self::file_label( $key );
		}
		return $labels;
	}

	/**
	 * How a search matches each searched field ('text', 'email', 'phone', 'prefix'), by key.
	 *
	 * @return array<string,string>
	 */
	public static function search_modes(): array {
		$modes = array();
		foreach ( self::all() as $key => $field ) {
			if ( isset( $field['search'] ) && is_string( $field['search'] ) ) {
				$modes[ $key ] = $field['search'];
			}
		}
		return $modes;
	}

	/**
	 * The fields a PATCH changes, with the new values where they differ from the row: a bill is
	 * compared to the cent, homeowner as 1/0/null, everything else as text.
	 *
	 * @param array $row    The stored lead.
	 * @param array $params The request's parameters (only the keys present count).
	 * @return array<string,mixed> Changed columns and their new values.
	 */
	public static function changes( array $row, array $params ): array {
		$changes = array();
		foreach ( self::keys_with( 'editable' ) as $key ) {
			if ( ! array_key_exists( $key, $params ) ) {
				continue;
			}
			$value = $params[ $key ];
			$old   = $row[ $key ] ?? null;
			switch ( self::type( $key ) ) {
				case 'number':
					$value = null === $value || '' === $value ? null : round( (float) $value, 2 );
					$same  = ( null === $value && null === $old ) || ( null !== $value && null !== $old && abs( (float) $old - $value ) < 0.005 );
					break;
				case 'boolean':
					$value = null === $value ? null : ( $value ? 1 : 0 );
					$same  = ( null === $old ? null : (int) $old ) === $value;
					break;
				default:
					$value = (string) $value;
					$same  = (string) $old === $value;
			}
			if ( ! $same ) {
				$changes[ $key ] = $value;
			}
		}
		return $changes;
	}

	/**
	 * The $wpdb format of a column's value.
	 *
	 * @param string $key Column.
	 * @return string
	 */
	public static function format( string $key ): string {
		switch ( self::type( $key ) ) {
			case 'number':
				return '%f';
			case 'boolean':
			case 'integer':
				return '%d';
			default:
				return '%s';
		}
	}

	/**
	 * What the screens need (window.solarCapture.leadFields).
	 *
	 * @return array<int,array{key:string,label:string,type:string,maxLength:int|null,editable:bool}>
	 */
	public static function for_screens(): array {
		$out = array();
		foreach ( self::all() as $key => $field ) {
			$out[] = array(
				'key'       => $key,
				'label'     => self::label( $key ),
				'type'      => (string) $field['type'],
				'maxLength' => isset( $field['max_length'] ) ? (int) $field['max_length'] : null,
				'editable'  => (bool) $field['editable'],
			);
		}
		return $out;
	}
}
