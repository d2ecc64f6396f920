<?php
/**
 * The bookings table, as PHP reads it (the sidecar writes it).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Repository;
use SolarCapture\Rest\Format;

defined( 'ABSPATH' ) || exit;

/**
 * A lead's bookings, one booking, and the bookings that name an e-mail address (privacy tools).
 */
class Booking_Repository extends Repository {

	/**
	 * Most bookings of other leads a privacy search returns.
	 */
	public const MAX_MENTIONS = 500;

	/**
	 * The kinds of meeting location the sidecar stores (sidecar/src/events.ts LocationType).
	 */
	public const LOCATION_TYPES = array( 'video', 'phone', 'in_person', 'other' );

	/**
	 * Most answers shown per booking (the sidecar keeps at most 60).
	 */
	public const MAX_ANSWERS = 100;

	/**
	 * One booking.
	 *
	 * @param int $id Booking id.
	 * @return array|null
	 */
	public function find( int $id ): ?array {
		return $this->row( "SELECT * FROM {$this->table( 'bookings' )} WHERE id = %d", array( $id ) );
	}

	/**
	 * A lead's bookings, latest start first.
	 *
	 * @param int $lead_id Lead id.
	 * @return array[]
	 */
	public function latest( int $lead_id ): array {
		return (array) $this->rows( "SELECT * FROM {$this->table( 'bookings' )} WHERE lead_id = %d ORDER BY start_at DESC, id DESC", array( $lead_id ) );
	}

	/**
	 * A lead's bookings in the order they were made.
	 *
	 * @param int $lead_id Lead id.
	 * @return array[]
	 */
	public function all_of( int $lead_id ): array {
		return (array) $this->rows( "SELECT * FROM {$this->table( 'bookings' )} WHERE lead_id = %d ORDER BY id", array( $lead_id ) );
	}

	/**
	 * Bookings of other leads made by $email or naming one of $texts among the guests.
	 *
	 * @param string   $email   E-mail address (compared lower-cased with the booker's).
	 * @param string[] $texts   Forms of the address to find among the guests.
	 * @param int      $lead_id The lead whose own bookings are left out (0: none).
	 * @return array[]
	 */
	public function mentioning( string $email, array $texts, int $lead_id ): array {
		$where = implode( ' OR ', array_merge( array( 'LOWER(attendee_email) = %s' ), array_fill( 0, count( $texts ), 'guests LIKE %s' ) ) );
		return (array) $this->rows(
			"SELECT * FROM {$this->table( 'bookings' )} WHERE ($where) AND (lead_id IS NULL OR lead_id <> %d) ORDER BY id LIMIT %d",
			array_merge( array( strtolower( $email ) ), $this->contains_any( $texts ), array( $lead_id, self::MAX_MENTIONS ) )
		);
	}

	/**
	 * Change columns of one booking.
	 *
	 * @param int   $id      Booking id.
	 * @param array $changes Columns and values.
	 * @return int Rows changed.
	 */
	public function update( int $id, array $changes ): int {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- plugin table.
		return (int) $this->db->update( $this->table( 'bookings' ), $changes, array( 'id' => $id ) );
	}

	/**
	 * One booking as the REST API shows it.
	 *
	 * @param array $row Booking row.
	 * @return array
	 */
	public function present( array $row ): array {
		$chain = static function ( $value ): ?string {
			return null === $value ? null : (string) $value;
		};
		return array(
			'id'                   => (int) $row['id'],
			'lead_id'              => Format::id_or_null( $row['lead_id'] ),
			'provider'             => Format::str( $row['provider'] ),
			'external_id'          => Format::str( $row['external_id'] ),
			'status'               => Format::str( $row['status'] ),
			'title'                => Format::str( $row['title'] ),
			'start_at'             => Format::datetime( $row['start_at'] ),
			'end_at'               => Format::datetime( $row['end_at'] ),
			'timezone'             => Format::str( $row['timezone'] ),
			'attendee_email'       => Format::str( $row['attendee_email'] ),
			'guests'               => Format::json( $row['guests'], array() ),
			'previous_external_id' => $chain( $row['previous_external_id'] ),
			'next_external_id'     => $chain( $row['next_external_id'] ),
			'cancel_reason'        => Format::str( $row['cancel_reason'] ),
			'booking_uid'          => $chain( $row['booking_uid'] ?? null ),
			'seat_id'              => $chain( $row['seat_id'] ?? null ),
			'seats'                => isset( $row['seats'] ) && is_numeric( $row['seats'] ) ? (int) $row['seats'] : null,
			'series_id'            => $chain( $row['series_id'] ?? null ),
			'location'             => Format::str( $row['location'] ?? null ),
			'location_type'        => self::one_of( $row['location_type'] ?? '', self::LOCATION_TYPES ),
			'answers'              => self::answers( $row['answers'] ?? null ),
			'cancelled_by'         => Format::str( $row['cancelled_by'] ?? null ),
			'cancelled_by_role'    => self::one_of( $row['cancelled_by_role'] ?? '', array( 'host', 'invitee' ) ),
			'cancel_scope'         => self::one_of( $row['cancel_scope'] ?? '', array( 'booking', 'series' ) ),
			'created_at'           => Format::datetime( $row['created_at'] ),
			'updated_at'           => Format::datetime( $row['updated_at'] ),
		);
	}

	/**
	 * A stored word if it is one of $allowed, else ''.
	 *
	 * @param mixed    $value   Stored value.
	 * @param string[] $allowed Known values.
	 * @return string
	 */
	private static function one_of( $value, array $allowed ): string {
		return is_string( $value ) && in_array( $value, $allowed, true ) ? $value : '';
	}

	/**
	 * The stored answers (JSON list of {key, label, value}) as a list of {label, value} texts.
	 * Anything that is not such a list, or an item without text, is left out.
	 *
	 * @param mixed $json Stored JSON text.
	 * @return array[] Each with 'label' and 'value' strings.
	 */
	public static function answers( $json ): array {
		$decoded = is_string( $json ) && '' !== $json ? json_decode( $json, true ) : null;
		if ( ! is_array( $decoded ) || array_values( $decoded ) !== $decoded ) {
			return array();
		}
		$answers = array();
		foreach ( array_slice( $decoded, 0, self::MAX_ANSWERS ) as $item ) {
			if ( ! is_array( $item ) ) {
				continue;
			}
			$value = $item['value'] ?? null;
			$label = $item['label'] ?? null;
			if ( ! is_scalar( $value ) || '' === trim( (string) $value ) ) {
				continue;
			}
			$label     = is_scalar( $label ) && '' !== trim( (string) $label ) ? (string) $label : ( is_scalar( $item['key'] ?? null ) ? (string) $item['key'] : '' );
			$answers[] = array(
				'label' => $label,
				'value' => is_bool( $value ) ? ( $value ? __( 'Yes', 'solar-capture' ) : __( 'No', 'solar-capture' ) ) : (string) $value,
			);
		}
		return $answers;
	}
}
