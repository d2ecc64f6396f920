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
			'created_at'           => Format::datetime( $row['created_at'] ),
			'updated_at'           => Format::datetime( $row['updated_at'] ),
		);
	}
}
