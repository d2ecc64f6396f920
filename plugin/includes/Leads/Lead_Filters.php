<?php
/**
 * The Leads list's filters as SQL clauses (GET /leads and GET /leads/export).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Rest\Format;
use SolarCapture\Schema;
use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Turns search, stage, source, after, before, upcoming, awaiting_payment, utm_source and
 * utm_campaign into WHERE clauses with placeholders, for Lead_Query. Columns are whitelisted
 * here; every value is a placeholder. A clause names the leads table's columns unqualified
 * (Lead_Query evaluates them where no other table has those names).
 */
final class Lead_Filters {

	/**
	 * Attribution filters: parameter => the lead's first-touch and latest-touch columns.
	 */
	public const ATTRIBUTION = array(
		'utm_source'   => array( 'first_utm_source', 'last_utm_source' ),
		'utm_campaign' => array( 'first_utm_campaign', 'last_utm_campaign' ),
	);

	/**
	 * Booking statuses that mean the booker finished booking (a later one ends "awaiting payment").
	 */
	public const BOOKED_STATUSES = array( 'accepted', 'pending', 'completed', 'no_show', 'rescheduled', 'reschedule_requested' );

	/**
	 * The clauses for a request's filters.
	 *
	 * `where`/`args` hold every clause (the search as one OR of the fields search_fields()
	 * names); `filter_where`/`filter_args` the clauses without the search, and `search` those
	 * fields, for Lead_Query's search field by field; `parts` the clauses by filter and `values`
	 * the stage and source values, for its merged pages.
	 *
	 * @param array|\ArrayAccess $params Request parameters (a WP_REST_Request will do).
	 * @return array{where:string[], args:array, filter_where:string[], filter_args:array, search:array, parts:array, values:array}
	 */
	public static function from( $params ): array {
		$parts  = array();
		$values = array();

		foreach ( array( 'stage', 'source' ) as $column ) {
			$values[ $column ] = self::list_values( $params[ $column ] ?? array() );
			if ( $values[ $column ] ) {
				$parts[ $column ] = array( self::in_clause( $column, count( $values[ $column ] ) ), $values[ $column ] );
			}
		}

		$after = self::filter_time( $params['after'] ?? null, false );
		if ( null !== $after ) {
			$parts['after'] = array( 'created_at >= %s', array( $after ) );
		}
		$before = self::filter_time( $params['before'] ?? null, true );
		if ( null !== $before ) {
			$parts['before'] = array( 'created_at < %s', array( $before ) );
		}

		// First or latest touch: a lead whose either touch has one of the values.
		foreach ( self::ATTRIBUTION as $param => $columns ) {
			$values[ $param ] = self::list_values( $params[ $param ] ?? array() );
			if ( $values[ $param ] ) {
				$parts[ $param ] = array(
					'(' . self::in_clause( $columns[0], count( $values[ $param ] ) ) . ' OR ' . self::in_clause( $columns[1], count( $values[ $param ] ) ) . ')',
					array_merge( $values[ $param ], $values[ $param ] ),
				);
			}
		}

		$awaiting = $params['awaiting_payment'] ?? null;
		if ( null !== $awaiting && '' !== $awaiting ) {
			$parts['awaiting_payment'] = array( self::awaiting_payment_clause( rest_sanitize_boolean( $awaiting ) ), self::BOOKED_STATUSES );
		}

		// next_booking_at is kept by the sidecar: the start of the lead's next booking, or NULL.
		$upcoming = $params['upcoming'] ?? null;
		if ( null !== $upcoming && '' !== $upcoming ) {
			$now               = array( gmdate( 'Y-m-d H:i:s' ) );
			$parts['upcoming'] = rest_sanitize_boolean( $upcoming )
				? array( '(next_booking_at IS NOT NULL AND next_booking_at > %s)', $now )
				: array( '(next_booking_at IS NULL OR next_booking_at <= %s)', $now );
		}

		$where = array_column( $parts, 0 );
		$args  = $parts ? array_merge( ...array_column( $parts, 1 ) ) : array();

		$search = trim( (string) ( $params['search'] ?? '' ) );
		$fields = '' === $search ? array() : self::search_fields( $search );

		$all_where = $where;
		$all_args  = $args;
		if ( $fields ) {
			$likes       = array_map(
				static function ( array $field ): string {
					return $field['column'] . ' LIKE %s';
				},
				$fields
			);
			$all_where[] = '(' . implode( ' OR ', $likes ) . ')';
			$all_args    = array_merge( $all_args, array_column( $fields, 'pattern' ) );
		}

		return array(
			'where'        => $all_where,
			'args'         => $all_args,
			'filter_where' => $where,
			'filter_args'  => $args,
			'search'       => $fields,
			'parts'        => $parts,
			'values'       => $values,
		);
	}

	/**
	 * Which fields a search term is matched against, and how (each field's `search` mode in
	 * lead-fields.json):
	 *
	 * - text (names): anywhere, except for a term that looks like a phone number (only digits,
	 *   spaces and + ( ) - . /, with at least two digits): names hold no digits.
	 * - email: from the start ("jamie" finds jamie.rivera@…); anywhere when the term contains @
	 *   (then the only field searched), or a dot and no space ("orchard.example").
	 * - phone: anywhere, only for a term that looks like a phone number ("496 0777"); searched first.
	 * - prefix (postcodes): from the start ("EH99" finds "EH99 1SP").
	 *
	 * @param string $term Trimmed, non-empty search term.
	 * @return array<int, array{column:string, pattern:string}>
	 */
	public static function search_fields( string $term ): array {
		global $wpdb;
		$escaped  = $wpdb->esc_like( $term );
		$anywhere = '%' . $escaped . '%';
		$start    = $escaped . '%';
		$has_at   = str_contains( $term, '@' );
		$phone    = ! $has_at && preg_match( '/^[0-9+()\-.\/\s]+$/', $term ) && preg_match_all( '/[0-9]/', $term ) >= 2;
		$domain   = str_contains( $term, '.' ) && ! preg_match( '/\s/', $term );

		$fields = array();
		foreach ( Lead_Fields::search_modes() as $column => $mode ) {
			$pattern = null;
			if ( 'email' === $mode ) {
				$pattern = $has_at || ( $domain && ! $phone ) ? $anywhere : $start;
			} elseif ( $has_at ) {
				continue;
			} elseif ( 'text' === $mode && ! $phone ) {
				$pattern = $anywhere;
			} elseif ( 'phone' === $mode && $phone ) {
				$pattern = $anywhere;
			} elseif ( 'prefix' === $mode ) {
				$pattern = $start;
			}
			if ( null === $pattern ) {
				continue;
			}
			$field = array(
				'column'  => $column,
				'pattern' => $pattern,
			);
			if ( 'phone' === $mode ) {
				array_unshift( $fields, $field );
			} else {
				$fields[] = $field;
			}
		}
		return $fields;
	}

	/**
	 * A list parameter's distinct non-empty values.
	 *
	 * @param mixed $value One value or a list.
	 * @return string[]
	 */
	private static function list_values( $value ): array {
		$values = array_filter( (array) $value, 'is_scalar' );
		return array_values( array_unique( array_filter( array_map( 'strval', $values ), 'strlen' ) ) );
	}

	/**
	 * Leads with a booking awaiting payment (a paid event's checkout started, not finished) and
	 * no booking made after it that the booker finished (BOOKED_STATUSES, one placeholder each).
	 * Uses the bookings' (status, lead_id) and lead_id keys.
	 *
	 * @param bool $awaiting False: the other leads.
	 * @return string
	 */
	private static function awaiting_payment_clause( bool $awaiting ): string {
		$bookings = Schema::table( 'bookings' );
		$booked   = implode( ', ', array_fill( 0, count( self::BOOKED_STATUSES ), '%s' ) );
		return 'id ' . ( $awaiting ? 'IN' : 'NOT IN' ) . " ( SELECT ap.lead_id FROM $bookings AS ap WHERE ap.status = 'awaiting_payment' AND ap.lead_id IS NOT NULL"
			. " AND NOT EXISTS ( SELECT 1 FROM $bookings AS bk WHERE bk.lead_id = ap.lead_id AND bk.id > ap.id AND bk.status IN ( $booked ) ) )";
	}

	/**
	 * `column = %s` or `column IN (%s, %s…)`.
	 *
	 * @param string $column Column.
	 * @param int    $count  Number of values.
	 * @return string
	 */
	private static function in_clause( string $column, int $count ): string {
		return 1 === $count ? "$column = %s" : $column . ' IN (' . implode( ', ', array_fill( 0, $count, '%s' ) ) . ')';
	}

	/**
	 * An `after`/`before` value as a stored UTC time. A full ISO 8601 time is used as it is; a bare
	 * date (YYYY-MM-DD) is a day in the site's time zone: `after` from its start, `before` up to
	 * its end (so before=2026-01-31 includes the 31st).
	 *
	 * @param mixed $value  Parameter value.
	 * @param bool  $is_end Whether this is `before`.
	 * @return string|null
	 */
	public static function filter_time( $value, bool $is_end ): ?string {
		if ( ! is_string( $value ) || '' === trim( $value ) ) {
			return null;
		}
		$value = trim( $value );
		if ( preg_match( '/^\d{4}-\d{2}-\d{2}$/', $value ) ) {
			try {
				$day = new \DateTimeImmutable( $value . ' 00:00:00', wp_timezone() );
			} catch ( \Exception $e ) {
				return null;
			}
			if ( $is_end ) {
				$day = $day->modify( '+1 day' );
			}
			return $day->setTimezone( new \DateTimeZone( 'UTC' ) )->format( 'Y-m-d H:i:s' );
		}
		return Format::to_db_datetime( $value );
	}

	/**
	 * Validates `after`/`before`: an ISO 8601 time or a date.
	 *
	 * @param mixed $value Value.
	 * @return true|WP_Error
	 */
	public static function validate_time( $value ) {
		if ( ! is_string( $value ) || '' === $value || preg_match( '/^\d{4}-\d{2}-\d{2}$/', $value ) || false !== rest_parse_date( $value ) ) {
			return true;
		}
		return new WP_Error( 'rest_invalid_param', __( 'Use a date (YYYY-MM-DD) or an ISO 8601 time.', 'solar-capture' ), array( 'status' => 400 ) );
	}
}
